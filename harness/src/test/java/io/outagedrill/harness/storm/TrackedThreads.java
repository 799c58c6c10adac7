package io.outagedrill.harness.storm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/** The client's thread factory, keeping every thread it made so a test can check that none outlives the download. */
final class TrackedThreads implements ThreadFactory {
    private final List<Thread> made = new CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = Thread.ofPlatform().name("storm-client-", made.size()).daemon(true).unstarted(task);
        made.add(thread);
        return thread;
    }

    List<String> alive() {
        return made.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    int made() {
        return made.size();
    }
}
