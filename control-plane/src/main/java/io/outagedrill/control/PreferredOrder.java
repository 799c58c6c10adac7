package io.outagedrill.control;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * is given the version it published last takes the order kept here; any other input (a version the publisher
 * made, or other mirrors) is the publisher's new wish, and replaces what is kept.
 */
public final class PreferredOrder {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is kept: the file, the version the router published last, and the publisher's mirrors. */
    record Kept(String file, long routedVersion, List<Preferred> mirrors) {
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
     * The mirrors in the publisher's order for {@code input}: the kept order when {@code input} is the version this
     * router published last for the same file and mirrors, else {@code input}'s own, which is then kept.
     */
    public List<Mirror> resolve(Manifest input) throws IOException {
        List<Mirror> mirrors = input.target().mirrors();
        Kept kept = read();
        if (kept != null && kept.file().equals(input.target().file()) && kept.routedVersion() == input.version()
                && sameMirrors(kept, mirrors)) {
            List<Mirror> preferred = new ArrayList<>();
            for (Preferred p : kept.mirrors()) {
                Mirror now = mirrors.stream().filter(m -> key(m).equals(key(p))).findFirst().orElseThrow();
                preferred.add(new Mirror(now.provider(), now.url(), p.priority(), now.region(), now.group(),
                        now.status()));
            }
            return List.copyOf(preferred);
        }
        write(new Kept(input.target().file(), input.version(), mirrors.stream()
                .map(m -> new Preferred(m.provider(), m.url().toString(), m.priority())).toList()));
        return mirrors;
    }

    /** Records that the router published {@code version}: given back after a restart, it is the router's own. */
    public void routed(long version) throws IOException {
        Kept kept = read();
        if (kept != null) {
            write(new Kept(kept.file(), version, kept.mirrors()));
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
        AtomicWrite.replace(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(kept));
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
