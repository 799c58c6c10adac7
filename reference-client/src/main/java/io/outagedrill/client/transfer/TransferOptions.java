package io.outagedrill.client.transfer;

import io.outagedrill.client.ByteSize;
import io.outagedrill.client.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The table of transfer knobs: each one once, with its name, type, default and help. The CLI's {@code get}
 * generates its options from it (so a {@code --config} file takes the same names), the harness reads a scenario's
 * client {@code options} through it, and {@link TransferConfig.Builder} starts from its defaults. A new knob is a
 * new entry here (plus its field in {@link TransferConfig}).
 *
 * <p>Not here: settings a program decides rather than a user tunes ({@link TransferConfig#allowPlainHttp()},
 * which the CLI ties to its manifest rules too, and {@link TransferConfig#progressInterval()}).
 */
public final class TransferOptions {
    private static final String DURATION = "DURATION";

    /** The default of {@code manifest-timeout}, also that of {@code manifest verify}, which has no transfer. */
    public static final String MANIFEST_TIMEOUT_DEFAULT = "10s";
    /** The help of {@code manifest-timeout} without its default, shared with {@code manifest verify}. */
    public static final String MANIFEST_TIMEOUT_HELP =
            "Longest wait for one manifest copy, headers and body; then the next copy is tried";

    public static final List<TransferOption<?>> ALL = List.of(
            option("policy", String.class, "NAME", "adaptive",
                    "Failover policy: sequential, parallel or adaptive (default).",
                    TransferOptions::policy, TransferConfig.Builder::policy),
            option("mirror", String.class, "NAME", null, "Use only this mirror (provider or host name).",
                    Function.identity(), TransferConfig.Builder::pinnedMirror),
            option("seed", Long.class, "N", null, "Seed for jitter and weighted choices (printed).",
                    TransferOptions::seed, TransferConfig.Builder::seed),
            option("connections", Integer.class, "N", "4", "Total connections, 1 to 64 ({default}).",
                    text -> wholeIn(text, 1, TransferConfig.MAX_CONNECTIONS), TransferConfig.Builder::connections),
            option("connections-per-mirror", Integer.class, "N", "2", "Connections to one mirror at once, 1 to 16 ({default}).",
                    text -> wholeIn(text, 1, TransferConfig.MAX_CONNECTIONS_PER_MIRROR),
                    TransferConfig.Builder::connectionsPerMirror),
            limit("connect-timeout", "5s", "Limit on each name lookup and on each TCP and TLS connect ({default}).",
                    TransferConfig.Builder::connectTimeout),
            limit("first-byte-timeout", "10s",
                    "Limit on the whole wait from request to the last response-header byte, however slowly they "
                            + "arrive and however many redirects it takes ({default}).",
                    TransferConfig.Builder::firstByteTimeout),
            limit("stall-timeout", "5s", "No byte for this long: replace the connection ({default}).",
                    TransferConfig.Builder::stallTimeout),
            duration("relative-stall", "500ms", "No byte (or no response headers from a mirror that has served, "
                            + "then at least 4x its usual and 2x its slowest first byte) for this long while the "
                            + "other connections delivered two chunks' worth: replace the connection; about half of "
                            + "it for the chunk the whole-file hash waits for; 0 disables this, and the takeover of "
                            + "that chunk (--hedging) with it ({default}).",
                    TransferConfig.Builder::relativeStall),
            option("min-speed", Long.class, "BYTES_PER_S", "16384",
                    "Replace a connection slower than this over {speed-window}; 0 disables ({default}).",
                    ByteSize::parse, TransferConfig.Builder::minSpeed),
            limit("speed-window", "5s", "Window for {min-speed} ({default}).", TransferConfig.Builder::speedWindow),
            duration("backoff", "1s", "First wait before retrying a failed mirror ({default}).",
                    TransferConfig.Builder::backoffBase),
            option("backoff-multiplier", Double.class, "X", "2", "Each further failure multiplies the wait ({default}).",
                    text -> decimalAtLeast(text, 1), TransferConfig.Builder::backoffMultiplier),
            option("jitter", Double.class, "FRACTION", "0.2", "Random spread of each wait, +/- ({default}).",
                    TransferOptions::fraction, TransferConfig.Builder::backoffJitter),
            option("retries", Integer.class, "N", "3",
                    "Failures in a row a mirror may have before it is given up for this download ({default}).",
                    text -> wholeIn(text, 0, Integer.MAX_VALUE), TransferConfig.Builder::maxRetriesPerMirror),
            duration("max-retry-after", "30s", "Cap on a server's Retry-After ({default}).",
                    TransferConfig.Builder::maxRetryAfter),
            option("max-corrupt-chunks", Integer.class, "N", "2",
                    "Corrupt chunks a mirror may send before it is distrusted ({default}).",
                    text -> wholeIn(text, 1, Integer.MAX_VALUE), TransferConfig.Builder::maxCorruptChunks),
            option("hedging", Boolean.class, "true|false", "true",
                    "Race slow tail chunks on a faster mirror, and take over the chunk the whole-file hash waits for "
                            + "when its connection falls silent (adaptive; on by default).",
                    TransferOptions::onOff, TransferConfig.Builder::hedging),
            option("hedge-factor", Double.class, "X", "3",
                    "Hedge when a chunk's mirror is X times slower than the best one, and ask such a mirror for "
                            + "one chunk per request ({default}).",
                    text -> decimalAtLeast(text, 1), TransferConfig.Builder::hedgeSlowFactor),
            option("range-ignored", TransferConfig.RangeIgnoredAction.class, "stream|drop", "stream",
                    "A mirror that ignores Range: read it as one verified stream, or drop it ({default}).",
                    TransferOptions::rangeIgnored, TransferConfig.Builder::rangeIgnored),
            duration("deadline", "0s", "Give up on the whole download after this long; 0s means never ({default}).",
                    TransferConfig.Builder::deadline),
            option("status-feeds", Boolean.class, "true|false", "true",
                    "Read each provider's status page (the manifest's status) first and try providers that report a "
                            + "major outage last; {no-status-feeds} makes no such request (on by default).",
                    TransferOptions::onOff, TransferConfig.Builder::statusFeeds),
            // Short: a status page is a hint, and every download waits for it before its first byte.
            duration("status-feed-timeout", "1s", "Longest wait for all status pages together ({default}).",
                    TransferConfig.Builder::statusFeedTimeout),
            limit("manifest-timeout", MANIFEST_TIMEOUT_DEFAULT, MANIFEST_TIMEOUT_HELP + " ({default}).",
                    TransferConfig.Builder::manifestTimeout));

    private static final Map<String, TransferOption<?>> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(TransferOption::name, Function.identity()));

    private TransferOptions() {
    }

    public static Optional<TransferOption<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every knob's name, in table order, for messages that list the known ones. */
    public static List<String> names() {
        return ALL.stream().map(TransferOption::name).toList();
    }

    /** Sets every knob that has a default to it. */
    static void applyDefaults(TransferConfig.Builder builder) {
        for (TransferOption<?> option : ALL) {
            option.defaultText().ifPresent(text -> option.set(builder, text));
        }
    }

    private static <T> TransferOption<T> option(String name, Class<T> type, String label, String defaultText,
                                                String doc, Function<String, T> parse,
                                                BiConsumer<TransferConfig.Builder, T> apply) {
        return new TransferOption<>(name, type, label, Optional.ofNullable(defaultText), doc,
                text -> parse.apply(text.strip()), apply);
    }

    private static TransferOption<Duration> duration(String name, String defaultText, String doc,
                                                     BiConsumer<TransferConfig.Builder, Duration> apply) {
        return option(name, Duration.class, DURATION, defaultText, doc, Durations::parse, apply);
    }

    /**
     * A limit that 0 would lift: a download with no stall, first-byte or connect limit can wait for ever on a mirror
     * that accepts and never answers, and a speed window of 0 judges every read alone (any pause is "too slow").
     * Refused, naming what to write instead; {@code deadline}, {@code relative-stall} and {@code min-speed} say what
     * their 0 means.
     */
    private static TransferOption<Duration> limit(String name, String defaultText, String doc,
                                                  BiConsumer<TransferConfig.Builder, Duration> apply) {
        String why = name.equals("speed-window")
                ? "a window of 0 judges every read alone; a min-speed of 0 turns the check off"
                : "with no limit a download can wait for ever; give a long one such as 1h";
        return option(name, Duration.class, DURATION, defaultText, doc, text -> {
            Duration d = Durations.parse(text);
            if (d.toMillis() < 1) { // the HTTP client counts whole milliseconds: PT0.0001S would be no limit too
                throw new IllegalArgumentException("expected a duration of at least 1ms (" + why + "), saw '" + text
                        + "'");
            }
            return d;
        }, apply);
    }

    private static int wholeIn(String text, int min, int max) {
        int value = whole(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException((max == Integer.MAX_VALUE ? "expected %d or more" : "expected %d to %d")
                    .formatted(min, max) + ", saw " + value);
        }
        return value;
    }

    private static double decimalAtLeast(String text, int min) {
        double value = decimal(text);
        if (value < min) {
            throw new IllegalArgumentException("expected a number of at least %d, saw '%s'".formatted(min, text));
        }
        return value;
    }

    /** A share of a wait: 0 up to, not including, 1. */
    private static double fraction(String text) {
        double value = decimal(text);
        if (value < 0 || value >= 1) {
            throw new IllegalArgumentException("expected a fraction from 0 up to 1 (not 1 itself), such as 0.2, saw '"
                    + text + "'");
        }
        return value;
    }

    private static int whole(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, saw '" + text + "'", e);
        }
    }

    private static long seed(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number (a 64-bit seed), saw '" + text + "'", e);
        }
    }

    private static double decimal(String text) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        throw new IllegalArgumentException("expected a number such as 2 or 0.5, saw '" + text + "'");
    }

    private static String policy(String name) {
        if (!Policies.NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown failover policy '%s'; expected one of %s"
                    .formatted(name, String.join(", ", Policies.NAMES)));
        }
        return name;
    }

    private static boolean onOff(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, saw '" + text + "'");
        };
    }

    private static TransferConfig.RangeIgnoredAction rangeIgnored(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "stream" -> TransferConfig.RangeIgnoredAction.STREAM;
            case "drop" -> TransferConfig.RangeIgnoredAction.DROP;
            default -> throw new IllegalArgumentException("expected 'stream' or 'drop', saw '" + text + "'");
        };
    }
}
