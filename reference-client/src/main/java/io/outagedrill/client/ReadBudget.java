package io.outagedrill.client;

import java.net.ProtocolException;

/**
 * How many bytes a thread may still read from its sockets ({@link BudgetedSockets}) before the response it is
 * reading gives it something: a response head or a piece of the body. Armed by the code that sends a request and
 * reads its answer on that thread, refilled with every piece of the body it gets; a thread never armed reads
 * without a limit.
 *
 * <p>Why: OkHttp reads an HTTP/1.1 chunk-size line, and the chunk extension after it, with no length limit
 * (Okio's {@code readUtf8LineStrict()}), holding every byte in memory until the line ends. A mirror that sends
 * {@code 10000;aaaa...} with no line end filled 266 MB of heap in 0.6 s on loopback, before any stall limit could
 * tell (bytes were flowing), and one sending endless {@code 0} digits made closing the response rescan its buffer
 * for a minute. No OkHttp setting bounds that line, so the bytes are counted where they come in, beneath TLS: a
 * read that takes a thread past its budget fails with {@link Exceeded}, an {@link java.io.IOException} that the
 * caller turns into that mirror's failure, and the buffer stays bounded by the budget. Written by hand: no
 * library offers a cap on framing bytes for OkHttp.
 *
 * <p>Per thread, because OkHttp reads an HTTP/1.1 connection on the thread that called it (a synchronous call),
 * and the same connection serves requests on several threads in turn.
 */
public final class ReadBudget {
    /**
     * What a response may send beyond what it delivers: OkHttp's own header limit (256 KiB), TLS records and a
     * piece of the body already read ahead, with room to spare; well above honest chunked framing, which costs
     * a few bytes per chunk.
     */
    public static final long FRAMING_LIMIT = 1L << 20;

    private static final ThreadLocal<ReadBudget> CURRENT = new ThreadLocal<>();

    private final long refill;
    private long left;

    private ReadBudget(long refill) {
        this.refill = refill;
        this.left = refill;
    }

    /** Arms this thread with {@link #FRAMING_LIMIT}, for a request about to be sent; returns its budget. */
    public static ReadBudget arm() {
        return arm(FRAMING_LIMIT);
    }

    /** Arms this thread with {@code bytes} (for a whole bounded answer, read without refills). */
    public static ReadBudget arm(long bytes) {
        ReadBudget budget = new ReadBudget(bytes);
        CURRENT.set(budget);
        return budget;
    }

    /** Reads on this thread are no longer counted. */
    public static void disarm() {
        CURRENT.remove();
    }

    /** The response delivered something: its next bytes start a new allowance. Only from the armed thread. */
    public void refill() {
        left = refill;
    }

    /** Bytes read on this budget since it was armed or last refilled (a TLS handshake's included). */
    public long spent() {
        return refill - left;
    }

    /** Counts {@code n} bytes just read from a socket on this thread; throws once they pass its budget. */
    static void spend(int n) throws Exceeded {
        ReadBudget budget = CURRENT.get();
        if (budget != null && (budget.left -= n) < 0) {
            throw new Exceeded(budget.refill);
        }
    }

    /**
     * A response sent more than the budget without delivering anything: framing that does not end (a chunk-size
     * line, its extension, or trailers after the last chunk). A {@link ProtocolException}: the mirror's doing, never a connection found closed.
     */
    public static final class Exceeded extends ProtocolException {
        Exceeded(long budget) {
            super(("sent more than %d bytes of framing without a byte of the body (a chunk-size line, chunk "
                    + "extension or trailer that does not end); reading stopped").formatted(budget));
        }
    }
}
