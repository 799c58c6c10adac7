package io.outagedrill.fakes.proxy;

import java.util.List;
import java.util.Optional;

/**
 * The attributes each toxic type takes, as this proxy (and Toxiproxy, for its own types) knows them: for checking a
 * toxic before it is sent. Toxiproxy ignores an attribute it does not know and gives the type's default instead, so
 * a misspelt {@code rat} of a bandwidth toxic installed rate 0, a blackhole where a slow link was meant.
 */
public final class ToxicAttributes {
    private ToxicAttributes() {
    }

    /** The attribute names of {@code type}; empty for a type this proxy does not know (the proxy refuses it). */
    public static Optional<List<String>> of(String type) {
        return ToxicTypes.attributeNames(type);
    }
}
