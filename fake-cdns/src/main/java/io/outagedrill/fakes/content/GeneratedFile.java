package io.outagedrill.fakes.content;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A file of any size whose bytes are a pure function of (name, size, seed), computed on demand, so a
 * multi-GiB file can be served and hashed without memory growing with its size.
 *
 * <p>Generator: counter-based SplitMix64. The 8-byte word {@code w} of the file is
 * {@code mix64(key + (w + 1) * GOLDEN_GAMMA)} in little-endian order, where {@code key} mixes the name,
 * size and seed. That is the same stream as {@code new SplittableRandom(key).nextLong()} repeated, but any
 * offset is reachable in O(1): random access equals sequential reading by construction, and reads at any
 * offset cost the same. Different names, sizes or seeds give unrelated bytes, so a file swapped for another
 * "genuine" one (the wrong-software attack) differs everywhere, not just at the tail.
 *
 * <p>Equality is by (name, size, seed); {@link #lastModified()} is metadata and not part of identity.
 */
public final class GeneratedFile implements ServedFile {
    private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final String name;
    private final long size;
    private final long seed;
    private final Instant lastModified;
    private final long key;
    private final DigestCache digests = new DigestCache(this);

    @JsonCreator
    public GeneratedFile(@JsonProperty("name") String name, @JsonProperty("size") long size,
                         @JsonProperty("seed") long seed) {
        this(name, size, seed, BytesContent.DEFAULT_LAST_MODIFIED);
    }

    private GeneratedFile(String name, long size, long seed, Instant lastModified) {
        this.name = Objects.requireNonNull(name, "name");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        this.size = size;
        this.seed = seed;
        this.lastModified = Objects.requireNonNull(lastModified, "lastModified").truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS);
        this.key = mix64(mix64(seed) ^ fnv1a(name) ^ mix64(size + GOLDEN_GAMMA));
    }

    public static GeneratedFile of(String name, long size, long seed) {
        return new GeneratedFile(name, size, seed);
    }

    /** The same bytes with another {@code Last-Modified} (for If-Range by date tests). */
    public GeneratedFile withLastModified(Instant when) {
        return new GeneratedFile(name, size, seed, when);
    }

    @Override
    @JsonProperty
    public String name() {
        return name;
    }

    @Override
    @JsonProperty
    public long size() {
        return size;
    }

    @JsonProperty
    public long seed() {
        return seed;
    }

    @Override
    @JsonIgnore
    public String etag() {
        return "\"g-" + Long.toHexString(key) + "-" + Long.toHexString(size) + "\"";
    }

    @Override
    @JsonIgnore
    public Instant lastModified() {
        return lastModified;
    }

    @Override
    public void read(long offset, byte[] buf, int off, int len) {
        HostedContent.checkRead(this, offset, buf, off, len);
        int i = off;
        int end = off + len;
        long position = offset;
        // Leading partial word.
        while (i < end && (position & 7) != 0) {
            buf[i++] = byteAt(position++);
        }
        // Whole words: the hot loop.
        long word = position >>> 3;
        while (end - i >= 8) {
            // One little-endian store per word: the same bytes as eight shifts, a fraction of the work.
            LONG_LE.set(buf, i, mix64(key + (word + 1) * GOLDEN_GAMMA));
            i += 8;
            word++;
            position += 8;
        }
        while (i < end) {
            buf[i++] = byteAt(position++);
        }
    }

    private byte byteAt(long position) {
        long v = mix64(key + ((position >>> 3) + 1) * GOLDEN_GAMMA);
        return (byte) (v >>> (8 * (position & 7)));
    }

    @Override
    @JsonIgnore
    public String sha256() {
        return digests.sha256();
    }

    @Override
    public List<String> chunkHashes(long chunkSize) {
        return digests.chunkHashes(chunkSize);
    }

    /** SplitMix64's finalizer (Steele, Lea, Flood 2014), as in {@link java.util.SplittableRandom}. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneratedFile g && g.name.equals(name) && g.size == size && g.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, size, seed);
    }

    @Override
    public String toString() {
        return "GeneratedFile[" + name + ", " + size + " bytes, seed " + seed + "]";
    }
}
