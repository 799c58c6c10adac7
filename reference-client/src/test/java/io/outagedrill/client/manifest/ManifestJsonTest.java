package io.outagedrill.client.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import io.outagedrill.client.manifest.ManifestRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;

import static io.outagedrill.client.manifest.ManifestFixtures.json;
import static io.outagedrill.client.manifest.ManifestFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestJsonTest {

    @Test
    void writeThenParseGivesTheSameManifest() {
        Manifest manifest = ManifestFixtures.manifest();

        assertThat(ManifestJson.parse(ManifestJson.write(manifest))).isEqualTo(manifest);
    }

    @Test
    void parsesTheDocumentedExampleWithDefaults() {
        String doc = """
                {"file":"video.mp4","size":5,"sha256":"%s","mimeType":"video/mp4","expires":"2026-12-01T00:00:00Z",
                 "version":3,"chunkSize":4194304,"chunks":["%s"],
                 "mirrors":[{"provider":"cloudflare","url":"https://cloudflare.test/v/video.mp4"}]}
                """.formatted("A".repeat(64), "B".repeat(64));

        Manifest manifest = ManifestJson.parse(utf8(doc));

        assertThat(manifest.target().sha256()).as("hex is normalised to lowercase").isEqualTo("a".repeat(64));
        assertThat(manifest.target().chunks()).containsExactly("b".repeat(64));
        Mirror mirror = manifest.target().mirrors().getFirst();
        assertThat(mirror.priority()).as("priority default").isEqualTo(1);
        assertThat(mirror.group()).as("group defaults to provider").isEqualTo("cloudflare");
        assertThat(mirror.url()).isEqualTo(URI.create("https://cloudflare.test/v/video.mp4"));
        assertThat(manifest.version()).isEqualTo(3);
        assertThat(manifest.alternates()).isEmpty();
    }

    /** A routing controller's mark survives writing and parsing; absent, a manifest is in its publisher's order. */
    @Test
    void routedIsWrittenOnlyWhenSetAndReadBack() {
        Manifest routed = ManifestFixtures.manifest().asRouted();

        assertThat(ManifestJson.parse(ManifestJson.write(routed)).routed()).isTrue();
        assertThat(new String(ManifestJson.write(ManifestFixtures.manifest()), java.nio.charset.StandardCharsets.UTF_8))
                .as("a publisher's manifest says nothing of routing").doesNotContain("routed");
        assertThat(ManifestJson.parse(ManifestJson.write(ManifestFixtures.manifest())).routed()).isFalse();
        assertThat(routed.withExpires(Instant.parse("2030-01-01T00:00:00Z")).routed())
                .as("a renewed routed manifest stays routed").isTrue();
    }

    @Test
    void rejectsARoutedMarkThatIsNotABoolean() {
        assertRejected(json(root -> root.put("routed", "yes")), Reason.MALFORMED,
                "routed: expected true or false, saw the string \"yes\"");
    }

    @Test
    void ignoresUnknownFieldsForForwardCompatibility() {
        byte[] doc = json(root -> {
            root.put("futureField", "x");
            ((ObjectNode) root.withArray("mirrors").get(0)).put("weight", 7);
        });

        assertThat(ManifestJson.parse(doc)).isEqualTo(ManifestFixtures.manifest());
    }

    @Test
    void zeroSizeFileHasZeroChunks() {
        Manifest manifest = ManifestJson.parse(json(root -> {
            root.put("size", 0);
            root.putArray("chunks");
        }));

        assertThat(manifest.target().chunkCount()).isZero();
    }

    @Test
    void rejectsDuplicateKeyNamingKeyAndLocation() {
        String doc = "{\"file\":\"a.mp4\",\n\"file\":\"../../etc/passwd\"}";

        assertRejected(utf8(doc), Reason.DUPLICATE_KEY, "'file'", "line 2");
    }

    @Test
    void rejectsDuplicateKeyInsideAMirror() {
        String doc = new String(ManifestJson.write(ManifestFixtures.manifest()))
                .replaceFirst("\"priority\" : 1", "\"priority\" : 1, \"priority\" : 0");

        assertRejected(utf8(doc), Reason.DUPLICATE_KEY, "'priority'");
    }

    @Test
    void deepNestingIsMalformedNotStackOverflow() {
        byte[] doc = utf8("[".repeat(100_000) + "]".repeat(100_000));

        assertRejected(doc, Reason.MALFORMED, "nesting depth");
    }

    @Test
    void rejectsOversizedDocument() {
        byte[] doc = new byte[ManifestJson.MAX_BYTES + 1];

        assertRejected(doc, Reason.MALFORMED, "at most " + ManifestJson.MAX_BYTES);
    }

    @Test
    void rejectsNonObjectAndTrailingGarbage() {
        assertRejected(utf8("[]"), Reason.MALFORMED, "expected a JSON object, saw an array");
        assertRejected(utf8(""), Reason.MALFORMED, "expected a JSON object, saw nothing (the document is empty)");
        assertRejected(utf8(" \n\t"), Reason.MALFORMED,
                "expected a JSON object, saw nothing (the document is empty)");
        assertRejected(utf8(new String(ManifestJson.write(ManifestFixtures.manifest())) + " {}"),
                Reason.MALFORMED, "not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "size", "sha256", "expires", "version", "chunkSize", "chunks", "mirrors"})
    void rejectsMissingRequiredField(String field) {
        assertRejected(json(root -> root.remove(field)), Reason.MALFORMED, field + ": required field is missing");
    }

    @Test
    void rejectsMissingMirrorUrlNamingItsPath() {
        assertRejected(json(root -> ((ObjectNode) root.withArray("mirrors").get(1)).remove("url")),
                Reason.MALFORMED, "mirrors[1].url: required field is missing");
    }

    @Test
    void rejectsWrongTypesWithoutCoercion() {
        assertRejected(json(root -> root.put("size", "10")), Reason.MALFORMED,
                "size: expected a whole number, saw the string \"10\"");
        assertRejected(json(root -> root.put("size", 1.5)), Reason.MALFORMED,
                "size: expected a whole number, saw the number 1.5");
        assertRejected(json(root -> root.put("file", 7)), Reason.MALFORMED, "file: expected a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "...", "a/b.mp4", "/etc/passwd", "..\\x.mp4", "C:x.mp4", "c:\\x.mp4",
            "x.mp4:stream", "a\u0000b", "a\nb", "a\u007fb", "trailing.", "trailing ", "NUL", "con.txt"})
    void rejectsFileNamesThatAreNotOnePlainComponent(String name) {
        assertRejected(json(root -> root.put("file", name)), Reason.BAD_FILE_NAME, "file: expected a single plain");
    }

    @Test
    void rejectsBadAlternateFileName() {
        assertRejected(json(root -> ((ObjectNode) root.withArray("alternates").get(0)).put("file", "../x")),
                Reason.BAD_FILE_NAME, "alternates[0].file");
    }

    @Test
    void rejectsOverlongFileName() {
        assertRejected(json(root -> root.put("file", "x".repeat(256))), Reason.BAD_FILE_NAME, "256 bytes");
    }

    @Test
    void aFileNameLeavesRoomForTheClientsOwnFilesNamedAfterIt() {
        // A hedge's scratch file, .NAME.hedge-CHUNK-RANDOM.tmp, is 43 bytes longer; 255 is the usual limit.
        assertRejected(json(root -> root.put("file", "x".repeat(213))), Reason.BAD_FILE_NAME,
                "213 bytes long in UTF-8, more than 212");
        assertThat(ManifestJson.parse(json(root -> root.put("file", "x".repeat(212))), ManifestJson.Options.STRICT)
                .file()).hasSize(212);
    }

    @ParameterizedTest
    @ValueSource(strings = {"video.mp4", "Video Final (2).MP4", "видео.mp4", ".hidden", "a..b"})
    void acceptsPlainFileNames(String name) {
        assertThat(ManifestJson.parse(json(root -> root.put("file", name))).file()).isEqualTo(name);
    }

    @Test
    void rejectsBadHashes() {
        assertRejected(json(root -> root.put("sha256", "abc")), Reason.MALFORMED,
                "sha256: expected 64 hex digits (a SHA-256), saw \"abc\"");
        assertRejected(json(root -> ((ArrayNode) root.withArray("chunks")).set(1, "g".repeat(64))),
                Reason.MALFORMED, "chunks[1]: expected 64 hex digits");
    }

    @Test
    void rejectsNegativeSizeAndNonPositiveChunkSize() {
        assertRejected(json(root -> root.put("size", -1)), Reason.MALFORMED, "size: expected a size of 0 or more");
        assertRejected(json(root -> root.put("chunkSize", 0)), Reason.MALFORMED,
                "chunkSize: expected a chunk size of at least 1 byte, saw 0");
        assertRejected(json(root -> root.put("version", -1)), Reason.MALFORMED, "version: expected a version of 0");
    }

    @Test
    void rejectsChunkCountThatDoesNotCoverTheFile() {
        assertRejected(json(root -> root.put("size", 13)), Reason.INCONSISTENT,
                "chunks: a file of 13 bytes in chunks of 4 bytes needs 4 chunk hashes, saw 3");
        assertRejected(json(root -> root.put("size", 0)), Reason.INCONSISTENT, "needs 0 chunk hashes, saw 3");
    }

    @Test
    void rejectsNoMirrors() {
        assertRejected(json(root -> root.putArray("mirrors")), Reason.MALFORMED,
                "mirrors: expected at least one mirror, saw none");
    }

    @Test
    void plainHttpMirrorRejectedUnlessAllowed() {
        byte[] doc = json(root -> ((ObjectNode) root.withArray("mirrors").get(0))
                .put("url", "http://127.0.0.1:8080/v/video.mp4"));

        assertRejected(doc, Reason.INSECURE_MIRROR, "mirrors[0].url: expected an absolute https URL, saw a http URL");
        Manifest allowed = ManifestJson.parse(doc, ManifestJson.Options.ALLOW_PLAIN_HTTP);
        assertThat(allowed.target().mirrors().getFirst().url().getScheme()).isEqualTo("http");
    }

    @Test
    void rejectsOtherSchemesAndRelativeUrlsEvenWhenHttpIsAllowed() {
        for (String url : List.of("ftp://x.test/a", "file:///etc/passwd", "/v/video.mp4")) {
            byte[] doc = json(root -> ((ObjectNode) root.withArray("mirrors").get(0)).put("url", url));
            assertThatThrownBy(() -> ManifestJson.parse(doc, ManifestJson.Options.ALLOW_PLAIN_HTTP))
                    .as(url)
                    .isInstanceOfSatisfying(ManifestRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_MIRROR));
        }
    }

    @Test
    void statusPageBaseIsReadAndWrittenBack() {
        byte[] doc = json(root -> ((ObjectNode) root.withArray("mirrors").get(1))
                .put("status", "https://status.fastly.test"));

        Manifest manifest = ManifestJson.parse(doc);

        Mirror fastly = manifest.target().mirrors().get(1);
        assertThat(fastly.statusPage()).contains(URI.create("https://status.fastly.test"));
        assertThat(fastly.statusDocument()).contains(URI.create("https://status.fastly.test/api/v2/status.json"));
        assertThat(manifest.target().mirrors().getFirst().statusPage()).as("absent means none").isEmpty();
        assertThat(ManifestJson.parse(ManifestJson.write(manifest))).isEqualTo(manifest);
        assertThat(new String(ManifestJson.write(ManifestFixtures.manifest()), java.nio.charset.StandardCharsets.UTF_8))
                .as("no status field is written for a mirror without one").doesNotContain("\"status\"");
    }

    @Test
    void plainHttpStatusPageRejectedUnlessAllowed() {
        byte[] doc = json(root -> ((ObjectNode) root.withArray("mirrors").get(1))
                .put("status", "http://status.fastly.test:8080"));

        assertRejected(doc, Reason.INSECURE_MIRROR,
                "mirrors[1].status: expected an absolute https URL, saw a http URL");
        assertThat(ManifestJson.parse(doc, ManifestJson.Options.ALLOW_PLAIN_HTTP).target().mirrors().get(1)
                .statusDocument()).contains(URI.create("http://status.fastly.test:8080/api/v2/status.json"));
    }

    @Test
    void rejectsMalformedStatusPages() {
        assertRejected(json(root -> ((ObjectNode) root.withArray("mirrors").get(1)).put("status", 5)),
                Reason.MALFORMED, "mirrors[1].status: expected a string, saw the number 5");
        assertRejected(json(root -> ((ObjectNode) root.withArray("mirrors").get(0)).put("status", "status.test")),
                Reason.INSECURE_MIRROR, "mirrors[0].status: expected an absolute https URL, saw a URL without a scheme");
        assertRejected(json(root -> ((ObjectNode) root.withArray("mirrors").get(1))
                        .put("status", "https://status.fastly.test/?page=1")),
                Reason.MALFORMED, "mirrors[1].status: expected a status page base URL without query or fragment");
        assertRejected(json(root -> ((ObjectNode) root.withArray("alternates").get(0).withArray("mirrors").get(0))
                        .put("status", "ftp://status.bunny.test")),
                Reason.INSECURE_MIRROR, "alternates[0].mirrors[0].status: expected an absolute https URL");
    }

    @Test
    void rejectsBadExpires() {
        assertRejected(json(root -> root.put("expires", "next tuesday")), Reason.MALFORMED,
                "expires: expected an ISO-8601 instant");
    }

    @Test
    void rejectsDuplicateAlternateNames() {
        assertRejected(json(root -> {
            ArrayNode alternates = root.withArray("alternates");
            alternates.add(alternates.get(0).deepCopy());
        }), Reason.INCONSISTENT, "alternates[1].name: expected unique alternate names");
    }

    private static void assertRejected(byte[] doc, Reason reason, String... messageParts) {
        Rejections.assertRejected(() -> ManifestJson.parse(doc), reason, messageParts);
    }
}
