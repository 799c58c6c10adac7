package io.outagedrill.fakes.topology;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs a topology's start steps side by side, each on a platform thread of its own, as soon as the steps it needs
 * are done. In a fresh JVM a step is mostly class loading and code running for the first time (the JDK's EC and
 * TLS code, Jetty, Jackson, Nimbus), so steps that do not wait for each other overlap on two cores or more.
 *
 * <p>Not the common fork-join pool: on a two-core machine it has a single thread, and the steps would queue behind
 * each other. {@link #close()} waits for every step, failed or not, so that when a start fails nothing is still
 * starting while the parts already up are closed.
 */
final class StartSteps implements AutoCloseable {
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("topology-start-", 0).factory());

    /** {@code step}, at once. */
    <T> CompletableFuture<T> start(Supplier<T> step) {
        return CompletableFuture.supplyAsync(step, threads);
    }

    /** {@code step} once every one of {@code needs} is done; never, if one of them failed. */
    <T> CompletableFuture<T> after(List<? extends CompletableFuture<?>> needs, Supplier<T> step) {
        return CompletableFuture.allOf(needs.toArray(CompletableFuture[]::new)).thenApplyAsync(done -> step.get(),
                threads);
    }

    /** The step's result, or the step's own exception rather than the future's wrapper. */
    static <T> T join(CompletableFuture<T> step) {
        try {
            return step.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Waits until every step has ended. */
    @Override
    public void close() {
        threads.close();
    }
}
