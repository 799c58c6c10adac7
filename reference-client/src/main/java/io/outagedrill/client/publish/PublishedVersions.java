package io.outagedrill.client.publish;

import io.outagedrill.client.manifest.FileVersionStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * The last version published per file name, kept in a JSON file beside the signing key
 * ({@code publisher.jwk} keeps {@code publisher.jwk.published.json}), so automatic versions never go backwards:
 * a client that accepted version 7 refuses version 6 as a rollback. It is the same format, locking and atomic
 * writes as the client's own memory of accepted versions ({@link FileVersionStore}).
 */
public final class PublishedVersions {
    private final Path file;
    private final FileVersionStore store;

    public PublishedVersions(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.store = new FileVersionStore(file);
    }

    /** The record kept beside {@code privateKeyFile}. */
    public static PublishedVersions besideKey(Path privateKeyFile) {
        Path absolute = privateKeyFile.toAbsolutePath();
        return new PublishedVersions(absolute.resolveSibling(absolute.getFileName() + ".published.json"));
    }

    public Path file() {
        return file;
    }

    /** One more than the last version published for {@code fileName}, or 1 for a file never published. */
    public long next(String fileName) {
        return store.highest(fileName).map(last -> Math.addExact(last.version(), 1)).orElse(1L);
    }

    /**
     * Refuses a version below the last one published for {@code fileName}: clients that saw the newer manifest
     * would reject it as a rollback. The same version again is allowed (a renewal re-signs it).
     */
    public void checkNotBelow(String fileName, long version) {
        store.highest(fileName).ifPresent(last -> {
            if (version < last.version()) {
                throw new Below(fileName, version, last.version(), last.at(), file);
            }
        });
    }

    /**
     * A version below the record, with what each command needs to say it in its own terms (create can name a
     * higher version, renew only a newer copy).
     */
    public static final class Below extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final long published;

        Below(String fileName, long version, long published, Instant at, Path record) {
            super(("version %d for %s is below version %d published on %s (kept in %s): clients that saw %d would "
                    + "refuse %d as a rollback; publish a version of at least %d").formatted(version, fileName,
                    published, at, record, published, version, published));
            this.published = published;
        }

        /** The last version published for the file. */
        public long published() {
            return published;
        }
    }

    /** Writes a signed manifest: what {@link #publish} runs once the version is recorded. */
    @FunctionalInterface
    public interface Write<E extends Exception> {
        void run() throws E;
    }

    /**
     * Publishes {@code version} of {@code fileName}: refuses one below the record, records it, then runs
     * {@code write}. The check and the record are one step under the record's lock, so another run cannot record a
     * higher version between them. Recorded first on purpose: a record ahead of its file (the write failed) only
     * makes the next automatic version skip a number, while a file ahead of its record (the record failed) would
     * let {@code --version auto} sign that same version again over other content.
     */
    public <E extends Exception> void publish(String fileName, long version, Instant at, Write<E> write) throws E {
        var higher = store.recordAtLeast(fileName, version, at);
        if (higher.isPresent()) {
            throw new Below(fileName, version, higher.get().version(), higher.get().at(), file);
        }
        write.run();
    }

    /**
     * Publishes a new manifest at {@code version}, which must be above every version recorded for {@code fileName}:
     * checked and recorded in one step under the record's lock, then {@code write} runs. Two runs that picked the
     * same next version at once (two {@code manifest create --version auto} of one file) never both sign it: the
     * second gets {@link Taken} and writes nothing.
     */
    public <E extends Exception> void publishNew(String fileName, long version, Instant at, Write<E> write) throws E {
        var taken = store.recordAbove(fileName, version, at);
        if (taken.isPresent()) {
            throw new Taken(fileName, version, taken.get().version(), taken.get().at(), file);
        }
        write.run();
    }

    /** A version already published by another run: a new manifest must come after it. */
    public static final class Taken extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Taken(String fileName, long version, long published, Instant at, Path record) {
            super(("version %d of %s was published by another run on %s while this one worked (the last now is "
                    + "version %d, kept in %s): nothing was written; run it again for the next version")
                    .formatted(version, fileName, at, published, record));
        }
    }

    /**
     * Carries every version {@code earlier} recorded over to this record, never lowering one: after a key rotation
     * the new key's automatic versions go on after the old key's, instead of starting again at 1, which every client
     * that saw the old key's versions would refuse as a rollback.
     */
    public void carryOver(PublishedVersions earlier) {
        earlier.store.all().forEach((fileName, last) -> record(fileName, last.version(), last.at()));
    }

    /** Records that {@code version} of {@code fileName} was published; never lowers the record. */
    public void record(String fileName, long version, Instant at) {
        store.record(fileName, version, at);
    }
}
