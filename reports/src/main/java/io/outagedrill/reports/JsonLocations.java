package io.outagedrill.reports;

import com.fasterxml.jackson.core.JsonLocation;
import java.nio.file.Path;

/** Where in a JSON file Jackson stopped, as the reports module's messages name it. */
public final class JsonLocations {
    private JsonLocations() {
    }

    /** {@code FILE:LINE:COLUMN}, or the file alone when Jackson gave no line. */
    public static String in(Path file, JsonLocation at) {
        return file + (at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr());
    }

    /** {@code " at line L, column C"}, or nothing when Jackson gave no line. */
    public static String words(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
