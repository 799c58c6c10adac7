package io.outagedrill.fakes.proxy;

import java.util.Locale;

/** Which way data flows through a toxic: {@code upstream} is client to server, {@code downstream} server to client. */
public enum StreamDirection {
    UPSTREAM,
    DOWNSTREAM;

    /** The name on the wire, lower case as Toxiproxy writes it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a stream name case-insensitively, as Toxiproxy does; anything else is its 400. */
    public static StreamDirection parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "upstream" -> UPSTREAM;
            case "downstream" -> DOWNSTREAM;
            default -> throw new ApiException(400, "stream was invalid, can be either upstream or downstream");
        };
    }
}
