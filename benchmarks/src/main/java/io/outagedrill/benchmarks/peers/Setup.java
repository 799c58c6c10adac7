package io.outagedrill.benchmarks.peers;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything the contenders need, made once per bench: the served file, its mirrors' URLs, the signed manifests
 * (one with HTTPS mirrors, one with plain-HTTP ones), the CA certificate and the manifest key set.
 *
 * @param file          the generated file and its hashes
 * @param httpsUrls     the file on each mirror over HTTPS
 * @param httpUrls      the same over plain HTTP
 * @param httpsManifest signed manifest listing {@code httpsUrls}
 * @param httpManifest  signed manifest listing {@code httpUrls}
 * @param caPem         the test CA that issued the mirrors' certificates
 * @param trustJwks     the public key the manifests are signed with
 * @param drill         the {@code drill} launcher script
 * @param baseline      another build's launcher, timed beside it ({@code @baseline} contenders)
 * @param dir           the bench's work folder (emptied when the bench starts)
 */
record Setup(BenchFile file, List<URI> httpsUrls, List<URI> httpUrls, Path httpsManifest, Path httpManifest,
             Path caPem, Path trustJwks, Path drill, Optional<Path> baseline, Path dir) {
    Setup {
        httpsUrls = List.copyOf(httpsUrls);
        httpUrls = List.copyOf(httpUrls);
    }

    String fileName() {
        return file.path().getFileName().toString();
    }

    /** The file's chunk hashes, one lowercase hex SHA-256 per line, in order (the JVM download floor reads them). */
    Path chunkHashes() {
        return dir.resolve("chunk-hashes.txt");
    }
}
