package io.outagedrill.client.manifest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import io.outagedrill.client.manifest.ManifestRejectedException.Reason;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the bytes of a compact JWS into a {@link VerifiedManifest}, or rejects them with a
 * {@link ManifestRejectedException} whose reason names the attack or mistake. The checks run cheapest and most
 * telling first: shape, header policy (alg, forbidden headers, crit, typ), key selection by {@code kid} from the
 * {@link TrustStore} only, the signature over exactly the bytes received, then the payload's format (only
 * after the signature holds, so unauthenticated bytes never reach the JSON parser), expiry against the
 * injected clock, and rollback against the {@link VersionStore}. On success the version is recorded.
 *
 * <p>Thread-safe if the version store is.
 */
public final class ManifestVerifier {

    /** How far the client's clock may be behind the publisher's before a fresh manifest looks expired. */
    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);

    /** Largest compact JWS accepted: base64url grows the largest payload by a third, plus the header. */
    public static final int MAX_JWS_BYTES = 2 * ManifestJson.MAX_BYTES;

    private final TrustStore trust;
    private final VersionStore versions;
    private final Clock clock;
    private final Duration skew;
    private final ManifestJson.Options options;
    /** The file a manifest must describe; null for any. */
    private final String expectedFile;

    /**
     * @param trust    the only source of keys
     * @param versions highest accepted version per file name; updated on success
     * @param clock    the client's time, for expiry
     * @param skew     tolerance added to {@code expires}; not negative
     * @param options  payload parse options ({@code allowPlainHttp} for loopback tests)
     */
    public ManifestVerifier(TrustStore trust, VersionStore versions, Clock clock, Duration skew,
                            ManifestJson.Options options) {
        this(trust, versions, clock, skew, options, null);
    }

    private ManifestVerifier(TrustStore trust, VersionStore versions, Clock clock, Duration skew,
                             ManifestJson.Options options, String expectedFile) {
        this.expectedFile = expectedFile;
        this.trust = Objects.requireNonNull(trust, "trust");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.options = Objects.requireNonNull(options, "options");
        if (skew.isNegative()) {
            throw new IllegalArgumentException("skew: expected zero or more, saw " + skew);
        }
    }

    /**
     * This verifier, accepting only manifests for {@code file}. A signature says who made a manifest, not which
     * file the caller asked for: any replica can answer with another manifest the same key signed (another
     * release, a debug build) that is valid, unexpired and has its own version history. TUF ties metadata to the
     * target path asked for; this is that tie. Checked before the version is recorded, and on kept copies too.
     */
    public ManifestVerifier expectingFile(String file) {
        fileNameProblem(Objects.requireNonNull(file, "file"), "file").ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return new ManifestVerifier(trust, versions, clock, skew, options, file);
    }

    /**
     * Why {@code name} cannot be a manifest's file name (as the manifest's own {@code file} is checked), if so, the
     * message beginning with {@code field}: the option or argument that gave the name ("--file: expected ...").
     */
    public static Optional<String> fileNameProblem(String name, String field) {
        try {
            ManifestRules.fileName(name, field);
            return Optional.empty();
        } catch (ManifestRejectedException notAName) {
            return Optional.of(notAName.getMessage());
        }
    }

    /** Refuses {@code manifest} when it describes another file than the one this verifier expects. */
    void requireExpectedFile(Manifest manifest) {
        if (expectedFile != null && !expectedFile.equals(manifest.file())) {
            throw new ManifestRejectedException(Reason.WRONG_FILE, ("expected a manifest for %s, saw a valid one "
                    + "for %s (version %d): a replica answering with another file's manifest is refused")
                    .formatted(expectedFile, ManifestRules.printable(manifest.file()), manifest.version()),
                    expectedFile);
        }
    }

    public ManifestJson.Options options() {
        return options;
    }

    /**
     * Verifies a compact JWS. Leading and trailing ASCII whitespace (a newline at the end of a file) is not
     * part of the JWS and is ignored; the {@link VerifiedManifest#digest() digest} is the SHA-256 of the
     * compact JWS itself.
     *
     * @param compactJws the bytes as received
     * @param source     where they came from, for the result and messages
     */
    public VerifiedManifest verify(byte[] compactJws, String source) {
        String compact = ascii(compactJws);
        Base64URL[] parts = split(compact);
        JwsHeaderPolicy.Accepted accepted = JwsHeaderPolicy.check(parts[0]);
        String kid = accepted.header().getKeyID();
        JWK key = key(kid, accepted.algorithm());
        JWSObject jws;
        try {
            jws = new JWSObject(parts[0], parts[1], parts[2]);
        } catch (ParseException e) {
            throw new ManifestRejectedException(Reason.MALFORMED, "JWS: " + e.getMessage(), e);
        }
        checkSignature(jws, key, kid, accepted.algorithm());

        Manifest manifest = ManifestJson.parse(jws.getPayload().toBytes(), options);
        Instant now = clock.instant();
        requireExpectedFile(manifest);
        checkExpiry(manifest, now);
        checkVersionAndRecord(manifest, now);
        return new VerifiedManifest(manifest, ManifestRules.sha256Hex(compact.getBytes(StandardCharsets.US_ASCII)),
                kid, true, source);
    }

    private static String ascii(byte[] bytes) {
        if (bytes.length > MAX_JWS_BYTES) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "JWS: expected at most %d bytes, saw %d".formatted(MAX_JWS_BYTES, bytes.length));
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                throw new ManifestRejectedException(Reason.MALFORMED,
                        "JWS: expected ASCII compact serialization, saw byte 0x%02X at offset %d"
                                .formatted(bytes[i] & 0xFF, i));
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII).strip();
    }

    private static Base64URL[] split(String compact) {
        if (compact.startsWith("{")) {
            // A manifest's JSON before signing: its decimals and host names have dots, so it would be split too.
            throw new ManifestRejectedException(Reason.MALFORMED, "expected a signed manifest (a compact JWS), saw "
                    + "JSON: an unsigned manifest is signed with `drill manifest sign` (in the library, ManifestSigner)");
        }
        Base64URL[] parts;
        try {
            parts = JOSEObject.split(compact);
        } catch (ParseException e) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "expected a compact JWS (header.payload.signature), saw %d characters with %d dot(s)"
                            .formatted(compact.length(), compact.chars().filter(c -> c == '.').count()), e);
        }
        if (parts.length != 3) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "expected a compact JWS of 3 parts, saw %d parts (a JWE?)".formatted(parts.length));
        }
        return parts;
    }

    private JWK key(String kid, ManifestAlgorithm algorithm) {
        if (kid == null || kid.isEmpty()) {
            throw new ManifestRejectedException(Reason.UNKNOWN_KEY,
                    "JWS header: expected a \"kid\" naming one of the trusted keys %s, saw none"
                            .formatted(trust.keyIds()));
        }
        JWK key = trust.key(kid).orElseThrow(() -> new ManifestRejectedException(Reason.UNKNOWN_KEY,
                "JWS header: expected a \"kid\" naming one of the trusted keys %s, saw \"%s\""
                        .formatted(trust.keyIds(), ManifestRules.printable(kid))));
        if (!algorithm.fits(key)) {
            throw new ManifestRejectedException(Reason.ALG_NOT_ALLOWED,
                    "trusted key \"%s\" is %s, so it verifies only %s; the JWS says \"alg\":\"%s\" (expected %s)"
                            .formatted(kid, ManifestAlgorithm.describe(key),
                                    ManifestAlgorithm.forKey(key).map(Enum::name).orElse("nothing"),
                                    algorithm, algorithm.keyDescription()));
        }
        return key;
    }

    private static void checkSignature(JWSObject jws, JWK key, String kid, ManifestAlgorithm algorithm) {
        boolean valid;
        String detail = "";
        try {
            // JWSObject keeps the header and payload exactly as received: this verifies those bytes.
            valid = jws.verify(algorithm.verifier(key));
        } catch (JOSEException e) {
            valid = false;
            detail = ": " + e.getMessage();
        }
        if (!valid) {
            throw new ManifestRejectedException(Reason.BAD_SIGNATURE,
                    "expected a valid %s signature by trusted key \"%s\", saw one that does not verify%s"
                            .formatted(algorithm, kid, detail));
        }
    }

    private void checkExpiry(Manifest manifest, Instant now) {
        // now - skew, not expires + skew: a far-future expires must not overflow Instant.
        if (manifest.expires().isBefore(now.minus(skew))) {
            throw new ManifestRejectedException(Reason.EXPIRED,
                    "manifest for %s expired at %s; the client's clock says %s (allowed skew %d s)"
                            .formatted(manifest.file(), manifest.expires(), now, skew.toSeconds()));
        }
    }

    private synchronized void checkVersionAndRecord(Manifest manifest, Instant now) {
        versions.highest(manifest.file()).ifPresent(highest -> {
            if (manifest.version() < highest.version()) {
                throw new ManifestRejectedException(Reason.ROLLBACK,
                        "manifest for %s: version %d is older than version %d accepted on %s"
                                .formatted(manifest.file(), manifest.version(), highest.version(), highest.at()),
                        manifest.file());
            }
        });
        versions.record(manifest.file(), manifest.version(), now);
    }
}
