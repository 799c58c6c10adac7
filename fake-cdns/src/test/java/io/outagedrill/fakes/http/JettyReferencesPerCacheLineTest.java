package io.outagedrill.fakes.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;

// Alone: it sets a JVM-wide system property the servers of other tests read.
@Isolated
class JettyReferencesPerCacheLineTest {
    private String before;

    @BeforeEach
    void clear() {
        before = System.clearProperty(JettyReferencesPerCacheLine.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(JettyReferencesPerCacheLine.PROPERTY);
        } else {
            System.setProperty(JettyReferencesPerCacheLine.PROPERTY, before);
        }
    }

    @Test
    void compressedReferencesOnA64ByteLineAreSixteenPerLine() {
        // The test JVM runs with a 256 MiB heap: references are compressed, 4 bytes each.
        JettyReferencesPerCacheLine.presetUnlessSet();
        assertThat(System.getProperty(JettyReferencesPerCacheLine.PROPERTY)).isEqualTo("16");
    }

    @Test
    void aValueAlreadySetIsLeftAlone() {
        System.setProperty(JettyReferencesPerCacheLine.PROPERTY, "5");
        JettyReferencesPerCacheLine.presetUnlessSet();
        assertThat(System.getProperty(JettyReferencesPerCacheLine.PROPERTY)).isEqualTo("5");
    }
}
