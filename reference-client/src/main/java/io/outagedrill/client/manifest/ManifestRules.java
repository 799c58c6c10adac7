package io.outagedrill.client.manifest;

import io.outagedrill.client.Printable;
import io.outagedrill.client.manifest.ManifestRejectedException.Reason;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks every manifest input obeys, whatever its format (signed JSON or Metalink), so both readers reject
 * the same things with the same words. Each method names the field it checks ({@code alternates[0].file}).
 */
final class ManifestRules {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    /** Names Windows maps to devices whatever the extension; writing "NUL.mp4" there writes nowhere. */
    private static final Set<String> WINDOWS_DEVICE_NAMES = Set.of(
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    /**
     * Most file systems cap a name at 255 bytes, and the client writes files named after this one beside it: the
     * longest is a hedge's scratch file, {@code .NAME.hedge-CHUNK-RANDOM.tmp}, 43 bytes more (a chunk number of
     * up to 10 digits, a random part of up to 20); then {@code NAME.part.journal.tmp}, 17 more. A name of 213 to
     * 255 bytes would pass here and fail mid-download, at the first hedge or journal save.
     */
    static final int MAX_FILE_NAME_BYTES = 255 - 43;

    private ManifestRules() {
    }

    /**
     * A file name must be one plain path component: the client writes {@code NAME.part} beside the destination
     * and renames it, and a name that climbs out of the directory would let a manifest write anywhere.
     */
    static String fileName(String name, String field) {
        if (name.isEmpty()) {
            throw badName(field, name, "it is empty");
        }
        if (name.chars().allMatch(c -> c == '.')) {
            throw badName(field, name, "a name made only of dots refers to a directory");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw badName(field, name, "it contains the path separator '" + c + "' at index " + i);
            }
            if (c == ':') {
                // Drive letters ("C:x") and NTFS alternate data streams ("x:stream") both use ':'.
                throw badName(field, name, "it contains ':' at index " + i + " (drive letter or data stream)");
            }
            if (Character.isISOControl(c)) {
                throw badName(field, name, "it contains the control character U+%04X at index %d".formatted((int) c, i));
            }
        }
        if (name.endsWith(" ") || name.endsWith(".")) {
            // Windows silently strips them, so "a.mp4." and "a.mp4" would be the same file there.
            throw badName(field, name, "it ends with a space or a dot");
        }
        String stem = name.split("\\.", 2)[0].toUpperCase(Locale.ROOT);
        if (WINDOWS_DEVICE_NAMES.contains(stem)) {
            throw badName(field, name, "'" + stem + "' is a reserved device name on Windows");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_FILE_NAME_BYTES) {
            throw badName(field, name, "it is " + bytes + " bytes long in UTF-8, more than " + MAX_FILE_NAME_BYTES);
        }
        return name;
    }

    private static ManifestRejectedException badName(String field, String name, String why) {
        return new ManifestRejectedException(Reason.BAD_FILE_NAME,
                "%s: expected a single plain file name, saw \"%s\": %s".formatted(field, printable(name), why));
    }

    /** Accepts either case because publishers' tools differ; stores lowercase so comparisons are plain equals. */
    static String sha256(String hex, String field) {
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "%s: expected 64 hex digits (a SHA-256), saw \"%s\" (%d characters)"
                            .formatted(field, printable(abbreviate(hex)), hex.length()));
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    static long size(long size, String field) {
        if (size < 0) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "%s: expected a size of 0 or more bytes, saw %d".formatted(field, size));
        }
        return size;
    }

    static long chunkSize(long chunkSize, String field) {
        if (chunkSize <= 0) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "%s: expected a chunk size of at least 1 byte, saw %d".formatted(field, chunkSize));
        }
        return chunkSize;
    }

    /** The chunk list must cover the file exactly, so no byte goes unverified and no hash is spare. */
    static void chunkCount(long size, long chunkSize, List<String> chunks, String field) {
        long expected = size == 0 ? 0 : (size - 1) / chunkSize + 1;
        if (chunks.size() != expected) {
            throw new ManifestRejectedException(Reason.INCONSISTENT,
                    "%s: a file of %d bytes in chunks of %d bytes needs %d chunk hashes, saw %d"
                            .formatted(field, size, chunkSize, expected, chunks.size()));
        }
    }

    static void hasMirrors(List<Mirror> mirrors, String field) {
        if (mirrors.isEmpty()) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "%s: expected at least one mirror, saw none".formatted(field));
        }
    }

    /**
     * Mirrors are only barely trusted, but plain HTTP would let anyone on the path block or slow a download
     * and see what is fetched; it is allowed only when the caller asks (loopback tests).
     */
    static URI mirrorUrl(String url, String field, boolean allowPlainHttp) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "%s: expected an absolute https URL, saw \"%s\": %s".formatted(field, printable(url), e.getReason()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        boolean http = scheme.equals("http");
        if (!https && !(http && allowPlainHttp)) {
            String seen = scheme.isEmpty() ? "a URL without a scheme" : "a " + scheme + " URL";
            String hint = http ? " (plain http is allowed only when explicitly enabled, for loopback tests)" : "";
            throw new ManifestRejectedException(Reason.INSECURE_MIRROR,
                    "%s: expected an absolute https URL, saw %s \"%s\"%s".formatted(field, seen, printable(url), hint));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    "%s: expected a URL with a host name, saw \"%s\"".formatted(field, printable(url)));
        }
        return uri;
    }

    /**
     * A status page base URL obeys the mirror URL rule (a plain-http feed would let anyone on the path steer the
     * client away from a healthy mirror) and must be a plain base: the client appends {@code /api/v2/status.json},
     * which a query or fragment would swallow.
     */
    static URI statusUrl(String url, String field, boolean allowPlainHttp) {
        URI uri = mirrorUrl(url, field, allowPlainHttp);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ManifestRejectedException(Reason.MALFORMED,
                    ("%s: expected a status page base URL without query or fragment (the client appends "
                            + "/api/v2/status.json), saw \"%s\"").formatted(field, printable(url)));
        }
        return uri;
    }

    /** Lowercase hex SHA-256, the digest every layer uses to name bytes. */
    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Hostile input ends up in messages and terminals: see {@link Printable#of(String)}. */
    static String printable(String s) {
        return Printable.of(s);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
