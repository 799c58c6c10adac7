package io.outagedrill.client.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outagedrill.client.JsonTrees;
import io.outagedrill.client.manifest.ManifestRejectedException.Reason;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes the manifest's JSON, the payload of the signed JWS.
 *
 * <pre>{@code
 * {
 *   "file": "video.mp4",                 // required; one plain path component (no '/', '\', ':', "..", control chars)
 *   "size": 123,                         // required; bytes, >= 0
 *   "sha256": "<64 hex>",                // required; whole-file SHA-256, either case (stored lowercase)
 *   "mimeType": "video/mp4",             // optional
 *   "expires": "2026-12-01T00:00:00Z",   // required; ISO-8601 instant
 *   "version": 3,                        // required; >= 0, monotonic per file name
 *   "chunkSize": 4194304,                // required; bytes per chunk, > 0
 *   "chunks": ["<64 hex>", ...],         // required; exactly ceil(size / chunkSize) hashes (none for an empty file)
 *   "mirrors": [                         // required; at least one
 *     {"provider": "cloudflare",         // required
 *      "url": "https://cloudflare.test/v/video.mp4",  // required; absolute https (http only with allowPlainHttp)
 *      "priority": 1,                    // optional, default 1; lower is tried first
 *      "region": "eu-west",              // optional
 *      "group": "cloudflare"}            // optional, default: the provider (the failure domain)
 *   ],
 *   "routed": true,                      // optional, default false; the order is a routing controller's, which
 *                                        // reads the status pages itself: clients keep it and read none
 *   "alternates": [                      // optional; degraded variants, in the publisher's order of preference
 *     {"name": "720p", "description": "...",           // name required, unique; description optional
 *      "file": "video-720p.mp4", "size": 0, "sha256": "...", "mimeType": "...",
 *      "chunkSize": 0, "chunks": [...], "mirrors": [...]}  // same rules as the main file
 *   ]
 * }
 * }</pre>
 *
 * <p>Parsing is strict where ambiguity could be exploited and lenient where it helps evolution:
 * <ul>
 *   <li>A duplicate key anywhere is rejected ({@link Reason#DUPLICATE_KEY}): parsers that disagree on which
 *       duplicate wins have let attackers smuggle values past a verifier (CVE-2017-12635).</li>
 *   <li>Nesting deeper than {@value #MAX_DEPTH} levels and documents over {@value #MAX_BYTES} bytes are
 *       rejected as {@link Reason#MALFORMED} by the tokenizer, before anything recurses, so hostile input can
 *       not exhaust the stack or the heap.</li>
 *   <li>Types are exact: {@code "size": "123"} or {@code 1.5} is malformed, not coerced.</li>
 *   <li>Unknown fields are ignored, so a newer publisher can add fields without breaking older clients. They
 *       are still covered by the signature; they just carry no meaning here.</li>
 * </ul>
 * Every rejection names the field by its path ({@code alternates[0].mirrors[1].url}) and says what was expected
 * and what was seen.
 */
public final class ManifestJson {

    /** Largest manifest accepted, in bytes. A manifest for a 100 GiB file in 4 MiB chunks is about 1.7 MB of
     * hashes, so larger files need larger chunks; the cap keeps a hostile server from feeding endless data. */
    public static final int MAX_BYTES = 1 << 20;

    /** The format needs four levels (root, alternates, alternate, mirrors, mirror); the rest is headroom. */
    public static final int MAX_DEPTH = 16;

    /**
     * How strict parsing is about things that are a policy, not a format, question.
     *
     * @param allowPlainHttp accept {@code http://} mirror URLs; meant for loopback tests only
     */
    public record Options(boolean allowPlainHttp) {
        /** HTTPS mirrors only: what a shipped client uses. */
        public static final Options STRICT = new Options(false);
        /** Plain HTTP allowed, for fake CDNs on 127.0.0.0/8 without TLS. */
        public static final Options ALLOW_PLAIN_HTTP = new Options(true);
    }

    /** Trees through {@link JsonTrees} (no ObjectMapper, and nothing allowed after the object). */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_BYTES)
                    .maxStringLength(MAX_BYTES)
                    .maxNumberLength(32)
                    .build())
            .build();

    private ManifestJson() {
    }

    /** Parses with {@link Options#STRICT}. */
    public static Manifest parse(byte[] json) {
        return parse(json, Options.STRICT);
    }

    /**
     * Parses and validates a manifest.
     *
     * @throws ManifestRejectedException with {@link Reason#MALFORMED}, {@link Reason#DUPLICATE_KEY},
     *                                   {@link Reason#BAD_FILE_NAME}, {@link Reason#INSECURE_MIRROR} or
     *                                   {@link Reason#INCONSISTENT}
     */
    public static Manifest parse(byte[] json, Options options) {
        if (json.length > MAX_BYTES) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "manifest: expected at most %d bytes, saw %d".formatted(MAX_BYTES, json.length));
        }
        JsonNode root = readTree(json);
        if (root == null || !root.isObject()) {
            // Jackson reads an empty or blank document as a "missing" node, which the user would read as a word.
            throw new ManifestRejectedException(Reason.MALFORMED, "manifest: expected a JSON object, saw "
                    + (root == null || root.isMissingNode() ? "nothing (the document is empty)" : describe(root)));
        }
        return new Reader(options).manifest(new Fields((ObjectNode) root, ""));
    }

    /** Writes a manifest in the format above; {@code parse(write(m))} equals {@code m}. */
    public static byte[] write(Manifest manifest) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        writeIdentity(root, manifest.target());
        root.put("expires", manifest.expires().toString());
        root.put("version", manifest.version());
        writeContent(root, manifest.target());
        if (manifest.routed()) {
            root.put("routed", true);
        }
        if (!manifest.alternates().isEmpty()) {
            ArrayNode alternates = root.putArray("alternates");
            for (Alternate alternate : manifest.alternates()) {
                ObjectNode node = alternates.addObject();
                node.put("name", alternate.name());
                node.put("description", alternate.description());
                writeIdentity(node, alternate.target());
                writeContent(node, alternate.target());
            }
        }
        return JsonTrees.writeIndented(root);
    }

    /** The fields that say which file this is; split from {@link #writeContent} to keep the documented order. */
    private static void writeIdentity(ObjectNode node, Target target) {
        node.put("file", target.file());
        node.put("size", target.size());
        node.put("sha256", target.sha256());
        node.put("mimeType", target.mimeType());
    }

    private static void writeContent(ObjectNode node, Target target) {
        node.put("chunkSize", target.chunkSize());
        ArrayNode chunks = node.putArray("chunks");
        target.chunks().forEach(chunks::add);
        ArrayNode mirrors = node.putArray("mirrors");
        for (Mirror mirror : target.mirrors()) {
            ObjectNode m = mirrors.addObject();
            m.put("provider", mirror.provider());
            m.put("url", mirror.url().toString());
            m.put("priority", mirror.priority());
            m.put("region", mirror.region());
            m.put("group", mirror.group());
            mirror.statusPage().ifPresent(status -> m.put("status", status.toString()));
        }
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return JsonTrees.read(JSON, json);
        } catch (StreamConstraintsException e) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "manifest: exceeds a parser limit: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            String where = at(e.getLocation());
            if (message != null && message.startsWith("Duplicate field")) {
                throw new ManifestRejectedException(Reason.DUPLICATE_KEY,
                        "manifest: expected each key once per object, saw %s%s".formatted(
                                message.replace("Duplicate field", "the key").trim(), where), e);
            }
            if (json.length > 3 && json[0] == 'e' && json[1] == 'y' && json[2] == 'J') {
                // Base64url of '{"': a signed manifest where its JSON was expected.
                throw new ManifestRejectedException(Reason.MALFORMED, "manifest: expected the manifest's JSON, saw "
                        + "a signed manifest (a compact JWS); `drill manifest renew` re-signs one", e);
            }
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "manifest: not valid JSON%s: %s".formatted(where, message), e);
        } catch (IOException e) {
            // Reading a byte array does no I/O: this is the encoding detection refusing the bytes
            // (CharConversionException for invalid UTF-32, an unsupported UCS-4 byte order), not a JSON error.
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "manifest: expected JSON text in UTF-8, saw bytes that do not decode: " + e.getMessage(), e);
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? ""
                : " at line %d, column %d".formatted(location.getLineNr(), location.getColumnNr());
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "the string \"" + ManifestRules.printable(abbreviate(node.asText())) + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Turns validated fields into the model; one instance per parse because it carries the options. */
    private record Reader(Options options) {

        Manifest manifest(Fields root) {
            Target target = target(root);
            Instant expires = instant(root, "expires");
            long version = root.integer("version");
            if (version < 0) {
                throw new ManifestRejectedException(Reason.MALFORMED,
                        "%s: expected a version of 0 or more, saw %d".formatted(root.path("version"), version));
            }
            List<Alternate> alternates = new ArrayList<>();
            Set<String> names = new HashSet<>();
            List<Fields> nodes = root.optionalObjects("alternates");
            for (Fields node : nodes) {
                String name = node.text("name");
                if (name.isBlank()) {
                    throw new ManifestRejectedException(Reason.MALFORMED,
                            "%s: expected a non-empty name, saw \"%s\"".formatted(node.path("name"), name));
                }
                if (!names.add(name)) {
                    throw new ManifestRejectedException(Reason.INCONSISTENT,
                            "%s: expected unique alternate names, saw \"%s\" twice"
                                    .formatted(node.path("name"), ManifestRules.printable(name)));
                }
                alternates.add(new Alternate(name, node.optionalText("description"), target(node)));
            }
            boolean routed = root.has("routed") && root.bool("routed");
            return new Manifest(target, expires, version, alternates, routed);
        }

        private Target target(Fields node) {
            String file = ManifestRules.fileName(node.text("file"), node.path("file"));
            long size = ManifestRules.size(node.integer("size"), node.path("size"));
            String sha256 = ManifestRules.sha256(node.text("sha256"), node.path("sha256"));
            String mimeType = node.optionalText("mimeType");
            long chunkSize = ManifestRules.chunkSize(node.integer("chunkSize"), node.path("chunkSize"));
            List<String> texts = node.texts("chunks");
            List<String> chunks = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                chunks.add(ManifestRules.sha256(texts.get(i), node.path("chunks") + "[" + i + "]"));
            }
            ManifestRules.chunkCount(size, chunkSize, chunks, node.path("chunks"));
            List<Mirror> mirrors = new ArrayList<>();
            for (Fields m : node.objects("mirrors")) {
                mirrors.add(mirror(m));
            }
            ManifestRules.hasMirrors(mirrors, node.path("mirrors"));
            return new Target(file, size, sha256, mimeType, chunkSize, chunks, mirrors);
        }

        private Mirror mirror(Fields node) {
            String provider = node.text("provider");
            if (provider.isBlank()) {
                throw new ManifestRejectedException(Reason.MALFORMED,
                        "%s: expected a provider name, saw an empty string".formatted(node.path("provider")));
            }
            var url = ManifestRules.mirrorUrl(node.text("url"), node.path("url"), options.allowPlainHttp());
            long priority = node.has("priority") ? node.integer("priority") : 1;
            if (priority < 0 || priority > Integer.MAX_VALUE) {
                throw new ManifestRejectedException(Reason.MALFORMED,
                        "%s: expected a priority from 0 to %d, saw %d"
                                .formatted(node.path("priority"), Integer.MAX_VALUE, priority));
            }
            URI status = node.has("status")
                    ? ManifestRules.statusUrl(node.text("status"), node.path("status"), options.allowPlainHttp())
                    : null;
            return new Mirror(provider, url, (int) priority, node.optionalText("region"), node.optionalText("group"),
                    status);
        }

        private static Instant instant(Fields node, String name) {
            String text = node.text(name);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new ManifestRejectedException(Reason.MALFORMED,
                        "%s: expected an ISO-8601 instant such as 2026-12-01T00:00:00Z, saw \"%s\""
                                .formatted(node.path(name), ManifestRules.printable(text)), e);
            }
        }
    }

    /** Typed, path-aware access to one JSON object's fields, so every message can name the exact field. */
    private record Fields(ObjectNode node, String prefix) {

        String path(String name) {
            return prefix.isEmpty() ? name : prefix + "." + name;
        }

        boolean has(String name) {
            JsonNode value = node.get(name);
            return value != null && !value.isNull();
        }

        private JsonNode required(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new ManifestRejectedException(Reason.MALFORMED,
                        "%s: required field is missing".formatted(path(name)));
            }
            return value;
        }

        String text(String name) {
            JsonNode value = required(name);
            if (!value.isTextual()) {
                throw wrongType(name, "a string", value);
            }
            return value.asText();
        }

        String optionalText(String name) {
            return has(name) ? text(name) : "";
        }

        boolean bool(String name) {
            JsonNode value = required(name);
            if (!value.isBoolean()) {
                throw wrongType(name, "true or false", value);
            }
            return value.booleanValue();
        }

        long integer(String name) {
            JsonNode value = required(name);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw wrongType(name, "a whole number", value);
            }
            return value.longValue();
        }

        List<String> texts(String name) {
            ArrayNode array = array(name);
            List<String> out = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (!item.isTextual()) {
                    throw wrongType(name + "[" + i + "]", "a string", item);
                }
                out.add(item.asText());
            }
            return out;
        }

        List<Fields> objects(String name) {
            ArrayNode array = array(name);
            List<Fields> out = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (!item.isObject()) {
                    throw wrongType(name + "[" + i + "]", "an object", item);
                }
                out.add(new Fields((ObjectNode) item, path(name) + "[" + i + "]"));
            }
            return out;
        }

        List<Fields> optionalObjects(String name) {
            return has(name) ? objects(name) : List.of();
        }

        private ArrayNode array(String name) {
            JsonNode value = required(name);
            if (!value.isArray()) {
                throw wrongType(name, "an array", value);
            }
            return (ArrayNode) value;
        }

        private ManifestRejectedException wrongType(String name, String expected, JsonNode seen) {
            return new ManifestRejectedException(Reason.MALFORMED,
                    "%s: expected %s, saw %s".formatted(path(name), expected, describe(seen)));
        }
    }
}
