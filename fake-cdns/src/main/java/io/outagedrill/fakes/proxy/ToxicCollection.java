package io.outagedrill.fakes.proxy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One proxy's toxics, in the order they were added (the order of each direction's chain), and the live links
 * that must hear about every change.
 */
final class ToxicCollection {
    private final LinkedHashMap<String, ToxicEntry> toxics = new LinkedHashMap<>();
    private final Set<Link> links = new LinkedHashSet<>();

    synchronized ToxicConfig add(ToxicConfig config) {
        if (toxics.containsKey(config.name())) {
            throw new ApiException(409, "toxic already exists");
        }
        toxics.put(config.name(), new ToxicEntry(config, ToxicTypes.build(config)));
        publish();
        return config;
    }

    synchronized ToxicConfig update(String name, UnaryOperator<ToxicConfig> change) {
        ToxicEntry current = toxics.get(name);
        if (current == null) {
            throw ApiException.toxicNotFound();
        }
        ToxicConfig updated = change.apply(current.config());
        toxics.put(name, new ToxicEntry(updated, ToxicTypes.build(updated)));
        publish();
        return updated;
    }

    synchronized void remove(String name) {
        if (toxics.remove(name) == null) {
            throw ApiException.toxicNotFound();
        }
        publish();
    }

    synchronized void clear() {
        if (!toxics.isEmpty()) {
            toxics.clear();
            publish();
        }
    }

    synchronized ToxicConfig get(String name) {
        ToxicEntry entry = toxics.get(name);
        if (entry == null) {
            throw ApiException.toxicNotFound();
        }
        return entry.config();
    }

    /**
     * Upstream toxics first, then downstream, each in the order added: Toxiproxy lists its chains one direction
     * after the other (GetToxicArray), not in the order of the API calls.
     */
    synchronized List<ToxicConfig> list() {
        return toxics.values().stream().map(ToxicEntry::config)
                .sorted(Comparator.comparing(ToxicConfig::stream)) // stable: keeps the order within a direction
                .toList();
    }

    synchronized void attach(Link link) {
        links.add(link);
        link.chainChanged(chainFor(link.direction));
    }

    synchronized void detach(Link link) {
        links.remove(link);
    }

    private void publish() {
        // A copy: a change may close a connection, which detaches its links while we iterate.
        for (Link link : new ArrayList<>(links)) {
            link.chainChanged(chainFor(link.direction));
        }
    }

    private List<ToxicEntry> chainFor(StreamDirection direction) {
        return toxics.values().stream().filter(entry -> entry.config().stream() == direction).toList();
    }
}
