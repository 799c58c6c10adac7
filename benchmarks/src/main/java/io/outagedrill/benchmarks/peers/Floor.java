package io.outagedrill.benchmarks.peers;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The least a verifying HTTPS download of the bench's file costs on this machine, from parts measured in the same
 * rounds as the clients, each by a program that does only that part in C:
 * <ul>
 *   <li>receiving and decrypting it: curl from one mirror into {@code /dev/null};</li>
 *   <li>writing it: dd into a new file in the same folder, flushed to disk (on a VM whose balloon reports freed
 *       pages to the host, a page cache page touched for the first time in a while costs several times a reused
 *       one: this row is how much, here and now);</li>
 *   <li>hashing it twice, once per chunk as it arrives and once as a whole before the rename: twice openssl dgst's
 *       user time;</li>
 *   <li>reading it back once for the whole-file hash: openssl dgst's system time.</li>
 * </ul>
 * A client that checks each chunk and the whole file and writes the file does at least this; a JVM's start, its
 * JIT and the copies between libraries come on top. The wall floor shares this and the mirrors' own CPU (they
 * encrypt on the same machine) over the cores, as if nothing ever waited.
 *
 * <p>The same sum with the receiving done in Java ({@link JvmReceiveFloor}: a fresh JVM with the client's flags,
 * Conscrypt's BoringSSL, no HTTP library) is the floor for a client written in Java, as this project's is: the JVM's
 * start and the TLS binding's own work are in it, the client's code is not.
 *
 * @param receiveSeconds    curl into /dev/null, user + system
 * @param writeSeconds      dd, user + system
 * @param hashSeconds       one SHA-256 pass (openssl dgst, user)
 * @param readBackSeconds   one read of the file from the page cache (openssl dgst, system)
 * @param mirrorsCpuSeconds what the mirrors spent serving the reference client (empty when not measured)
 * @param cores             the machine's cores
 * @param jvmReceiveSeconds the JVM receiving and decrypting the file, user + system (empty when not run)
 */
record Floor(double receiveSeconds, double writeSeconds, double hashSeconds, double readBackSeconds,
             OptionalDouble mirrorsCpuSeconds, int cores, OptionalDouble jvmReceiveSeconds) {
    static final String RECEIVE = "receive-floor";
    static final String JVM_RECEIVE = "jvm-receive-floor";
    static final String JVM_DOWNLOAD = "jvm-download-floor";
    static final String WRITE = "write-floor";
    static final String HASH = "openssl";

    /** The floor from a report's rows; empty unless the receive, write and openssl rows all ran. */
    static Optional<Floor> of(PeersReport report, int cores) {
        Optional<PeersReport.Row> receive = report.row(RECEIVE);
        Optional<PeersReport.Row> write = report.row(WRITE);
        Optional<PeersReport.Row> hash = report.row(HASH);
        if (receive.isEmpty() || write.isEmpty() || hash.isEmpty()) {
            return Optional.empty();
        }
        OptionalDouble mirrors = report.row(PeersReport.REFERENCE).map(PeersReport.Row::mirrorsCpuSeconds)
                .orElse(OptionalDouble.empty());
        OptionalDouble jvmReceive = report.row(JVM_RECEIVE).map(r -> OptionalDouble.of(r.cpuSeconds()))
                .orElse(OptionalDouble.empty());
        return Optional.of(new Floor(receive.get().cpuSeconds(), write.get().cpuSeconds(),
                hash.get().userSeconds(), hash.get().systemSeconds(), mirrors, cores, jvmReceive));
    }

    /** The client's least CPU: every part once, the hash twice. */
    double clientCpuSeconds() {
        return receiveSeconds + writeSeconds + 2 * hashSeconds + readBackSeconds;
    }

    /** The least wall time: the client's floor and the mirrors' CPU spread over every core. */
    OptionalDouble wallSeconds() {
        return wall(clientCpuSeconds());
    }

    /** The least CPU of a client written in Java: every part once, the receiving done by a JVM. */
    OptionalDouble jvmClientCpuSeconds() {
        return jvmReceiveSeconds.isPresent()
                ? OptionalDouble.of(clientCpuSeconds() - receiveSeconds + jvmReceiveSeconds.getAsDouble())
                : OptionalDouble.empty();
    }

    /** The least wall time of a client written in Java, as {@link #wallSeconds()} counts it. */
    OptionalDouble jvmWallSeconds() {
        return jvmClientCpuSeconds().isPresent() ? wall(jvmClientCpuSeconds().getAsDouble()) : OptionalDouble.empty();
    }

    private OptionalDouble wall(double clientCpuSeconds) {
        return mirrorsCpuSeconds.isPresent()
                ? OptionalDouble.of((clientCpuSeconds + mirrorsCpuSeconds.getAsDouble()) / cores)
                : OptionalDouble.empty();
    }
}
