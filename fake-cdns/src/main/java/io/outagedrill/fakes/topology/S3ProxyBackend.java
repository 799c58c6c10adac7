package io.outagedrill.fakes.topology;

import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.content.ServedFile;
import io.outagedrill.fakes.objectstore.S3ProxyProcess;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.net.InetAddress;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings up the server of a {@link ProviderBackend#S3PROXY} provider: an S3Proxy process on a loopback address of
 * its own, with the topology's files uploaded into {@link ContentPaths#BUCKET}, so each is at the same path-style
 * {@code /BUCKET/FILE} as on an in-process object store.
 */
final class S3ProxyBackend {
    private static final Logger LOG = LoggerFactory.getLogger(S3ProxyBackend.class);

    private S3ProxyBackend() {
    }

    /**
     * Starts the process on {@code address} (HTTPS with a certificate for {@code hostname} when {@code ca} is given) and uploads
     * every file, streamed from its generator or from disk: a file's size costs upload time, not memory. If an upload fails,
     * the process is stopped before the exception leaves.
     */
    static S3ProxyProcess start(String hostname, TestCertificateAuthority ca, Collection<? extends ServedFile> files,
                                InetAddress address) {
        long started = System.nanoTime();
        S3ProxyProcess.Builder builder = S3ProxyProcess.builder().address(LoopbackAddresses.bindableOr127(address));
        if (ca != null) {
            builder.https(ca, hostname);
        }
        S3ProxyProcess store = builder.start();
        try {
            store.createBucket(ContentPaths.BUCKET);
            for (ServedFile file : files) {
                store.put(ContentPaths.BUCKET, file.name(), file);
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        LOG.info("{}: S3Proxy up at {} with {} files in {} ms", hostname, store.endpoint(), files.size(),
                (System.nanoTime() - started) / 1_000_000);
        return store;
    }
}
