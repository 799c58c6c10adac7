package io.outagedrill.client.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.outagedrill.client.manifest.ManifestFixtures.json;
import static io.outagedrill.client.manifest.ManifestFixtures.manifest;
import static io.outagedrill.client.manifest.ManifestFixtures.utf8;
import static io.outagedrill.client.manifest.Tokens.header;

/**
 * Writes the seed corpus of the manifest fuzz tests (and, once, their key set) under a test resources
 * directory. The seeds are committed; run this only to add seeds or after a format change:
 * {@code java -cp <test classpath> io.outagedrill.client.manifest.ManifestFuzzSeeds reference-client/src/test/resources}.
 * Signing needs the committed key set, so an existing {@value FuzzKeys#RESOURCE} is reused, never replaced.
 */
final class ManifestFuzzSeeds {

    private ManifestFuzzSeeds() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).resolve("io/outagedrill/client/manifest");
        Files.createDirectories(dir);
        Path keyFile = dir.resolve(FuzzKeys.RESOURCE);
        if (!Files.exists(keyFile)) {
            JWKSet generated = new JWKSet(List.of(ManifestKeys.generate(ManifestAlgorithm.ES256, FuzzKeys.TRUSTED_ES),
                    ManifestKeys.generate(ManifestAlgorithm.EdDSA, FuzzKeys.TRUSTED_ED),
                    ManifestKeys.generate(ManifestAlgorithm.EdDSA, FuzzKeys.IMPOSTOR_ED),
                    ManifestKeys.generate(ManifestAlgorithm.ES256, FuzzKeys.STRANGER_ES)));
            Files.writeString(keyFile, generated.toString(false) + "\n");
        }
        JWKSet keys = JWKSet.parse(Files.readString(keyFile));

        Map<String, byte[]> payloads = payloads();
        write(dir.resolve("ManifestJsonFuzzTestInputs"), payloads);
        write(dir.resolve("SignedPayloadFuzzTestInputs"), payloads);
        write(dir.resolve("JwsHeaderPolicyFuzzTestInputs"), headers());
        write(dir.resolve("ManifestVerifierFuzzTestInputs"), tokens(keys));
    }

    private static void write(Path inputs, Map<String, byte[]> seeds) throws IOException {
        Files.createDirectories(inputs);
        for (var seed : seeds.entrySet()) {
            Files.write(inputs.resolve(seed.getKey()), seed.getValue());
        }
    }

    /** Manifest JSON: valid ones, and one of each way the format can be broken. */
    static Map<String, byte[]> payloads() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("valid-with-alternate.json", ManifestJson.write(manifest()));
        seeds.put("valid-empty-file.json", ManifestJson.write(new Manifest(new Target("empty.bin", 0, "e".repeat(64),
                "", 1, List.of(), manifest().target().mirrors()), ManifestFixtures.EXPIRES, 0, List.of())));
        seeds.put("valid-status-page.json", json(root -> ((ObjectNode) root.withArray("mirrors").get(0))
                .put("status", "https://www.cloudflarestatus.com")));
        seeds.put("plain-http-mirror.json", json(root -> ((ObjectNode) root.withArray("mirrors").get(0))
                .put("url", "http://127.0.0.1:8080/v/video.mp4")));
        seeds.put("expired.json", json(root -> root.put("expires", "2020-01-01T00:00:00Z")));
        seeds.put("duplicate-key.json", utf8("{\"file\":\"a.bin\",\"file\":\"b.bin\"}"));
        seeds.put("deep-nesting.json", utf8("[".repeat(40) + "]".repeat(40)));
        seeds.put("size-as-string.json", json(root -> root.put("size", "10")));
        seeds.put("huge-number.json", json(root -> root.put("size", new java.math.BigInteger("9".repeat(30)))));
        seeds.put("chunk-count-mismatch.json", json(root -> ((ArrayNode) root.withArray("chunks")).remove(0)));
        seeds.put("path-traversal.json", json(root -> root.put("file", "../etc/passwd")));
        seeds.put("no-mirrors.json", json(root -> root.putArray("mirrors")));
        seeds.put("duplicate-alternate.json", json(root -> root.withArray("alternates")
                .add(root.withArray("alternates").get(0).deepCopy())));
        seeds.put("bad-instant.json", json(root -> root.put("expires", "tomorrow")));
        seeds.put("not-an-object.json", utf8("[1,2,3]"));
        seeds.put("truncated.json", utf8("{\"file\":\"video.mp4\",\"size\":"));
        return seeds;
    }

    /** Protected headers as JSON: the two allowed, and each attack the policy names. */
    static Map<String, byte[]> headers() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("valid-es256.json", utf8(header("ES256", FuzzKeys.TRUSTED_ES, "")));
        seeds.put("valid-eddsa-short-typ.json",
                utf8("{\"alg\":\"EdDSA\",\"typ\":\"application/manifest+jws\",\"kid\":\"k\"}"));
        seeds.put("alg-none.json", utf8(header("none", "k", "")));
        seeds.put("alg-hs256.json", utf8(header("HS256", "k", "")));
        seeds.put("alg-number.json", utf8("{\"alg\":256,\"typ\":\"manifest+jws\"}"));
        seeds.put("embedded-jwk.json", utf8(header("ES256", "k", "\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}")));
        seeds.put("jku.json", utf8(header("ES256", "k", "\"jku\":\"https://attacker.test/keys\"")));
        seeds.put("crit-b64.json", utf8(header("ES256", "k", "\"b64\":false,\"crit\":[\"b64\"]")));
        seeds.put("typ-jwt.json", utf8("{\"alg\":\"ES256\",\"typ\":\"JWT\"}"));
        seeds.put("typ-number.json", utf8("{\"alg\":\"ES256\",\"typ\":7}"));
        seeds.put("duplicate-alg.json", utf8("{\"alg\":\"none\",\"alg\":\"ES256\",\"typ\":\"manifest+jws\"}"));
        seeds.put("kid-object.json", utf8(header("ES256", null, "\"kid\":{\"a\":1}")));
        seeds.put("not-json.txt", utf8("alg=ES256"));
        seeds.put("deep-nesting.json", utf8("{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}"));
        return seeds;
    }

    /** Compact JWS: accepted ones, and unsigned, forged, tampered and malformed ones. */
    static Map<String, byte[]> tokens(JWKSet keys) throws Exception {
        JWK es = keys.getKeyByKeyId(FuzzKeys.TRUSTED_ES);
        JWK ed = keys.getKeyByKeyId(FuzzKeys.TRUSTED_ED);
        JWK impostor = keys.getKeyByKeyId(FuzzKeys.IMPOSTOR_ED);
        JWK stranger = keys.getKeyByKeyId(FuzzKeys.STRANGER_ES);
        byte[] payload = ManifestJson.write(manifest());
        String validEs = new ManifestSigner(es).sign(manifest());
        String validEd = new ManifestSigner(ed).sign(manifest());
        String[] parts = validEd.split("\\.");
        String other = new ManifestSigner(ed).sign(manifest("other.mp4", 9));

        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("valid-es256.jws", ascii(validEs));
        seeds.put("valid-eddsa.jws", ascii(validEd));
        seeds.put("valid-trailing-newline.jws", ascii(validEd + "\n"));
        seeds.put("valid-plain-http-mirror.jws", ascii(Tokens.sign(header("EdDSA", FuzzKeys.TRUSTED_ED, ""),
                json(root -> ((ObjectNode) root.withArray("mirrors").get(0))
                        .put("url", "http://127.0.0.1:8080/v/video.mp4")), ed)));
        seeds.put("impostor-under-trusted-kid.jws",
                ascii(Tokens.sign(header("EdDSA", FuzzKeys.TRUSTED_ED, ""), payload, impostor)));
        seeds.put("stranger-own-kid.jws",
                ascii(Tokens.sign(header("ES256", FuzzKeys.STRANGER_ES, ""), payload, stranger)));
        seeds.put("alg-none-unsigned.jws", ascii(Tokens.unsigned(header("none", FuzzKeys.TRUSTED_ED, ""),
                payload, new byte[0])));
        seeds.put("hs256-keyed-with-public-key.jws", ascii(Tokens.sign(header("HS256", FuzzKeys.TRUSTED_ES, ""),
                payload, new MACSigner(es.toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8)))));
        seeds.put("no-kid.jws", ascii(Tokens.sign(header("EdDSA", null, ""), payload, ed)));
        seeds.put("embedded-jwk.jws", ascii(Tokens.sign(header("EdDSA", FuzzKeys.TRUSTED_ED,
                "\"jwk\":" + impostor.toPublicJWK().toJSONString()), payload, impostor)));
        seeds.put("alg-key-mismatch.jws", ascii(Tokens.sign(header("ES256", FuzzKeys.TRUSTED_ED, ""), payload, es)));
        seeds.put("payload-swapped.jws", ascii(parts[0] + "." + other.split("\\.")[1] + "." + parts[2]));
        seeds.put("signature-stripped.jws", ascii(parts[0] + "." + parts[1] + "."));
        seeds.put("expired.jws", ascii(new ManifestSigner(ed).sign(new Manifest(manifest().target(),
                Instant.parse("2020-01-01T00:00:00Z"), 3, List.of()))));
        seeds.put("signed-broken-json.jws",
                ascii(Tokens.sign(header("EdDSA", FuzzKeys.TRUSTED_ED, ""), utf8("{\"file\":"), ed)));
        seeds.put("jwe-shape.jws", ascii("a.b.c.d.e"));
        seeds.put("two-parts.jws", ascii(parts[0] + "." + parts[1]));
        seeds.put("not-base64.jws", ascii("!!!.???.***"));
        return seeds;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
