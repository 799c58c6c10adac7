package io.outagedrill.fakes.fault;

import io.outagedrill.fakes.topology.Provider;
import io.outagedrill.fakes.topology.Topology;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * The running world faults act on, and the seed their random draws derive from.
 *
 * @param seed the world's (a scenario's run seed): the same seed gives the same draws
 */
public record FaultContext(Topology world, long seed) {
    /** A context seeded with the world's own seed. */
    public static FaultContext of(Topology world) {
        return new FaultContext(world, world.seed());
    }

    /** The providers a target names: the provider of that name, else every provider of that failure group. */
    public List<Provider> providers(String target) {
        List<Provider> all = world.providers();
        List<Provider> named = all.stream().filter(p -> p.name().equals(target)).toList();
        if (!named.isEmpty()) {
            return named;
        }
        List<Provider> group = all.stream().filter(p -> p.group().equals(target)).toList();
        if (group.isEmpty()) {
            TreeSet<String> known = new TreeSet<>();
            all.forEach(p -> {
                known.add(p.name());
                known.add(p.group());
            });
            throw new NoSuchElementException("no provider or group " + target + "; known: " + known);
        }
        return group;
    }

    /** A seed per fault id: the same world seed gives the same draws, and two faults do not share draws. */
    public long seedFor(String id) {
        return seed * 31 + id.hashCode();
    }
}
