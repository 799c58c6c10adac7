package io.outagedrill.reports.svg;

import java.util.Optional;

/**
 * One mirror switch as the harness writes it: "from -> to NEW: why". The records keep no time for a switch, so the
 * timeline pins it to the first chunk the new mirror delivered afterwards.
 */
record Switch(String from, String to, String why) {

    static Optional<Switch> parse(String text) {
        int arrow = text.indexOf(" -> ");
        if (arrow < 0) {
            return Optional.empty();
        }
        String from = text.substring(0, arrow).strip();
        String rest = text.substring(arrow + 4).strip();
        if (rest.startsWith("to ")) {
            rest = rest.substring(3);
        }
        int colon = rest.indexOf(": ");
        String to = colon < 0 ? rest : rest.substring(0, colon);
        String why = colon < 0 ? "" : rest.substring(colon + 2);
        return Optional.of(new Switch(from, to.strip(), why));
    }
}
