package io.outagedrill.fakes;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;

/**
 * What is wrong with a request body that is not JSON, in the words an API client should see: Jackson's own
 * message without the "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled) ...]" it
 * appends, then where it stopped.
 */
public final class JsonSyntax {
    private JsonSyntax() {
    }

    /** E.g. "Unexpected end-of-input: expected close marker for Object at line 1, column 12". */
    public static String words(JacksonException e) {
        String text = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int source = text.indexOf("[Source:");
        if (source >= 0) {
            // Cut the source reference and the " (start marker at " or " at " that leads into it.
            String head = text.substring(0, source).stripTrailing();
            for (String lead : new String[] {"(start marker at", "at"}) {
                if (head.endsWith(lead)) {
                    head = head.substring(0, head.length() - lead.length()).stripTrailing();
                    break;
                }
            }
            text = head;
        }
        text = text.lines().findFirst().orElse("").strip();
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? text
                : text + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
