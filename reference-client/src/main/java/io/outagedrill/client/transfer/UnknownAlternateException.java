package io.outagedrill.client.transfer;

/**
 * A request for an alternate the manifest does not list: the caller's mistake (a CLI's usage error), known only once
 * the manifest is read, so nothing was downloaded.
 */
public final class UnknownAlternateException extends IllegalArgumentException {
    UnknownAlternateException(String name, String listed) {
        super("the manifest has no alternate '%s'; it has: %s".formatted(name, listed));
    }
}
