package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.content.ServedFile;
import io.outagedrill.fakes.tls.ServerCredentials;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * What one provider's real server must serve ({@link ExternalServers#startServer}).
 *
 * @param provider the provider's name
 * @param hostname its host name ({@code cloudflare.test})
 * @param kind     what it plays
 * @param backend  what the scenario asked to answer ({@link ProviderBackend#S3PROXY}: an S3 store)
 * @param address  the loopback address to listen on (any free port); the provider's link listens there too
 * @param files    each file by the path it is served at ({@code /video.mp4}, {@code /outage-drill/video.mp4}):
 *                 generated, or a publisher's own file on disk, served as it lies
 * @param tls      the certificate and key to serve HTTPS with (for the host name and the address); empty for
 *                 plain HTTP
 * @param origin   for an edge, its origin, reached through the origin's link; empty when it serves its own files
 */
public record ServerOrder(String provider, String hostname, ProviderKind kind, ProviderBackend backend,
                          InetAddress address, Map<String, ServedFile> files, Optional<ServerCredentials> tls,
                          Optional<Origin> origin) {
    public ServerOrder {
        files = Map.copyOf(files);
    }

    /**
     * An edge's origin: fills go to its {@code link} (the fault proxy's listener in front of the origin's server),
     * so the origin's network faults bite them as they would a client; over HTTPS its certificate names {@code
     * hostname} and the link's address.
     */
    public record Origin(String provider, String hostname, InetSocketAddress link) {
    }
}
