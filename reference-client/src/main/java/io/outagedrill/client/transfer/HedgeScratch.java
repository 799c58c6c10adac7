package io.outagedrill.client.transfer;

import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Where a hedge's copy of a chunk goes while it races the slow copy: a hidden file beside the part file
 * ({@code .NAME.hedge-N-*.tmp}), copied into the part file only if the hedge wins, so the two copies never write
 * the same range of the part file at once. Like the part file's, a failed write ends the download.
 */
final class HedgeScratch {
    private HedgeScratch() {
    }

    /** Creates the attempt's scratch file beside {@code part} and opens it for writing. */
    static FileChannel open(Attempt attempt, PartFile part, String fileName) {
        try {
            attempt.scratch = Files.createTempFile(part.path().toAbsolutePath().getParent(),
                    "." + fileName + ".hedge-" + attempt.chunk + "-", ".tmp");
            return FileChannel.open(attempt.scratch, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new PartFileWriteFailed(e);
        }
    }

    static void write(FileChannel scratch, ByteBuffer piece) {
        try {
            while (piece.hasRemaining()) {
                scratch.write(piece);
            }
        } catch (IOException e) {
            throw new PartFileWriteFailed(e);
        }
    }

    /** Copies the won chunk's {@code length} bytes into {@code part} at {@code start}, then deletes the scratch. */
    static void copyInto(Attempt attempt, PartFile part, long start, long length) {
        try (FileChannel scratch = FileChannel.open(attempt.scratch, StandardOpenOption.READ)) {
            long copied = 0;
            while (copied < length) {
                copied += scratch.transferTo(copied, length - copied, new PositionedChannel(part, start + copied));
            }
        } catch (IOException e) {
            throw new PartFileWriteFailed(e);
        }
        // The bytes are in place; a scratch file that will not go is litter, not the mirror's failure.
        AttemptFailures.deleteScratch(attempt);
    }
}
