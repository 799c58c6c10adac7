package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this machine's hypervisor takes back the memory its kernel frees (Linux's free page reporting, through a
 * virtio balloon that offers it): each freed block of 2^{@code order} pages is handed to the host a couple of
 * seconds after it is freed, and the first write into it afterwards faults it back in from the host. Every
 * contender here writes the whole file into the page cache, so on such a machine a run's time depends on how long
 * before it memory was freed, not only on the client: measured on the Intel Xeon VM of 2026-12-06, {@code dd} of
 * 1 GiB into a new file took 2.7-2.8 s six seconds after the last delete, 0.23 s right after one, and 0.23-0.30 s
 * six seconds after one with reporting turned off ({@code docs/benchmark-rounds.md}, "The twenty-sixth round").
 *
 * @param order the smallest block (2^order pages) the kernel reports
 */
record PageReporting(int order) {
    /** Where Linux (5.14 and later) shows the order; a value above the largest order (10 on x86) reports nothing. */
    static final Path ORDER = Path.of("sys/module/page_reporting/parameters/page_reporting_order");
    /** The virtio balloon devices; feature bit 5 is VIRTIO_BALLOON_F_REPORTING. */
    static final Path BALLOONS = Path.of("sys/bus/virtio/drivers/virtio_balloon");
    private static final int REPORTING_FEATURE_BIT = 5;
    private static final int LARGEST_ORDER = 10;

    /** On this machine; empty where nothing reports freed memory (or Linux does not say). */
    static Optional<PageReporting> active() {
        return active(Path.of("/"));
    }

    /** Under {@code root} (a copy of the sysfs files, in tests). */
    static Optional<PageReporting> active(Path root) {
        int order;
        try {
            order = Integer.parseInt(Files.readString(root.resolve(ORDER)).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        if (order < 0 || order > LARGEST_ORDER || !aBalloonReports(root.resolve(BALLOONS))) {
            return Optional.empty();
        }
        return Optional.of(new PageReporting(order));
    }

    /** The feature string of a virtio device is one '0' or '1' per bit, bit 0 first. */
    private static boolean aBalloonReports(Path balloons) {
        if (!Files.isDirectory(balloons)) {
            return false;
        }
        try (DirectoryStream<Path> devices = Files.newDirectoryStream(balloons, "virtio*")) {
            for (Path device : devices) {
                String features = Files.readString(device.resolve("features")).strip();
                if (features.length() > REPORTING_FEATURE_BIT && features.charAt(REPORTING_FEATURE_BIT) == '1') {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** What the bench prints before it times anything. */
    String warning() {
        return ("note: this machine's hypervisor takes back the memory its kernel frees (free page reporting, blocks "
                + "of 2^%d pages): the first write into such a page faults it back in from the host, so writing the "
                + "file into the page cache can take seconds instead of a fraction of one, and each run's time "
                + "depends on how long before it memory was freed. For figures that compare the clients rather than "
                + "the host, turn it off while the bench runs, as root: echo 11 > /%s (and echo %d > /%s after).")
                .formatted(order, ORDER, order, ORDER);
    }
}
