package io.outagedrill.client.transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link RangeMirror}s of one test, each closed after it whatever happened: a test registers one with
 * {@code @RegisterExtension final RangeMirrors mirrors = new RangeMirrors();} and opens its mirrors through it.
 * Closed after the test class's own {@code @AfterEach} methods, so a test can release held answers there first.
 */
final class RangeMirrors implements AfterEachCallback {
    private final List<RangeMirror> opened = new ArrayList<>();

    /** A mirror of {@code content} named {@code provider}, serving until the test ends. */
    synchronized RangeMirror open(String provider, byte[] content) throws IOException {
        RangeMirror mirror = new RangeMirror(provider, content);
        opened.add(mirror);
        return mirror;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws IOException {
        IOException failed = null;
        for (RangeMirror mirror : opened) {
            try {
                mirror.close();
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (failed != null) {
            throw failed;
        }
    }
}
