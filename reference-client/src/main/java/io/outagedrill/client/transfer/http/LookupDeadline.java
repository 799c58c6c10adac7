package io.outagedrill.client.transfer.http;

import io.outagedrill.client.Durations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Dns;

/**
 * Bounds each name lookup by the connect timeout. OkHttp starts its connect timeout after the lookup and gives the
 * lookup no limit of its own, so a resolver that answers slowly, or never, held an attempt (and with one connection
 * the whole download) until the deadline, and the next mirror was never tried. A lookup that takes longer fails as
 * a DNS failure, and its thread is interrupted. OkHttp and the JDK offer no lookup timeout, hence this; a resolver
 * that ignores interrupts (the JDK's system resolver does) keeps that one thread until the OS resolver gives up.
 */
public final class LookupDeadline implements Dns {
    private final Dns resolver;
    private final Duration limit;
    private final ThreadFactory threads;

    private LookupDeadline(Dns resolver, Duration limit, ThreadFactory threads) {
        this.resolver = resolver;
        this.limit = limit;
        this.threads = threads;
    }

    /** {@code resolver} with each lookup bounded by {@code limit} (zero: no limit), run on {@code threads}. */
    public static Dns wrap(Dns resolver, Duration limit, ThreadFactory threads) {
        return limit.isZero() ? resolver : new LookupDeadline(resolver, limit, threads);
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        CompletableFuture<List<InetAddress>> answer = new CompletableFuture<>();
        Thread lookup = threads.newThread(() -> {
            try {
                answer.complete(resolver.lookup(hostname));
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        if (lookup == null) {
            // A ThreadFactory may refuse (its contract allows null): the lookup then runs here, without its bound,
            // rather than fail the mirror for a thread this machine would not give.
            return resolver.lookup(hostname);
        }
        lookup.start();
        try {
            return answer.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.interrupt();
            throw new UnknownHostException(hostname + ": no answer within " + Durations.words(limit));
        } catch (InterruptedException e) {
            lookup.interrupt();
            Thread.currentThread().interrupt();
            throw new UnknownHostException(hostname + ": interrupted while waiting for the answer");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownHostException unknown) {
                throw unknown;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw (UnknownHostException) new UnknownHostException(hostname + ": " + cause).initCause(cause);
        }
    }
}
