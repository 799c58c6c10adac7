package io.outagedrill.client.manifest;

import io.outagedrill.client.manifest.ManifestRejectedException.Reason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static io.outagedrill.client.manifest.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MetalinkReaderTest {

    private final MetalinkReader reader = new MetalinkReader(ManifestJson.Options.STRICT);

    private static String sample() throws IOException {
        try (InputStream in = MetalinkReaderTest.class.getResourceAsStream("sample.meta4")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private VerifiedManifest read(String xml) {
        return reader.read(xml.getBytes(StandardCharsets.UTF_8), "sample.meta4");
    }

    @Test
    void readsTheSampleAsAnUnsignedManifest() throws IOException {
        VerifiedManifest result = read(sample());

        assertThat(result.signed()).isFalse();
        assertThat(result.keyId()).isEmpty();
        assertThat(result.digest()).isEqualTo(ManifestRules.sha256Hex(sample().getBytes(StandardCharsets.UTF_8)));
        Manifest manifest = result.manifest();
        assertThat(manifest.version()).isZero();
        assertThat(manifest.expires()).isEqualTo(MetalinkReader.NEVER_EXPIRES);
        Target target = manifest.target();
        assertThat(target.file()).isEqualTo("example.ext");
        assertThat(target.size()).isEqualTo(14471447);
        assertThat(target.sha256()).as("sha-256 chosen over sha-1, lowercased")
                .isEqualTo("f0ad929cd259957e160ea442eb80986b5f01a8d5d74b9d7d7e18e1a7ef3a6f8c");
        assertThat(target.chunkSize()).isEqualTo(4194304);
        assertThat(target.chunks()).hasSize(4).first().isEqualTo("1".repeat(64));
        assertThat(target.mirrors())
                .as("ftp skipped, absent priority is the lowest, location becomes region")
                .extracting(Mirror::provider, Mirror::url, Mirror::priority, Mirror::region, Mirror::group)
                .containsExactly(
                        tuple("cloudflare.test", URI.create("https://cloudflare.test/example.ext"), 1, "de",
                                "cloudflare.test"),
                        tuple("fastly.test", URI.create("https://fastly.test/example.ext"), 2, "us", "fastly.test"),
                        tuple("bunny.test", URI.create("https://bunny.test/example.ext"), 999_999, "", "bunny.test"));
    }

    @Test
    void rejectsMissingSha256() throws IOException {
        String xml = sample().replace("type=\"sha-256\">F0AD", "type=\"md5\">F0AD");

        assertRejected(() -> read(xml), Reason.MALFORMED, "expected a <hash type=\"sha-256\">", "[sha-1, md5]");
    }

    @Test
    void rejectsMissingPieces() throws IOException {
        String xml = sample().replaceAll("(?s)<pieces.*</pieces>", "");

        assertRejected(() -> read(xml), Reason.MALFORMED, "expected <pieces type=\"sha-256\"", "saw pieces of types []");
    }

    @Test
    void rejectsPieceCountThatDoesNotCoverTheFile() throws IOException {
        String xml = sample().replace("<size>14471447</size>", "<size>99999999</size>");

        assertRejected(() -> read(xml), Reason.INCONSISTENT, "needs 24 chunk hashes, saw 4");
    }

    @Test
    void rejectsPathsInFileName() throws IOException {
        String xml = sample().replace("name=\"example.ext\"", "name=\"../../example.ext\"");

        assertRejected(() -> read(xml), Reason.BAD_FILE_NAME, "metalink <file name>");
    }

    @Test
    void rejectsPlainHttpUnlessAllowed() throws IOException {
        String xml = sample().replace("https://fastly.test", "http://fastly.test");

        assertRejected(() -> read(xml), Reason.INSECURE_MIRROR, "saw a http URL");
        assertThat(new MetalinkReader(ManifestJson.Options.ALLOW_PLAIN_HTTP)
                .read(xml.getBytes(StandardCharsets.UTF_8), "x").manifest().target().mirrors()).hasSize(3);
    }

    @Test
    void refusesDoctypesSoNoExternalEntityIsEverResolved() throws IOException {
        String xxe = sample().replace("<metalink ", """
                <!DOCTYPE metalink [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <metalink """).replace("<identity>Example</identity>", "<identity>&xxe;</identity>");

        assertRejected(() -> read(xxe), Reason.MALFORMED, "DOCTYPE");
    }

    @Test
    void rejectsWrongRootAndMultipleFiles() throws IOException {
        assertRejected(() -> read("<metalink/>"), Reason.MALFORMED, "saw <metalink> in no namespace");
        String two = sample().replaceAll("(?s)(<file.*</file>)", "$1$1");
        assertRejected(() -> read(two), Reason.MALFORMED, "expected exactly one <file>, saw 2");
        assertRejected(() -> read("<metalink"), Reason.MALFORMED, "not well-formed XML at line 1");
    }
}
