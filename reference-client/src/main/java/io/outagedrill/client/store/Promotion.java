package io.outagedrill.client.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * The end of a download, bounded: the verified part file forced to disk, checked to be still the file this download
 * wrote, renamed to its destination, and its folder forced, on a daemon thread of its own, while the download's
 * thread waits as long as the disk keeps taking data, and gives up once it has taken none for a limit
 * ({@link DiskSilence}: a slow disk forcing gigabytes is waited for, a dead one is not).
 *
 * <p>Why a thread: a forced write (fsync) returns when the disk has the bytes, and a disk that stopped answering (a
 * network file system whose server went away, a USB drive gone silent) never returns it; nothing in Java cuts it
 * short, and the download waited for ever without a word. Past the wait the download fails saying so, and the thread
 * stays blocked in the system call until the disk answers. It is a daemon, so the JVM does not wait for it; the
 * kernel may (a process ends only once each of its threads has left the kernel): on NFS the fsync's waits give way
 * to a kill, on a FUSE file system or a hung local disk the process lingers until the disk answers, its
 * failure already said and its exit code set.
 *
 * <p>What giving up leaves: before the rename has begun, the file is NOT moved, now or later (the thread, should the
 * force end, sees the promotion given up and renames nothing): a file whose bytes may not all be on disk is never
 * delivered, and the part file and its journal stay for the next run. Once the rename has begun, it cannot be
 * taken back: the file is at one of the two names, its bytes forced, and the failure says that.
 *
 * <p>An interrupt of the waiting thread (a cancelled download, Ctrl-C) gives up at once, as the forced write it
 * interrupted did when it ran on that thread (the channel closed itself), unless the rename has begun: that is waited
 * for, within the limit.
 */
final class Promotion {
    /** Where the thread is, in the order it goes; what the failure says depends on it. */
    private enum Step { FORCING, CHECKING, MOVING, FORCING_FOLDER, DONE }

    private final PartFile part;
    private final Path destination;
    private final long size;
    private Step step = Step.FORCING;
    private boolean givenUp;
    private IOException failure;

    private Promotion(PartFile part, Path destination, long size) {
        this.part = part;
        this.destination = destination;
        this.size = size;
    }

    /**
     * Promotes {@code part} to {@code destination}, {@code size} bytes long, waiting until {@code wait} has passed at
     * most (the disk silent for its limit); see the class comment.
     */
    static void run(PartFile part, Path destination, long size, DiskSilence wait) throws IOException {
        Promotion promotion = new Promotion(part, destination, size);
        // A platform thread, as the journal's saving thread: a virtual one blocked in fsync would hold its carrier.
        Thread.ofPlatform().daemon().name("promote-" + part.path().getFileName()).start(promotion::steps);
        promotion.await(wait);
    }

    private void steps() {
        try {
            try {
                part.whileBusy(() -> {
                    // The length too, here and not on the download's thread: on a hung disk (a FUSE or network file
                    // system) even the size is asked of the server, and it waits as a force does.
                    if (part.channel().size() > size) {
                        part.channel().truncate(size);
                    }
                    part.channel().force(true);
                    if (!advance(Step.CHECKING)) {
                        return;
                    }
                    if (!part.stillAtPath()) {
                        throw new IOException(("%s is no longer the file this download wrote and verified (it was "
                                + "removed or replaced while the download ran); not moving it to %s, and the file "
                                + "now at that name is left as it is").formatted(part.path(), destination));
                    }
                    if (!advance(Step.MOVING)) {
                        return;
                    }
                    Files.move(part.path(), destination, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                });
            } finally {
                part.close();
            }
            if (advance(Step.FORCING_FOLDER)) {
                Durability.forceDirectory(destination.toAbsolutePath().getParent());
                advance(Step.DONE);
            }
        } catch (IOException e) {
            failed(e);
        } catch (RuntimeException | Error e) {
            failed(new IOException("%s could not be moved to %s: %s".formatted(part.path(), destination, e), e));
        }
    }

    /**
     * Moves on to {@code next}, unless the wait was given up before the rename began (then nothing more is done);
     * true to go on.
     */
    private synchronized boolean advance(Step next) {
        if (givenUp && step.compareTo(Step.MOVING) < 0) {
            return false;
        }
        step = next;
        notifyAll();
        return true;
    }

    private synchronized void failed(IOException e) {
        failure = e;
        step = Step.DONE;
        notifyAll();
    }

    private synchronized void await(DiskSilence wait) throws IOException {
        boolean interrupted = false;
        try {
            while (step != Step.DONE && !wait.passed()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, wait.nanosToNextLook());
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (step.compareTo(Step.MOVING) < 0) {
                        givenUp = true;
                        throw new InterruptedIOException(("interrupted while %s was forced to disk before its rename; "
                                + "it was not moved to %s").formatted(part.path(), destination));
                    }
                }
            }
            if (step != Step.DONE) {
                givenUp = true;
                throw notDone(wait.why());
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The failure of a wait given up ({@code why}: the disk silent, in words), for the user (holding the lock). */
    private PartFile.NotPromoted notDone(String why) {
        return switch (step) {
            case FORCING, CHECKING -> new PartFile.NotPromoted(("the disk did not finish writing %s (%s; %s, so it may "
                    + "be hung): it was NOT moved to %s, so no file is delivered whose bytes may not all be on disk")
                    .formatted(part.path(), step == Step.FORCING ? "forcing it to disk, fsync"
                            : "looking it up in its folder", why, destination), false);
            case MOVING, FORCING_FOLDER, DONE -> new PartFile.NotPromoted(("the disk did not finish moving %s to %s "
                    + "(%s; %s, so it may be hung): the file, verified and forced to disk, is at one of the two names, "
                    + "and the next run finds it at either and checks it again").formatted(part.path(), destination,
                    step == Step.MOVING ? "the rename" : "forcing the folder to disk, fsync", why), true);
        };
    }
}
