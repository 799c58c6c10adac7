package io.outagedrill.client.publish;

import io.outagedrill.client.manifest.Alternate;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest to be made from files on disk: the publisher names the file, its mirrors, the chunk size, the
 * expiry and the version; {@link #build()} hashes the bytes and returns a {@link Manifest} that passes the same
 * rules a client applies ({@link ManifestJson#parse}), ready for {@code ManifestSigner}.
 *
 * <pre>{@code
 * Manifest manifest = ManifestDraft.of(Path.of("movie.mp4"))
 *         .mirror(new Mirror("fastly", URI.create("https://fastly.example/v/movie.mp4"), 1, "", null))
 *         .expires(Instant.now().plus(Duration.ofDays(7)))
 *         .version(42)
 *         .build();
 * }</pre>
 */
public final class ManifestDraft {

    /** The chunk size when none is given, unless the file needs larger chunks to keep the manifest small. */
    public static final long DEFAULT_CHUNK_SIZE = 4L << 20;

    /**
     * Chunk hashes a draft aims to stay under when it picks the chunk size itself: each costs about 67 bytes of
     * JSON, so this keeps the main file's hashes near 800 KB, under the 1 MiB a client accepts, with room left
     * for mirrors and alternates.
     */
    static final long CHUNK_HASH_BUDGET = 12_000;

    /** Chunk hashes that fit in {@link ManifestJson#MAX_BYTES} at 67 bytes each, with room for the rest. */
    static final long MAX_CHUNK_HASHES = 15_000;

    private final Path file;
    private final List<Mirror> mirrors = new ArrayList<>();
    private final List<AlternateDraft> alternates = new ArrayList<>();
    private String name;
    private String mimeType = "";
    private long chunkSize;
    private Instant expires;
    private long version = -1;

    private record AlternateDraft(String name, String description, Path file, List<Mirror> mirrors) {
    }

    private ManifestDraft(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        Path fileName = file.getFileName();
        this.name = fileName == null ? "" : fileName.toString();
    }

    /** A draft for {@code file}; its name in the manifest is the file's own name unless {@link #name} says. */
    public static ManifestDraft of(Path file) {
        return new ManifestDraft(file);
    }

    /** The file name clients save it as, when it differs from the name on the publisher's disk. */
    public ManifestDraft name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    public ManifestDraft mimeType(String mimeType) {
        this.mimeType = Objects.requireNonNull(mimeType, "mimeType");
        return this;
    }

    /** Adds a mirror; clients try mirrors of equal priority in the order they were added. */
    public ManifestDraft mirror(Mirror mirror) {
        mirrors.add(Objects.requireNonNull(mirror, "mirror"));
        return this;
    }

    public ManifestDraft mirrors(List<Mirror> mirrors) {
        mirrors.forEach(this::mirror);
        return this;
    }

    /**
     * Bytes per chunk. Without it the draft takes {@link #DEFAULT_CHUNK_SIZE}, doubled until the file needs at
     * most {@value #CHUNK_HASH_BUDGET} chunk hashes.
     */
    public ManifestDraft chunkSize(long chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size: expected at least 1 byte, saw " + chunkSize);
        }
        this.chunkSize = chunkSize;
        return this;
    }

    /**
     * The longest lifetime a manifest is issued with. Its expiry is what stops a mirror or a replica from serving a
     * frozen or replayed copy for ever, so it is kept to a year (the lifetime TUF gives its longest-lived metadata, the
     * root); a manifest meant to live longer is renewed ({@code drill manifest renew}) from a job, which it needs
     * anyway.
     */
    public static final long MAX_LIFETIME_DAYS = 366;
    /** {@link #MAX_LIFETIME_DAYS} as a duration. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(MAX_LIFETIME_DAYS);

    /** When clients stop accepting the manifest: after now, and at most {@link #MAX_LIFETIME} from now. */
    public ManifestDraft expires(Instant expires) {
        this.expires = Objects.requireNonNull(expires, "expires");
        return this;
    }

    /** The manifest's version: clients refuse a lower one than they accepted before, so it only goes up. */
    public ManifestDraft version(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version: expected 0 or more, saw " + version);
        }
        this.version = version;
        return this;
    }

    /**
     * Adds a degraded variant ("720p") of the file, hashed like the main file at the same chunk size.
     *
     * @param mirrors where the variant is served; often the main mirrors with the file name changed, see
     *                {@link #sameFolder(List, String)}
     */
    public ManifestDraft alternate(String name, String description, Path file, List<Mirror> mirrors) {
        alternates.add(new AlternateDraft(Objects.requireNonNull(name, "name"), description,
                Objects.requireNonNull(file, "file"), List.copyOf(mirrors)));
        return this;
    }

    /** {@code mirrors} with the last path segment of each URL replaced by {@code fileName}. */
    public static List<Mirror> sameFolder(List<Mirror> mirrors, String fileName) {
        return mirrors.stream().map(m -> new Mirror(m.provider(), m.url().resolve(encodeSegment(fileName)),
                m.priority(), m.region(), m.group(), m.status())).toList();
    }

    private static String encodeSegment(String fileName) {
        // URI.resolve takes a relative reference: percent-encode what would otherwise end or redirect the path
        // (spaces, '?', '#'), and a ':' that would make the name read as a scheme.
        try {
            return new URI(null, null, fileName, null).getRawPath().replace(":", "%3A");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("file name \"%s\" cannot be part of a URL: %s"
                    .formatted(fileName, e.getMessage()), e);
        }
    }

    /**
     * Hashes the file (and each alternate) and returns the manifest, after the checks a client makes, so a
     * publisher never produces a manifest every client would reject.
     *
     * @throws IOException              if a file cannot be read or changes while it is hashed
     * @throws IllegalStateException    if no expiry, version or mirror was given
     * @throws IllegalArgumentException if the result breaks a manifest rule (the message names the field)
     */
    public Manifest build(ManifestJson.Options options) throws IOException {
        if (mirrors.isEmpty()) {
            throw new IllegalStateException("a manifest needs at least one mirror");
        }
        if (expires == null) {
            throw new IllegalStateException("a manifest needs an expiry");
        }
        Instant now = Instant.now();
        if (!expires.isAfter(now)) {
            throw new IllegalArgumentException(("expires: expected a time after now (%s), saw %s: every client "
                    + "refuses an expired manifest").formatted(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    expires));
        }
        if (expires.isAfter(now.plus(MAX_LIFETIME))) {
            throw new IllegalArgumentException(("expires: expected at most %d days from now, saw %s: until it expires, "
                    + "a frozen or replayed copy of a manifest is accepted by clients; renew it to keep it longer")
                    .formatted(MAX_LIFETIME.toDays(), expires));
        }
        if (version < 0) {
            throw new IllegalStateException("a manifest needs a version");
        }
        Target target = target(name, mimeType, file, mirrors);
        List<Alternate> built = new ArrayList<>();
        for (AlternateDraft alternate : alternates) {
            Path altName = alternate.file().getFileName();
            built.add(new Alternate(alternate.name(), alternate.description(),
                    target(altName == null ? "" : altName.toString(), "", alternate.file(), alternate.mirrors())));
        }
        Manifest manifest = new Manifest(target, expires, version, built);
        // The client's own parser is the judge: whatever it would refuse is refused here, with its message.
        return ManifestJson.parse(ManifestJson.write(manifest), options);
    }

    /** {@link #build(ManifestJson.Options)} with https mirrors only, as shipped clients require. */
    public Manifest build() throws IOException {
        return build(ManifestJson.Options.STRICT);
    }

    private Target target(String fileName, String type, Path path, List<Mirror> targetMirrors) throws IOException {
        mirrorProblem(targetMirrors).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        long size = Files.size(path);
        long bytesPerChunk = chunkSize > 0 ? chunkSize : chunkSizeFor(size);
        chunkSizeProblem(size, bytesPerChunk).ifPresent(problem -> {
            // Said before hours of hashing, not after: the client's 1 MiB limit would refuse the result.
            throw new IllegalArgumentException(path + ": " + problem);
        });
        FileHashes hashes = FileHashes.of(path, bytesPerChunk);
        return new Target(fileName, hashes.size(), hashes.sha256(), type, hashes.chunkSize(), hashes.chunks(),
                targetMirrors);
    }

    /**
     * What a publisher would not mean, if any: a mirror URL given twice (one mirror counted as two failure domains),
     * or one carrying a user name or password, which the signed manifest would publish to every client (the client
     * sends no credentials from a URL anyway). Said before hashing, naming the URL (its credentials masked).
     */
    static Optional<String> mirrorProblem(List<Mirror> mirrors) {
        java.util.Set<java.net.URI> seen = new java.util.HashSet<>();
        for (Mirror m : mirrors) {
            java.net.URI url = m.url();
            if (url.getRawUserInfo() != null) {
                String masked = url.getScheme() + "://***@" + url.getRawAuthority()
                        .substring(url.getRawAuthority().lastIndexOf('@') + 1) + url.getRawPath();
                return Optional.of(("mirror %s: a URL with a user name or password in it would be published in "
                        + "the manifest to every client; give mirrors that need no credentials in the URL (a signed "
                        + "URL's token goes in its query)").formatted(masked));
            }
            if (!seen.add(url)) {
                return Optional.of("mirror %s is given twice; each mirror once".formatted(url));
            }
        }
        return Optional.empty();
    }

    /**
     * Why a file of {@code size} bytes cannot be published in chunks of {@code chunkSize}, if so: more chunk hashes
     * than fit in a manifest. For a command to name its option before it hashes anything.
     */
    public static Optional<String> chunkSizeProblem(long size, long chunkSize) {
        long count = FileHashes.chunkCount(size, chunkSize);
        if (count <= MAX_CHUNK_HASHES) {
            return Optional.empty();
        }
        long least = (size + MAX_CHUNK_HASHES - 1) / MAX_CHUNK_HASHES;
        return Optional.of(("%d bytes in chunks of %d bytes need %d chunk hashes, more than the %d that fit in a "
                + "manifest (a client reads at most %d bytes); use chunks of at least %d bytes (without "
                + "a chunk size: %d)").formatted(size, chunkSize, count, MAX_CHUNK_HASHES, ManifestJson.MAX_BYTES,
                least, chunkSizeFor(size)));
    }

    /** {@link #DEFAULT_CHUNK_SIZE}, doubled until a file of {@code size} bytes needs few enough chunk hashes. */
    public static long chunkSizeFor(long size) {
        long chunk = DEFAULT_CHUNK_SIZE;
        while (FileHashes.chunkCount(size, chunk) > CHUNK_HASH_BUDGET) {
            chunk *= 2;
        }
        return chunk;
    }
}
