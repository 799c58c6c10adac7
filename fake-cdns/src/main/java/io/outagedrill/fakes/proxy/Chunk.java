package io.outagedrill.fakes.proxy;

/**
 * A piece of one direction's byte stream. {@code streamOffset} is where {@code data[offset]} sits in the stream
 * since the connection opened (the corrupt toxic's window counts from there), {@code readNanos} when the proxy
 * read it (latency is measured from then, so a busy stream's chunks wait in parallel, not one after another).
 * The bytes belong to the chunk: toxics may change them in place.
 */
record Chunk(byte[] data, int offset, int length, long streamOffset, long readNanos) {

    Chunk slice(int from, int to) {
        return new Chunk(data, offset + from, to - from, streamOffset + from, readNanos);
    }
}
