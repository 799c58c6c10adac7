package io.outagedrill.benchmarks.fleet;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap of this JVM as a fleet runs in it: the most it ever used (garbage included, sampled), the most still
 * live after any collection, and explicit probes: a full collection, then what is live, which is what the fleet
 * holds at that moment. A probe stops the world for a moment; the bench takes three per run.
 */
final class HeapProbe implements AutoCloseable {
    private final AtomicLong peakLiveAfterGc = new AtomicLong();
    private final AtomicLong peakUsed = new AtomicLong();
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private final Thread sampler;

    HeapProbe() {
        NotificationListener listener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long live = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed)
                    .sum();
            peakLiveAfterGc.accumulateAndGet(live, Math::max);
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
        // Used heap between collections (garbage included): what -Xmx must hold at the worst moment.
        sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakUsed.accumulateAndGet(used(), Math::max);
                try {
                    Thread.sleep(100); // a sampling period, not a wait for an event
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** A full collection, then the heap still in use: what is live now. */
    static long liveNow() {
        System.gc();
        return used();
    }

    /**
     * The heap's classes by bytes live (a full collection first), as {@code jcmd PID GC.class_histogram} prints
     * them: what each client holds, read at the moment the figures are taken.
     */
    static String histogram(int lines) {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return String.join("\n", String.valueOf(text).lines().limit(lines).toList()) + "\n";
        } catch (javax.management.JMException e) {
            return "no histogram: " + e + "\n";
        }
    }

    static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    long peakLiveAfterGc() {
        return peakLiveAfterGc.get();
    }

    long peakUsed() {
        return Math.max(peakUsed.get(), used());
    }

    @Override
    public void close() {
        sampler.interrupt();
        unsubscribe.forEach(Runnable::run);
    }
}
