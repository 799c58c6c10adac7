package io.outagedrill.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.store.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The publisher's own order and priorities of the mirrors, kept beside the router's output
 * ({@code OUT.jws.routing.json}). The router rewrites priorities when it demotes a mirror, and a supervisor
 * restarts it with its own output as input (the output may be the input file itself): read back, that manifest
 * would make the demotion the publisher's wish, and the mirror would never come back. So a restarted router that
 * is given a version between the publisher's and the last it published takes the order kept here; any other input
 * (a newer version the publisher made, or other mirrors) is the publisher's new wish, and replaces what is kept.
 */
public final class PreferredOrder {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What is kept: the file, the publisher's version the order came from, the highest version the router has
     * published since (or was about to), and the publisher's mirrors.
     */
    record Kept(String file, long baseVersion, long routedVersion, List<Preferred> mirrors) {
    }

    /** One mirror as the publisher listed it. */
    record Preferred(String provider, String url, int priority) {
    }

    private final Path file;

    private PreferredOrder(Path file) {
        this.file = file;
    }

    /** The record kept beside {@code out}. */
    public static PreferredOrder besideOutput(Path out) {
        Path absolute = out.toAbsolutePath();
        return new PreferredOrder(absolute.resolveSibling(absolute.getFileName() + ".routing.json"));
    }

    public Path file() {
        return file;
    }

    /**
     * The mirrors in the publisher's order for {@code input}: the kept order when {@code input} is, for the same file
     * and mirrors, the publisher's version or one this router published, else {@code input}'s own, which is then
     * kept.
     */
    public List<Mirror> resolve(Manifest input) throws IOException {
        List<Mirror> mirrors = input.target().mirrors();
        Kept kept = read();
        if (kept != null && kept.file().equals(input.target().file()) && kept.baseVersion() <= input.version()
                && input.version() <= kept.routedVersion() && sameMirrors(kept, mirrors)) {
            List<Mirror> preferred = new ArrayList<>();
            for (Preferred p : kept.mirrors()) {
                Mirror now = mirrors.stream().filter(m -> key(m).equals(key(p))).findFirst().orElseThrow();
                preferred.add(new Mirror(now.provider(), now.url(), p.priority(), now.region(), now.group(),
                        now.status()));
            }
            return List.copyOf(preferred);
        }
        write(new Kept(input.target().file(), input.version(), input.version(), mirrors.stream()
                .map(m -> new Preferred(m.provider(), m.url().toString(), m.priority())).toList()));
        return mirrors;
    }

    /**
     * Records that the router publishes {@code version}: given back after a restart, it is the router's own.
     * Called before the manifest is written, so a version that is live is always one the record covers.
     */
    public void routed(long version) throws IOException {
        Kept kept = read();
        if (kept != null && version > kept.routedVersion()) {
            write(new Kept(kept.file(), kept.baseVersion(), version, kept.mirrors()));
        }
    }

    private Kept read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), Kept.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("%s: not the routing record drill route keeps (%s); move it away to start from the "
                    .formatted(file, e.getOriginalMessage()) + "manifest's own order", e);
        }
    }

    private void write(Kept kept) throws IOException {
        try {
            AtomicWrite.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(kept));
        } catch (IOException e) {
            // Java's own exception names only the temporary file beside it, which says neither what nor why.
            throw new IOException("cannot keep the publisher's order in %s: %s".formatted(file, IoErrors.describe(e)),
                    e);
        }
    }

    private static boolean sameMirrors(Kept kept, List<Mirror> mirrors) {
        return kept.mirrors().size() == mirrors.size() && new HashSet<>(kept.mirrors().stream()
                .map(PreferredOrder::key).toList()).equals(new HashSet<>(mirrors.stream().map(PreferredOrder::key)
                .toList()));
    }

    private static String key(Preferred p) {
        return p.provider() + " " + p.url();
    }

    private static String key(Mirror m) {
        return m.provider() + " " + m.url();
    }
}
