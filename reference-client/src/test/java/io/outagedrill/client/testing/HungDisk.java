package io.outagedrill.client.testing;

import io.outagedrill.client.store.PartFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * A disk that stops answering forced writes (a network file system whose server went away, a USB drive gone
 * silent): each {@code force} of a part file opened through {@link #channels} that {@link #hangs} blocks until
 * {@link #answer} (or, as a guard, a minute). Closing such a channel waits, as the JDK's own file channel does,
 * until every force under way on it has returned: {@code FileChannelImpl} signals the threads blocked in it and
 * waits for them to leave, which a thread stuck in fsync never does. A test that closed the channel of a hung
 * force on the thread under test hangs here as it would on the real disk.
 */
public final class HungDisk implements AutoCloseable {
    /**
     * What hangs: the final forced write before the rename (metadata too), every forced write, or every write from
     * {@link #WRITES_FROM} bytes into the file on, and every forced write from the first such write on (a disk that
     * dies in the middle of a download).
     */
    public enum Hangs { FINAL_FORCE, EVERY_FORCE, WRITES }

    /** Where {@link Hangs#WRITES} begins: writes below it go through, so a download verifies some chunks first. */
    public static final long WRITES_FROM = 256 * 1024;

    private final Hangs hangs;
    private final CountDownLatch answers = new CountDownLatch(1);
    private final CountDownLatch firstHang = new CountDownLatch(1);
    private volatile Thread hungThread;
    private final java.util.List<Thread> hungThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    public HungDisk(Hangs hangs) {
        this.hangs = hangs;
    }

    /** Part file channels on this disk. */
    public PartFile.ChannelOpener channels() {
        return channelsAtHang(() -> { });
    }

    /** Part file channels on this disk that run {@code atHang} as a force begins to hang (an interrupt, say). */
    public PartFile.ChannelOpener channelsAtHang(Runnable atHang) {
        return path -> new HungChannel(PartFile.openOwnFile(path), atHang);
    }

    /** Waits (up to {@code seconds}) for a force to hang; returns the thread stuck in it, null if none did. */
    public Thread awaitHungThread(long seconds) throws InterruptedException {
        return firstHang.await(seconds, TimeUnit.SECONDS) ? hungThread : null;
    }

    /**
     * A slow disk, not a dead one: on a daemon thread, once a force hangs (within 30 s) and then {@code until} holds
     * (polled for up to 30 s), the disk answers. Join the thread returned to know it did.
     */
    public Thread answerOnceHungAnd(BooleanSupplier until) {
        return Thread.ofPlatform().daemon().name("hung-disk-answers").start(() -> {
            try {
                if (awaitHungThread(30) != null) {
                    // Not failed by another thread's uncaught exception (Awaitility's default): test classes run
                    // two at a time in this JVM, and the disk would then never answer.
                    Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30))
                            .until(until::getAsBoolean);
                    answer();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Every thread that has hung in this disk so far (a write, the journal's forced write, the final one), in the
     * order they hung: {@link #awaitHungThread} gives only the last.
     */
    public java.util.List<Thread> hungThreads() {
        return java.util.List.copyOf(hungThreads);
    }

    /** The disk answers again: every hung force goes on, and none hangs from now on. */
    public void answer() {
        answers.countDown();
    }

    @Override
    public void close() {
        answer();
    }

    @FunctionalInterface
    private interface DiskCall<T> {
        T run() throws IOException, InterruptedException;
    }

    private final class HungChannel extends ForwardingFileChannel {
        private final Object lock = new Object();
        private final Runnable atHang;
        private int forcing; // forces under way, which a close waits for

        HungChannel(FileChannel delegate, Runnable atHang) {
            super(delegate);
            this.atHang = atHang;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            inTheDisk(() -> {
                if (metaData || hangs == Hangs.EVERY_FORCE || (hangs == Hangs.WRITES && firstHang.getCount() == 0)) {
                    hang();
                }
                super.force(metaData);
                return null;
            });
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (hangs != Hangs.WRITES || position < WRITES_FROM) {
                return super.write(src, position);
            }
            return inTheDisk(() -> {
                hang();
                return super.write(src, position);
            });
        }

        /** Runs {@code call} as an operation under way in the disk, which a close waits for (see the class comment). */
        private <T> T inTheDisk(DiskCall<T> call) throws IOException {
            synchronized (lock) {
                forcing++;
            }
            try {
                return call.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the disk hung");
            } finally {
                synchronized (lock) {
                    forcing--;
                    lock.notifyAll();
                }
            }
        }

        /** Blocks until the disk answers (a minute at most, as a guard), once the disk is hung. */
        private void hang() throws InterruptedException, IOException {
            if (answers.getCount() > 0) {
                hungThread = Thread.currentThread();
                hungThreads.add(hungThread);
                firstHang.countDown();
                atHang.run();
                if (!answers.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("the test never let the hung disk answer");
                }
            }
        }

        @Override
        protected void implCloseChannel() throws IOException {
            boolean interrupted = false;
            synchronized (lock) {
                while (forcing > 0) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // as the JDK's: the wait goes on, and the interrupt is kept
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            super.implCloseChannel();
        }
    }
}
