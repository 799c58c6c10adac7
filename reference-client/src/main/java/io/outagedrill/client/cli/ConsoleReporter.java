package io.outagedrill.client.cli;

import io.outagedrill.client.Printable;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What a person sees: a progress bar with bytes, speed, ETA and the mirrors in use (on a terminal), and one line
 * each time work moves off a mirror, saying why ("cloudflare.test: no data for 2000 ms mid-chunk; moved 3
 * chunk(s) to bunny.test"). Chunk-level chatter stays out; {@code --json} has all of it.
 */
public final class ConsoleReporter implements DownloadListener {
    private final PrintStream out;
    private final boolean bar;
    private ProgressBar progress;
    /** Switches since the last progress tick, grouped by the mirror they left and why. */
    private final Map<String, Set<String>> movedTo = new LinkedHashMap<>();
    private final Map<String, Integer> movedCount = new LinkedHashMap<>();

    /** Tenths of the current download verified that a line has said, without a bar ({@link #tenth}). */
    private int tenthsShown;

    public ConsoleReporter(PrintStream out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    @Override
    public synchronized void on(DownloadEvent event) {
        switch (event) {
            case DownloadEvent.ManifestAccepted e -> line(e.describe());
            case DownloadEvent.ManifestRejected e -> line(e.describe());
            // A kept manifest in use while its copies are unreachable: said, or the rejections above read as fatal.
            case DownloadEvent.ManifestFromCache e -> line(e.describe());
            case DownloadEvent.ManifestRevalidated e when e.newer() -> line(e.describe());
            case DownloadEvent.Resumed e -> line(e.describe());
            case DownloadEvent.RestartedFromScratch e -> {
                tenthsShown = 0; // the tenths count again from what is kept
                line(e.describe());
            }
            case DownloadEvent.ChunksDiscarded e -> {
                tenthsShown = 0;
                line(e.describe());
            }
            case DownloadEvent.CacheHit e -> line(e.describe());
            case DownloadEvent.AlreadyInPlace e -> line(e.describe());
            case DownloadEvent.CacheSkipped e -> line(e.describe());
            case DownloadEvent.CacheEvicted e -> line(e.describe());
            case DownloadEvent.CacheEntryDropped e -> line(e.describe());
            case DownloadEvent.AlternateChosen e -> line(e.describe());
            // "All clear" pages stay in --json; anything a person might act on is shown.
            case DownloadEvent.StatusFeedRead e when !e.indicator().equals("none") -> line(e.describe());
            case DownloadEvent.StatusFeedIgnored e -> line(e.describe());
            case DownloadEvent.MirrorAbandoned e -> line(e.describe());
            case DownloadEvent.HedgeStarted e -> line(e.describe());
            case DownloadEvent.DiskWaiting e -> line(e.describe());
            case DownloadEvent.ChunkRejected e -> line(e.describe() + "; fetching it again elsewhere");
            case DownloadEvent.MirrorSwitched e -> {
                String key = e.from() + ": " + e.why();
                movedTo.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(e.to());
                movedCount.merge(key, 1, Integer::sum);
            }
            case DownloadEvent.Progress e -> {
                flushSwitches();
                if (bar) {
                    if (progress == null) {
                        progress = new ProgressBarBuilder().setTaskName("download").setInitialMax(e.size())
                                .setStyle(ProgressBarStyle.ASCII).setUnit("MB", 1_000_000).showSpeed()
                                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build();
                    }
                    progress.stepTo(e.bytesVerified());
                    // The bar puts its extra message right after the speed, with no space of its own.
                    progress.setExtraMessage(e.activeMirrors().isEmpty() ? " waiting"
                            : " via " + String.join(", ", e.activeMirrors()));
                } else {
                    tenth(e);
                }
            }
            case DownloadEvent.Completed e -> {
                flushSwitches();
                tenthsShown = 0;
                closeBar(e.size());
                line(e.describe());
            }
            case DownloadEvent.Failed e -> {
                flushSwitches();
                tenthsShown = 0;
                closeBar(-1);
                line(e.describe());
            }
            default -> { }
        }
    }

    /**
     * Without a terminal (a CI log, a file) there is no bar: a line at each tenth of the file verified, so that a
     * long download is not silent until it ends, and a log stays a few lines long.
     */
    private void tenth(DownloadEvent.Progress e) {
        if (e.size() <= 0) {
            return;
        }
        int tenths = (int) Math.min(9, e.bytesVerified() * 10 / e.size());
        if (tenths > tenthsShown) {
            tenthsShown = tenths;
            line(String.format(java.util.Locale.ROOT, "%d%% verified: %.1f of %.1f MB, %.1f MB/s%s", tenths * 10,
                    e.bytesVerified() / 1e6, e.size() / 1e6, e.bytesPerSecond() / 1e6,
                    e.activeMirrors().isEmpty() ? ", waiting" : " via " + String.join(", ", e.activeMirrors())));
        }
    }

    private void flushSwitches() {
        for (Map.Entry<String, Set<String>> moved : movedTo.entrySet()) {
            line("%s; moved %d chunk(s) to %s".formatted(moved.getKey(), movedCount.get(moved.getKey()),
                    String.join(", ", moved.getValue())));
        }
        movedTo.clear();
        movedCount.clear();
    }

    private void closeBar(long size) {
        if (progress != null) {
            if (size >= 0) {
                progress.stepTo(size);
            }
            progress.close();
            progress = null;
        }
    }

    private void line(String text) {
        if (progress != null) {
            // The bar redraws itself on its own line; start ours on a fresh one.
            out.print("\r\033[K");
        }
        out.println(Printable.lines(text));
        out.flush();
    }
}
