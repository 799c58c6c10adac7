package io.outagedrill.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 helpers shared by the manifest, transfer and store packages. Hex is always lowercase.
 *
 * <p>The digest is BoringSSL's (through Conscrypt) where its native library loads, else the JDK's. Both give the
 * same digest and both use the CPU's SHA instructions, but the JDK's reaches that speed only once C2 has compiled
 * it: until then it hashes block by block in interpreted and C1 code, which cost a short-lived CLI seconds per GiB.
 */
public final class Sha256 {
    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        MessageDigest nativeDigest = Conscrypts.sha256();
        if (nativeDigest != null) {
            return nativeDigest;
        }
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }

    /**
     * A buffer for bytes on their way to {@link #newDigest()} and to a file. Direct where the digest is BoringSSL's,
     * which hashes a direct buffer where it lies, and which a file channel writes and reads without the bounce copy
     * it makes for a heap buffer; BoringSSL copies a heap array into native memory first. A heap buffer for the
     * JDK's digest, which copies a direct buffer into a small array first. Either way one copy per byte is saved
     * against the other kind (async-profiler: about 0.2 core-seconds per GiB over two hashes and a write).
     */
    public static ByteBuffer newBuffer(int capacity) {
        return Conscrypts.available() ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    public static String hex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    public static String of(byte[] bytes) {
        return hex(newDigest().digest(bytes));
    }

    public static String of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return hex(digest.digest());
    }

    /** Hashes a whole file with a direct buffer (no copy into the heap for each read). */
    public static String ofFile(Path file) throws IOException {
        return ofFile(file, new java.nio.file.OpenOption[0]);
    }

    /** As {@link #ofFile(Path)}, opened with {@code options} too (the harness refuses to follow a link). */
    public static String ofFile(Path file, java.nio.file.OpenOption... options) throws IOException {
        MessageDigest digest = newDigest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        java.util.Set<java.nio.file.OpenOption> open = new java.util.HashSet<>(java.util.List.of(options));
        open.add(StandardOpenOption.READ);
        try (FileChannel channel = FileChannel.open(file, open)) {
            while (channel.read(buffer) > 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return hex(digest.digest());
    }
}
