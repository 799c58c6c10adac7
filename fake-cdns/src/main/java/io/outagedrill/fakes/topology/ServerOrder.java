package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.tls.ServerCredentials;
import java.net.InetAddress;
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
 * @param files    each file by the path it is served at ({@code /video.mp4}, {@code /outage-drill/video.mp4})
 * @param tls      the certificate and key to serve HTTPS with (for the host name and the address); empty for
 *                 plain HTTP
 * @param origin   for an edge, the origin's provider name; empty when it serves its own files
 */
public record ServerOrder(String provider, String hostname, ProviderKind kind, ProviderBackend backend,
                          InetAddress address, Map<String, GeneratedFile> files, Optional<ServerCredentials> tls,
                          Optional<String> origin) {
    public ServerOrder {
        files = Map.copyOf(files);
    }
}
