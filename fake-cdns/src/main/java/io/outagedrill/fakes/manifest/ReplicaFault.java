package io.outagedrill.fakes.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.outagedrill.client.manifest.Mirror;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one manifest replica serves instead of the latest signed manifest. Each kind is one known attack on
 * software update systems (freeze, rollback, wrong software, unsigned) or an outage, with the rejection a
 * correct client gives it:
 *
 * <table>
 *   <tr><th>fault</th><th>on the wire</th><th>a correct client</th></tr>
 *   <tr><td>{@link Refused}</td><td>connection refused</td><td>UNREACHABLE, next replica</td></tr>
 *   <tr><td>{@link Unavailable}</td><td>503</td><td>UNREACHABLE, next replica</td></tr>
 *   <tr><td>{@link Expired}</td><td>validly signed, {@code expires} in the past</td><td>EXPIRED</td></tr>
 *   <tr><td>{@link Rollback}</td><td>the previously published version, validly signed</td><td>ROLLBACK once it
 *       accepted the newer one</td></tr>
 *   <tr><td>{@link BadSignature}</td><td>the latest JWS with one signature bit flipped</td><td>BAD_SIGNATURE</td></tr>
 *   <tr><td>{@link Unsigned}</td><td>{@code alg: none}, or the bare JSON</td><td>ALG_NONE / MALFORMED</td></tr>
 *   <tr><td>{@link WrongFileMirror}</td><td>validly signed, naming a mirror that serves another file</td>
 *       <td>accepts the manifest, then refuses the bytes (size or SHA-256)</td></tr>
 *   <tr><td>{@link OtherFile}</td><td>another file's latest manifest, validly signed, at every path</td>
 *       <td>WRONG_FILE when it asked for its file by name; without that tie it gets the other file</td></tr>
 *   <tr><td>{@link ForeignKey}</td><td>the latest manifest signed by a key the publisher never had: under its own
 *       kid, under the publisher's kid, or carried in the header as a {@code jwk}</td><td>UNKNOWN_KEY,
 *       BAD_SIGNATURE, FORBIDDEN_HEADER</td></tr>
 *   <tr><td>{@link Exact}</td><td>exactly the given body</td><td>whatever that deserves</td></tr>
 * </table>
 *
 * Faults are data with a JSON {@code type} name, like {@link io.outagedrill.fakes.http.FaultRule}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReplicaFault.Refused.class, name = "refused"),
        @JsonSubTypes.Type(value = ReplicaFault.Unavailable.class, name = "unavailable"),
        @JsonSubTypes.Type(value = ReplicaFault.Expired.class, name = "expired"),
        @JsonSubTypes.Type(value = ReplicaFault.Rollback.class, name = "rollback"),
        @JsonSubTypes.Type(value = ReplicaFault.BadSignature.class, name = "bad-signature"),
        @JsonSubTypes.Type(value = ReplicaFault.Unsigned.class, name = "unsigned"),
        @JsonSubTypes.Type(value = ReplicaFault.WrongFileMirror.class, name = "wrong-file-mirror"),
        @JsonSubTypes.Type(value = ReplicaFault.OtherFile.class, name = "other-file"),
        @JsonSubTypes.Type(value = ReplicaFault.ForeignKey.class, name = "foreign-key"),
        @JsonSubTypes.Type(value = ReplicaFault.Exact.class, name = "exact"),
})
public sealed interface ReplicaFault {

    /** DOWN, the host is up but nothing listens: new connections are refused, open ones drop. */
    record Refused() implements ReplicaFault {
    }

    /** DOWN, the server answers 503 Service Unavailable to every request. */
    record Unavailable() implements ReplicaFault {
    }

    /**
     * The indefinite-freeze attack: the latest manifest re-signed with {@code expires} set to
     * {@code agoSeconds} before the service clock's now (when the fault is set or a new version published).
     */
    record Expired(long agoSeconds) implements ReplicaFault {
        public Expired {
            if (agoSeconds <= 0) {
                throw new IllegalArgumentException("agoSeconds: expected a positive number, was " + agoSeconds);
            }
        }

        /** An hour ago: well past any client's clock-skew allowance. */
        public static Expired anHourAgo() {
            return new Expired(3600);
        }
    }

    /**
     * The rollback attack: the version published before the latest, exactly as it was signed then. With only
     * one version published, that version re-signed as {@code version - 1} (version 0 has nothing older and is
     * served unchanged).
     *
     * <p>{@code version} is the version the fault's author expects to be served, for whoever publishes to keep
     * just below the latest (the harness does, before clients start); the service itself always serves the one
     * published before the latest. Null (absent in JSON) for no expectation.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rollback(Long version) implements ReplicaFault {
        public Rollback() {
            this(null);
        }
    }

    /** The latest JWS with one bit of its signature flipped: well-formed, but it does not verify. */
    record BadSignature() implements ReplicaFault {
    }

    /** The latest manifest without a valid signature. */
    record Unsigned(Form form) implements ReplicaFault {
        public enum Form {
            /** A compact JWS with header {@code alg: none} (plus the usual kid and typ) and an empty signature. */
            ALG_NONE,
            /** The manifest JSON itself, no JWS at all. */
            PLAIN_JSON
        }

        public Unsigned {
            // Required fields say what they take, as FaultRule's do: a bare "form" is all a curl user of the admin API saw.
            Objects.requireNonNull(form, "form: required, one of " + Arrays.toString(Form.values()));
        }

        public static Unsigned algNone() {
            return new Unsigned(Form.ALG_NONE);
        }

        public static Unsigned plainJson() {
            return new Unsigned(Form.PLAIN_JSON);
        }
    }

    /**
     * The wrong-software attack through the manifest: the latest manifest, validly signed, whose only mirror
     * is {@code mirror}, a URL that serves another file. The signature holds; the bytes' hash does not.
     */
    record WrongFileMirror(Mirror mirror) implements ReplicaFault {
        public WrongFileMirror {
            Objects.requireNonNull(mirror, "mirror: required, the mirror to name, e.g. "
                    + "{\"provider\": \"elsewhere\", \"url\": \"https://elsewhere.test/other.bin\"}");
        }
    }

    /**
     * The mix-and-match attack (TUF's threat model): at every path, the latest manifest published for another
     * {@code file}, exactly as the publisher signed it. Valid, unexpired, with its own version history: only a
     * client that ties the manifest to the file it asked for refuses it. The file must be published; while it is
     * not (withdrawn), the path's own latest manifest is served.
     */
    record OtherFile(String file) implements ReplicaFault {
        public OtherFile {
            Objects.requireNonNull(file, "file: required, the name of another published file");
        }
    }

    /**
     * The arbitrary-installation attack by whoever holds a replica but not the publisher's key: the latest manifest
     * signed with a key of the attacker's own, made once per service. What a client must never do is take a key from
     * anywhere but its trust store.
     */
    record ForeignKey(Form form) implements ReplicaFault {
        public enum Form {
            /** Signed under a kid of the attacker's own, which no trust store holds: UNKNOWN_KEY. */
            UNKNOWN_KID,
            /** Signed by the attacker's key under the publisher's kid: the signature fails, BAD_SIGNATURE. */
            SAME_KID,
            /**
             * The attacker's public key in the header's {@code jwk}, under the publisher's kid, signed with it (ES256):
             * a client that verifies with the key the token brings (CVE-2018-0114) accepts it; FORBIDDEN_HEADER.
             */
            EMBEDDED_JWK
        }

        public ForeignKey {
            Objects.requireNonNull(form, "form: required, one of " + Arrays.toString(Form.values()));
        }
    }

    /** Serves exactly this body at every published path (e.g. a manifest signed by another key). */
    record Exact(String body) implements ReplicaFault {
        public Exact {
            Objects.requireNonNull(body, "body: required, the exact text to serve");
        }
    }
}
