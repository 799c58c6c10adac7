package io.outagedrill.fakes.proxy;

import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * What every proxy shares inside one server: where its threads come from, the timer for timeout toxics, and
 * the seeded random source that every per-connection random source is drawn from (so a run can be replayed).
 */
record ProxyRuntime(ThreadFactory threads, ScheduledExecutorService timers, Random seeds) {
    Random newRandom() {
        synchronized (seeds) {
            return new Random(seeds.nextLong());
        }
    }
}
