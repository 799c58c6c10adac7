package io.outagedrill.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which order a (re)started router restores: the publisher's, kept beside its output, or a new one it is given. */
class PreferredOrderTest {
    @TempDir
    Path dir;

    private static Mirror mirror(String provider, int priority) {
        return new Mirror(provider, URI.create("https://" + provider + ".test/movie.mp4"), priority, "", null);
    }

    private static Manifest version(long version, Mirror... mirrors) {
        return new Manifest(new Target("movie.mp4", 4, "a".repeat(64), "", 4, List.of("a".repeat(64)),
                List.of(mirrors)), Instant.parse("2099-01-01T00:00:00Z"), version, List.of());
    }

    @Test
    void theRoutersOwnVersionsGetThePublishersOrderBackAndANewerPublisherVersionReplacesIt() throws Exception {
        PreferredOrder kept = PreferredOrder.besideOutput(dir.resolve("movie.jws"));

        assertThat(kept.resolve(version(4, mirror("primary", 1), mirror("backup", 1))))
                .extracting(Mirror::provider, Mirror::priority).as("the first start: the input's own order")
                .containsExactly(tuple("primary", 1), tuple("backup", 1));
        kept.routed(5);
        kept.routed(6);

        for (long routed : new long[] {5, 6}) {
            assertThat(kept.resolve(version(routed, mirror("backup", 1), mirror("primary", 2))))
                    .extracting(Mirror::provider, Mirror::priority)
                    .as("restarted on version %d, one the router published with primary demoted", routed)
                    .containsExactly(tuple("primary", 1), tuple("backup", 1));
        }
        assertThat(kept.resolve(version(9, mirror("backup", 1), mirror("primary", 5))))
                .extracting(Mirror::provider, Mirror::priority).as("a newer version the publisher made: its wish")
                .containsExactly(tuple("backup", 1), tuple("primary", 5));
        assertThat(kept.file()).hasFileName("movie.jws.routing.json");
    }

    /** Where the record cannot be written, the failure says what it is and where, not a temporary file's name. */
    @Test
    void aRecordThatCannotBeWrittenSaysWhatAndWhere() {
        Path record = dir.resolve("gone").resolve("movie.jws.routing.json");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PreferredOrder.besideOutput(
                        dir.resolve("gone").resolve("movie.jws")).resolve(version(4, mirror("primary", 1))))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("cannot keep the publisher's order in " + record + ": no such file or folder");
    }

    @Test
    void otherMirrorsAreANewOrder() throws Exception {
        PreferredOrder kept = PreferredOrder.besideOutput(dir.resolve("movie.jws"));
        kept.resolve(version(4, mirror("primary", 1), mirror("backup", 1)));
        kept.routed(5);

        assertThat(kept.resolve(version(5, mirror("backup", 1), mirror("spare", 2))))
                .extracting(Mirror::provider).as("a mirror set the record does not hold")
                .containsExactly("backup", "spare");
    }
}
