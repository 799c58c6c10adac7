package io.outagedrill.fakes.testing;

import io.outagedrill.fakes.content.HostedContent;

/** Reading expected bytes straight from a content, for comparing with what came over the wire. */
public final class Bytes {
    private Bytes() {
    }

    public static byte[] of(HostedContent content, long offset, int length) {
        byte[] bytes = new byte[length];
        content.read(offset, bytes, 0, length);
        return bytes;
    }

    public static byte[] of(HostedContent content) {
        return of(content, 0, (int) content.size());
    }
}
