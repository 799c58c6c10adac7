package io.outagedrill.fakes.proxy;

/**
 * A toxic as configured plus its behaviour. A new entry replaces the old one on every update, so links can
 * tell "same toxic" from "updated toxic" by identity.
 */
record ToxicEntry(ToxicConfig config, Toxic toxic) {
    String name() {
        return config.name();
    }
}
