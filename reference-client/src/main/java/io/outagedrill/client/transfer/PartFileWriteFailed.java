package io.outagedrill.client.transfer;

import java.io.IOException;

/**
 * Writing into the part file (or a hedge's scratch file beside it) failed (a full disk, a read-only or vanished
 * file system): the local machine's trouble, not a mirror's. Unchecked so that it passes through the body reader
 * and the attempt's handling of network failures, which would otherwise count it against the mirror being read and
 * retry it on every mirror in turn; the session ends the download at once on it ({@link Schedule#failLocally}).
 */
final class PartFileWriteFailed extends RuntimeException {
    PartFileWriteFailed(IOException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
