package io.outagedrill.control;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestSigner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.outagedrill.client.store.AtomicWrite;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Signs each manifest and replaces a file with the compact JWS, atomically (a temporary file renamed over it),
 * so a web server serving the file never serves half of one.
 */
public final class SignedFilePublisher implements ManifestPublisher {
    private final ManifestSigner signer;
    private final Path file;

    public SignedFilePublisher(ManifestSigner signer, Path file) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.file = file.toAbsolutePath();
    }

    @Override
    public void publish(Manifest manifest) throws IOException {
        AtomicWrite.replace(file, (signer.sign(manifest) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
