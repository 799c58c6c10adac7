package io.outagedrill.client.transfer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What one download counts while it runs, for progress, events and its result; updated by every slot. */
final class TransferCounters {
    /** Every byte read off the wire, kept or not. */
    final AtomicLong received = new AtomicLong();
    /** Bytes read and then thrown away: corrupt chunks, lost hedge races, skipped parts of whole-file streams. */
    final AtomicLong wasted = new AtomicLong();
    /** Times a chunk went to another mirror than the one before it, as the switch events say. */
    final AtomicInteger switches = new AtomicInteger();
    /** Attempts started, numbering them for events. */
    final AtomicInteger attempts = new AtomicInteger();
}
