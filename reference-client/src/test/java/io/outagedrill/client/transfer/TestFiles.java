package io.outagedrill.client.transfer;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.manifest.Alternate;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.VerifiedManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic test content and the verified manifests that describe it. */
final class TestFiles {
    private TestFiles() {
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    static Target target(String file, byte[] content, int chunkSize, List<Mirror> mirrors) {
        List<String> chunks = new ArrayList<>();
        for (int offset = 0; offset < content.length; offset += chunkSize) {
            chunks.add(Sha256.of(Arrays.copyOfRange(content, offset, Math.min(content.length, offset + chunkSize))));
        }
        return new Target(file, content.length, Sha256.of(content), "application/octet-stream", chunkSize, chunks,
                mirrors);
    }

    static VerifiedManifest verified(Target target, long version, Alternate... alternates) {
        Manifest manifest = new Manifest(target, Instant.parse("2099-01-01T00:00:00Z"), version,
                List.of(alternates));
        return new VerifiedManifest(manifest, Sha256.of((target.sha256() + version).getBytes()), "test-key", true,
                "test");
    }
}
