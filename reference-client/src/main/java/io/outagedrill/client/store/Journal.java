package io.outagedrill.client.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The resume journal ({@code NAME.part.journal}): a small JSON file replaced atomically on every change, so that
 * after a crash at any moment it holds either the old or the new state, never a torn one.
 *
 * <p>Order of durability: chunk bytes are forced to the part file before {@link #save} is called with that chunk
 * marked; the journal is written to a temp file, forced, renamed over the old one, and the directory forced.
 */
public final class Journal {
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** Reads the journal; empty when there is none or it cannot be understood (then the download starts over). */
    public Optional<JournalState> load() throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(path));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            return Optional.empty();
        }
        Map<String, String> etags = new HashMap<>();
        root.path("etags").fields().forEachRemaining(e -> etags.put(e.getKey(), e.getValue().asText()));
        BitSet verified = BitSet.valueOf(Base64.getDecoder().decode(root.path("verified").asText("")));
        return Optional.of(new JournalState(root.path("file").asText(), root.path("manifestDigest").asText(),
                root.path("manifestVersion").asLong(), root.path("contentId").asText(), root.path("size").asLong(),
                root.path("chunkSize").asLong(), verified, etags));
    }

    public synchronized void save(JournalState state) throws IOException {
        ObjectNode root = JSON.createObjectNode();
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
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(root)));
            channel.force(true);
        }
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Durability.forceDirectory(path.getParent());
    }

    public void delete() throws IOException {
        Files.deleteIfExists(path);
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + ".tmp"));
    }
}
