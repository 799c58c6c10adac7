package io.outagedrill.client.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outagedrill.client.ClientException;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.JsonTrees;
import io.outagedrill.client.store.UserFolders;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link VersionStore} in a JSON file:
 * <pre>{@code {"files": {"video.mp4": {"version": 5, "acceptedAt": "2026-05-01T10:00:00Z"}}}}</pre>
 *
 * <p>Every operation re-reads the file, so several stores (or processes) on one file see each other's records.
 * Writes go to a temporary file in the same directory that is synced and then renamed over the old one
 * ({@code ATOMIC_MOVE}), so a crash leaves either the old or the new content, never half. Threads in one JVM
 * are serialised by a lock per path, processes by an OS file lock on {@code versions.json.lock}.
 *
 * <p>A file that can not be parsed is an error, not an empty memory: silently forgetting would re-open the
 * door to rollbacks. The message says how to reset (delete the file), which is also the documented procedure
 * after a key compromise; see {@link VersionStore}.
 */
public final class FileVersionStore implements VersionStore {

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final ReentrantLock lock;

    public FileVersionStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.lock = LOCKS.computeIfAbsent(this.file, p -> new ReentrantLock());
    }

    /** A store at {@link #defaultPath()}. */
    public static FileVersionStore atDefaultPath() {
        return new FileVersionStore(defaultPath());
    }

    /**
     * {@code versions.json} in the client's state folder ({@link UserFolders#state()}):
     * {@code $XDG_STATE_HOME/outage-drill}, else {@code ~/.local/state/outage-drill}.
     */
    public static Path defaultPath() {
        return UserFolders.state().resolve("versions.json");
    }

    public Path path() {
        return file;
    }

    @Override
    public Optional<Accepted> highest(String name) {
        return locked(versions -> Optional.ofNullable(versions.get(name)), false);
    }

    @Override
    public void record(String name, long version, Instant at) {
        recordAtLeast(name, version, at); // a higher record stands, as it should: never lowered
    }

    /** Every file's highest version, by file name. */
    public Map<String, Accepted> all() {
        return locked(Map::copyOf, false);
    }

    /**
     * Records {@code version} for {@code name} only if it is above the version recorded, checked and written in one
     * step under the lock (threads and processes alike): what a publisher uses to claim a version nobody else may
     * sign, where {@link #highest} then {@link #record} would let two processes both see the same last version.
     *
     * @return empty when {@code version} was recorded, else the record at or above it that stopped it
     */
    public Optional<Accepted> recordAbove(String name, long version, Instant at) {
        return locked(versions -> {
            Accepted old = versions.get(name);
            if (old != null && version <= old.version()) {
                return Optional.of(old);
            }
            versions.put(name, new Accepted(version, at));
            write(versions);
            return Optional.<Accepted>empty();
        }, true);
    }

    /**
     * Records {@code version} for {@code name} unless a higher one is recorded, checked and written in one step under
     * the lock: what a publisher uses for a version it was given (the same version again is a renewal, allowed),
     * where {@link #highest} then {@link #record} would let another process record a higher one in between, and this
     * one then sign a version below it.
     *
     * @return empty when {@code version} stands as the record (recorded, or already there), else the higher record
     *     that stopped it
     */
    public Optional<Accepted> recordAtLeast(String name, long version, Instant at) {
        return locked(versions -> {
            Accepted old = versions.get(name);
            if (old != null && version < old.version()) {
                return Optional.of(old);
            }
            if (old == null || version > old.version()) {
                versions.put(name, new Accepted(version, at));
                write(versions);
            }
            return Optional.<Accepted>empty();
        }, true);
    }

    @Override
    public void forget(String name) {
        locked(versions -> {
            if (versions.remove(name) != null) {
                write(versions);
            }
            return null;
        }, true);
    }

    private <T> T locked(Function<Map<String, Accepted>, T> action, boolean writing) {
        lock.lock();
        try {
            if (!writing && !Files.exists(file)) {
                return action.apply(new TreeMap<>()); // reading needs no directory; do not create one
            }
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.apply(read());
            }
        } catch (IOException e) {
            throw new ClientException("cannot use the version memory %s: %s".formatted(file, IoErrors.describe(e)), e);
        } finally {
            lock.unlock();
        }
    }

    private Map<String, Accepted> read() throws IOException {
        Map<String, Accepted> versions = new TreeMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return versions;
        }
        try {
            JsonNode files = JsonTrees.read(JsonTrees.STRICT, bytes).path("files");
            for (Map.Entry<String, JsonNode> entry : files.properties()) {
                JsonNode version = entry.getValue().path("version");
                if (!version.isIntegralNumber()) {
                    throw new IllegalArgumentException("files." + entry.getKey() + ".version is not a number");
                }
                versions.put(entry.getKey(), new Accepted(version.longValue(),
                        Instant.parse(entry.getValue().path("acceptedAt").asText())));
            }
            return versions;
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
            throw new ClientException(("the version memory %s is damaged (%s); it protects against rollbacks, so "
                    + "it is not ignored: delete the file to start over").formatted(file, e.getMessage()), e);
        }
    }

    private void write(Map<String, Accepted> versions) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode files = root.putObject("files");
        versions.forEach((name, accepted) -> files.putObject(name)
                .put("version", accepted.version())
                .put("acceptedAt", accepted.at().toString()));
        try {
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    out.write(java.nio.ByteBuffer.wrap(JsonTrees.writeIndented(root)));
                    out.force(true); // durable before the rename makes it visible
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new ClientException("cannot write the version memory %s: %s".formatted(file, e.getMessage()), e);
        }
    }
}
