package io.outagedrill.client.manifest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.outagedrill.client.fuzz.ParserInvariants;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Metalink reader on any bytes: an unsigned manifest that keeps the signed format's rules (one plain file
 * name, one chunk hash per chunk, at least one mirror, HTTPS unless plain HTTP is allowed), or a
 * {@link ManifestRejectedException}; never an XML parser's own exception, never an entity expansion. Seeds:
 * {@code MetalinkReaderFuzzTestInputs/} (docs/fuzzing.md).
 */
class MetalinkReaderFuzzTest {

    @FuzzTest
    void readsAnUnsignedManifestOrRejects(byte[] input) {
        Optional<VerifiedManifest> strict = read(input, ManifestJson.Options.STRICT);
        Optional<VerifiedManifest> plain = read(input, ManifestJson.Options.ALLOW_PLAIN_HTTP);

        strict.ifPresent(read -> {
            assertThat(plain).as("the same input with plain HTTP allowed").contains(read);
            assertThat(read.manifest().target().mirrors()).as("mirrors accepted by strict reading")
                    .allSatisfy(mirror -> assertThat(mirror.url().getScheme()).isEqualToIgnoringCase("https"));
        });
    }

    private static Optional<VerifiedManifest> read(byte[] input, ManifestJson.Options options) {
        Optional<VerifiedManifest> read = ParserInvariants.outcome(ManifestRejectedException.class,
                () -> new MetalinkReader(options).read(input, "fuzz.meta4")).result();
        read.ifPresent(result -> {
            Target target = result.manifest().target();
            assertThat(result.signed()).as("signed flag of a Metalink").isFalse();
            assertThat(result.keyId()).as("key id of a Metalink").isEmpty();
            assertThat(result.manifest().version()).as("version of a Metalink").isZero();
            assertThat(result.manifest().expires()).isEqualTo(MetalinkReader.NEVER_EXPIRES);
            assertThat(target.mirrors()).as("mirrors of a Metalink").isNotEmpty()
                    .allSatisfy(mirror -> assertThat(mirror.priority()).isBetween(1, MetalinkReader.LOWEST_PRIORITY));
            long chunks = target.size() == 0 ? 0 : (target.size() - 1) / target.chunkSize() + 1;
            assertThat(target.chunks()).as("chunk hashes for %d bytes in %d-byte chunks", target.size(),
                    target.chunkSize()).hasSize((int) chunks);
            // The same rules as a signed manifest: the JSON form of what was read must parse to itself.
            assertThat(ManifestJson.parse(ManifestJson.write(result.manifest()), options))
                    .as("the Metalink's manifest written as JSON and read again").isEqualTo(result.manifest());
        });
        return read;
    }
}
