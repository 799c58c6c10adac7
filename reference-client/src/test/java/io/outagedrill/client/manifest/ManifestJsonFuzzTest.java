package io.outagedrill.client.manifest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.outagedrill.client.fuzz.ParserInvariants;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifest JSON parser on any bytes: a manifest that writes and re-reads to itself, or a
 * {@link ManifestRejectedException}; HTTPS-only parsing never accepts what plain-HTTP parsing refuses. Seeds:
 * {@code ManifestJsonFuzzTestInputs/} (docs/fuzzing.md).
 */
class ManifestJsonFuzzTest {

    @FuzzTest
    void parsesToAManifestThatRoundTripsOrRejects(byte[] input) {
        Optional<Manifest> strict = parse(input, ManifestJson.Options.STRICT);
        Optional<Manifest> plain = parse(input, ManifestJson.Options.ALLOW_PLAIN_HTTP);

        strict.ifPresent(manifest -> {
            assertThat(plain).as("the same input with plain HTTP allowed").contains(manifest);
            assertThat(manifest.target().mirrors()).as("mirrors accepted by strict parsing")
                    .allSatisfy(mirror -> assertThat(mirror.url().getScheme()).isEqualToIgnoringCase("https"));
        });
    }

    private static Optional<Manifest> parse(byte[] input, ManifestJson.Options options) {
        Optional<Manifest> parsed = ParserInvariants
                .outcome(ManifestRejectedException.class, () -> ManifestJson.parse(input, options)).result();
        parsed.ifPresent(manifest -> assertThat(ManifestJson.parse(ManifestJson.write(manifest), options))
                .as("the manifest written and read again (%s)", options).isEqualTo(manifest));
        return parsed;
    }
}
