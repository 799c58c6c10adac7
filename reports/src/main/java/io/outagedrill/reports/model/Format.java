package io.outagedrill.reports.model;

import java.util.Locale;

/** Number formatting shared by every output, so the HTML, Markdown and JUnit XML say the same thing. */
public final class Format {
    private Format() {
    }

    /**
     * Whole percentages as they are, others with one decimal; a share short of all or of none never rounds to
     * "100.0%" or "0.0%" (a 99.99% share beside an exhausted budget would read as all), it gets the decimals
     * that show it.
     */
    public static String percent(double share) {
        double p = share * 100;
        if (Math.abs(p - Math.rint(p)) < 1e-9) {
            return f("%.0f%%", p);
        }
        for (int decimals = 1; decimals < 6; decimals++) {
            String text = f("%." + decimals + "f%%", p);
            double shown = Double.parseDouble(text.substring(0, text.length() - 1));
            if (shown != 100 && shown != 0) {
                return text;
            }
        }
        return f("%.6f%%", p);
    }

    /**
     * Whole milliseconds under a second, seconds with two decimals under ten, with one above. The form is chosen by
     * the value as it will be printed, not as it is: 999.6 ms rounds to a second and reads "1.00 s" as 1000 ms does,
     * never "1000 ms" (and 9999.6 ms "10.0 s", never "10.00 s"), so one duration has one way to be written.
     */
    public static String millis(Double ms) {
        if (ms == null) {
            return "–";
        }
        if (shown("%.0f", ms) < 1000) {
            return f("%.0f ms", ms);
        }
        double seconds = ms / 1000;
        return shown("%.2f", seconds) < 10 ? f("%.2f s", seconds) : f("%.1f s", seconds);
    }

    /** {@code value} as {@code pattern} rounds it. */
    private static double shown(String pattern, double value) {
        return Double.parseDouble(f(pattern, value));
    }

    public static String bytes(Double bytes) {
        if (bytes == null) {
            return "–";
        }
        double b = bytes;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        while (Math.abs(b) >= 1024 && i < units.length - 1) {
            b /= 1024;
            i++;
        }
        return i == 0 ? f("%.0f B", b) : f("%.1f %s", b, units[i]);
    }

    public static String rate(Double bytesPerSecond) {
        return bytesPerSecond == null ? "–" : bytes(bytesPerSecond) + "/s";
    }

    public static String number(Double value) {
        if (value == null) {
            return "–";
        }
        return Math.abs(value - Math.rint(value)) < 1e-9 ? f("%.0f", value) : f("%.2f", value);
    }

    /** Locale-independent: a report written on a German machine must still read 1.5, not 1,5. */
    public static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
