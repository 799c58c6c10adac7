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
 * @param receiveSeconds    curl into /dev/null, user + system
 * @param writeSeconds      dd, user + system
 * @param hashSeconds       one SHA-256 pass (openssl dgst, user)
 * @param readBackSeconds   one read of the file from the page cache (openssl dgst, system)
 * @param mirrorsCpuSeconds what the mirrors spent serving the reference client (empty when not measured)
 * @param cores             the machine's cores
 */
record Floor(double receiveSeconds, double writeSeconds, double hashSeconds, double readBackSeconds,
             OptionalDouble mirrorsCpuSeconds, int cores) {
    static final String RECEIVE = "receive-floor";
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
        return Optional.of(new Floor(receive.get().cpuSeconds(), write.get().cpuSeconds(),
                hash.get().userSeconds(), hash.get().systemSeconds(), mirrors, cores));
    }

    /** The client's least CPU: every part once, the hash twice. */
    double clientCpuSeconds() {
        return receiveSeconds + writeSeconds + 2 * hashSeconds + readBackSeconds;
    }

    /** The least wall time: the client's floor and the mirrors' CPU spread over every core. */
    OptionalDouble wallSeconds() {
        return mirrorsCpuSeconds.isPresent()
                ? OptionalDouble.of((clientCpuSeconds() + mirrorsCpuSeconds.getAsDouble()) / cores)
                : OptionalDouble.empty();
    }
}
