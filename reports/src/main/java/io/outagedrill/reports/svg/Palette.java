package io.outagedrill.reports.svg;

import java.util.List;

/** Colours that stay apart for colour-blind readers (Okabe–Ito), assigned by position so a legend is stable. */
public final class Palette {
    private static final List<String> COLOURS = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
            "#D55E00", "#F0E442", "#000000");
    private static final List<String> FAULTS = List.of("#d62728", "#9467bd", "#8c564b", "#7f7f7f");

    private Palette() {
    }

    public static String colour(int index) {
        return COLOURS.get(Math.floorMod(index, COLOURS.size()));
    }

    public static String fault(int index) {
        return FAULTS.get(Math.floorMod(index, FAULTS.size()));
    }
}
