package io.outagedrill.harness.sut;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One download the harness asks a system under test to perform. It carries both what a manifest-aware client
 * needs (the manifest replicas and the trusted keys) and what a plain downloader needs (the mirror URLs, the
 * size and the SHA-256), so any downloader can be driven: the adapter takes what its tool understands.
 *
 * @param id             unique within a run, e.g. {@code client-017}
 * @param manifestUrls   the signed manifest's replicas, in order
 * @param trustStore     the JWK set the manifest is signed with
 * @param caCertificate  PEM of the test CA the fake CDNs' certificates come from; trust nothing else
 * @param resolve        host name to loopback address, for tools that take {@code --resolve}
 * @param mirrorUrls     the file's mirror URLs by host name, in the manifest's order
 * @param literalMirrorUrls the same URLs with the host replaced by its address, for tools that cannot be told
 *                       how to resolve a name (aria2c); the certificates carry those addresses too
 * @param outputDir      where the file must land, under {@code fileName}
 * @param fileName       the manifest's file name
 * @param size           the signed size
 * @param sha256         the signed whole-file SHA-256 (lowercase hex)
 * @param policy         the failover policy for clients that have policies (the reference client)
 * @param options        extra adapter options from the scenario (a profile name, flags)
 * @param timeout        the download is killed after this long
 * @param resolver       the run's live resolver (DNS faults act through it) for in-process clients; null to
 *                       use {@code resolve} as a fixed table
 * @param plainHttp      whether the world serves anything over plain HTTP (a scenario with {@code https: false} on
 *                       some provider): a client that refuses plain-HTTP mirrors and manifests by default (the
 *                       reference client) is told to allow them then, and only then
 * @param sourceAddress  the loopback address this client connects from (its own, so that faults scoped per client
 *                       tell it from the others: {@code drill get --bind-address}, curl's and aria2c's
 *                       {@code --interface}); empty for the system's choice
 */
public record DownloadJob(String id, List<URI> manifestUrls, Path trustStore, Path caCertificate,
                          Map<String, InetAddress> resolve, List<URI> mirrorUrls, List<URI> literalMirrorUrls,
                          Path outputDir, String fileName, long size, String sha256, String policy,
                          Map<String, String> options, Duration timeout, Resolver resolver, boolean plainHttp,
                          Optional<InetAddress> sourceAddress) {
    public DownloadJob {
        Objects.requireNonNull(id, "id");
        manifestUrls = List.copyOf(manifestUrls);
        resolve = Map.copyOf(resolve);
        mirrorUrls = List.copyOf(mirrorUrls);
        literalMirrorUrls = List.copyOf(literalMirrorUrls);
        options = Map.copyOf(options);
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
    }

    /** A job whose client connects from the address the system chooses. */
    public DownloadJob(String id, List<URI> manifestUrls, Path trustStore, Path caCertificate,
                       Map<String, InetAddress> resolve, List<URI> mirrorUrls, List<URI> literalMirrorUrls,
                       Path outputDir, String fileName, long size, String sha256, String policy,
                       Map<String, String> options, Duration timeout, Resolver resolver, boolean plainHttp) {
        this(id, manifestUrls, trustStore, caCertificate, resolve, mirrorUrls, literalMirrorUrls, outputDir, fileName,
                size, sha256, policy, options, timeout, resolver, plainHttp, Optional.empty());
    }

    /** Name resolution that can fail the way DNS does (an UnknownHostException saying why). */
    @FunctionalInterface
    public interface Resolver {
        List<java.net.InetAddress> lookup(String host) throws java.net.UnknownHostException;

        /**
         * A name server on loopback that answers as {@link #lookup} does, for a downloader in another process that
         * can be pointed at one ({@code drill get --dns-server}); empty when there is none.
         */
        default java.util.Optional<java.net.InetSocketAddress> nameServer() {
            return java.util.Optional.empty();
        }

        /**
         * The same name server over HTTPS (DNS over HTTPS, RFC 8484; its certificate from {@link #caCertificate()}),
         * for a downloader that takes a DoH URL but no name server on another port than 53 ({@code curl
         * --doh-url}); empty when there is none.
         */
        default java.util.Optional<URI> dohUrl() {
            return java.util.Optional.empty();
        }

        /**
         * The same name server on port 53 of a loopback address of its own, for a downloader that takes a name
         * server's address but not its port (aria2c's {@code --async-dns-server}); empty when there is none. Binding
         * port 53 needs privileges: ask only where {@link Port53#bindable()}.
         */
        default java.util.Optional<InetAddress> nameServerOnPort53() {
            return java.util.Optional.empty();
        }
    }

    public Path destination() {
        return outputDir.resolve(fileName);
    }
}
