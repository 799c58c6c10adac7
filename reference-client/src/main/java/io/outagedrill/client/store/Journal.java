package io.outagedrill.client.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outagedrill.client.JsonTrees;
import io.outagedrill.client.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The resume journal ({@code NAME.part.journal}): a small JSON file replaced atomically on every change, so that
 * after a crash at any moment it holds either the old or the new state, never a torn one.
 *
 * <p>Order of durability: chunk bytes are forced to the part file before {@link #save} is called with that chunk
 * marked; the journal is written to a temp file, forced, renamed over the old one, and the directory forced.
 */
public final class Journal {
    private static final int FORMAT = 1;
    /**
     * Far above any real journal (one bit per chunk, base64, plus one ETag per mirror); a larger file is not
     * this client's and is not read into memory.
     */
    static final long MAX_BYTES = 16L << 20;

    private final Path path;

    public Journal(Path path) {
        this.path = path;
    }

    public static Journal beside(Path partFile) {
        return new Journal(partFile.resolveSibling(partFile.getFileName() + ".journal"));
    }

    public Path path() {
        return path;
    }

    /** The journal's state, or empty when there is none or it is refused (see {@link #read} for why). */
    public Optional<JournalState> load() throws IOException {
        return read() instanceof JournalRead.Found found ? Optional.of(found.state()) : Optional.empty();
    }

    /**
     * Reads and checks the journal. Anything malformed (not JSON, another format version, a missing or mistyped
     * field, invalid base64, counts that disagree) is {@link JournalRead.Refused refused} with the reason, never
     * thrown: a damaged journal must not stop every later run.
     *
     * @throws IOException only when the disk itself cannot be read
     */
    public JournalRead read() throws IOException {
        BasicFileAttributes found;
        try {
            found = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException none) {
            return new JournalRead.Missing();
        }
        // A link could lead anywhere (to /dev/zero, read for ever): this client writes its journal as a plain file.
        if (!found.isRegularFile()) {
            return new JournalRead.Refused("%s is %s, not a journal this client wrote; links are not followed"
                    .formatted(path.getFileName(), found.isSymbolicLink() ? "a symbolic link" : "not a regular file"));
        }
        if (found.size() > MAX_BYTES) {
            return new JournalRead.Refused("%s is %d bytes, more than any journal this client writes (%d)"
                    .formatted(path.getFileName(), found.size(), MAX_BYTES));
        }
        try {
            return new JournalRead.Found(parse(readNoFollow(path)));
        } catch (Damage e) {
            return new JournalRead.Refused("%s is damaged: %s".formatted(path.getFileName(), e.getMessage()));
        }
    }

    /** The file's bytes, at most {@link #MAX_BYTES} of them, opened without following a link put there since. */
    private static byte[] readNoFollow(Path path) throws IOException, Damage {
        try (InputStream in = Channels.newInputStream(FileChannel.open(path, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new Damage("it grew past %d bytes while it was read".formatted(MAX_BYTES));
            }
            return bytes;
        }
    }

    private static JournalState parse(byte[] bytes) throws Damage {
        JsonNode root;
        try {
            root = JsonTrees.read(JsonTrees.STRICT, bytes);
        } catch (IOException e) {
            throw new Damage("expected JSON, saw unreadable text (" + Printable.of(
                    e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage()),
                    120) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new Damage("expected a JSON object, saw " + (root == null || root.isMissingNode() ? "nothing"
                    : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode format = root.path("format");
        if (!format.isIntegralNumber() || format.asLong() != FORMAT) {
            throw new Damage("expected format %d, saw %s (written by another version of the client?)"
                    .formatted(FORMAT, shown(format)));
        }
        String file = text(root, "file");
        String manifestDigest = text(root, "manifestDigest");
        long manifestVersion = number(root, "manifestVersion", Long.MIN_VALUE);
        String contentId = text(root, "contentId");
        long fileSize = number(root, "size", 0);
        long chunkSize = number(root, "chunkSize", 1);
        String encoded = text(root, "verified");
        BitSet verified;
        try {
            verified = BitSet.valueOf(Base64.getDecoder().decode(encoded));
        } catch (IllegalArgumentException e) {
            throw new Damage("\"verified\": expected base64, saw \"%s\" (%s)"
                    .formatted(Printable.of(encoded, 60), e.getMessage()));
        }
        JsonNode count = root.path("verifiedCount");
        if (!count.isMissingNode() && (!count.isIntegralNumber() || count.asLong() != verified.cardinality())) {
            throw new Damage("\"verifiedCount\" says %s chunk(s), but \"verified\" marks %d"
                    .formatted(shown(count), verified.cardinality()));
        }
        JsonNode etagNode = root.path("etags");
        if (!etagNode.isMissingNode() && !etagNode.isObject()) {
            throw new Damage("\"etags\": expected an object, saw " + shown(etagNode));
        }
        Map<String, String> etags = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : etagNode.properties()) {
            if (!e.getValue().isTextual()) {
                throw new Damage("\"etags\": expected text for %s, saw %s"
                        .formatted(Printable.of(e.getKey(), 80), shown(e.getValue())));
            }
            etags.put(e.getKey(), e.getValue().asText());
        }
        return new JournalState(file, manifestDigest, manifestVersion, contentId, fileSize, chunkSize, verified,
                etags);
    }

    private static String text(JsonNode root, String field) throws Damage {
        JsonNode node = root.path(field);
        if (!node.isTextual()) {
            throw new Damage("\"%s\": expected text, saw %s".formatted(field, shown(node)));
        }
        return node.asText();
    }

    private static long number(JsonNode root, String field, long min) throws Damage {
        JsonNode node = root.path(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min) {
            throw new Damage("\"%s\": expected a whole number%s, saw %s".formatted(field,
                    min == Long.MIN_VALUE ? "" : " of at least " + min, shown(node)));
        }
        return node.asLong();
    }

    private static String shown(JsonNode node) {
        return node.isMissingNode() ? "nothing" : Printable.of(node.toString(), 60);
    }

    /** Why a journal is refused; never leaves this class. */
    private static final class Damage extends Exception {
        Damage(String message) {
            super(message, null, false, false);
        }
    }

    public synchronized void save(JournalState state) throws IOException {
        save(state, () -> true);
    }

    /**
     * Saves {@code state} if {@code stillWanted} holds once its bytes are on disk, just before they replace the
     * journal; returns whether they did. A writer that gave up waiting for a save (a hung disk) asks so: the save,
     * ending late, must not replace a journal another download of the file has saved since. What it leaves at the
     * temporary name is removed by the next save, never here: that name may by then be another save's.
     */
    public synchronized boolean save(JournalState state, BooleanSupplier stillWanted)
            throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("file", state.file());
        root.put("manifestDigest", state.manifestDigest());
        root.put("manifestVersion", state.manifestVersion());
        root.put("contentId", state.contentId());
        root.put("size", state.size());
        root.put("chunkSize", state.chunkSize());
        root.put("verifiedCount", state.verified().cardinality());
        root.put("verified", Base64.getEncoder().encodeToString(state.verified().toByteArray()));
        ObjectNode etags = root.putObject("etags");
        state.etags().forEach(etags::put);

        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        // A new file every time (O_CREAT|O_EXCL follows no link): truncating whatever is at the name would truncate
        // the file a link planted there points at.
        Files.deleteIfExists(temp);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(JsonTrees.write(root)));
            channel.force(true);
        }
        if (!stillWanted.getAsBoolean()) {
            return false;
        }
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Durability.forceDirectory(path.getParent());
        return true;
    }

    public void delete() throws IOException {
        Files.deleteIfExists(path);
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + ".tmp"));
    }
}
