package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench warns about a host that takes freed memory back only where a balloon reports and the kernel lets it. */
class PageReportingTest {
    /** The features of the balloon on the VM of 2026-12-06: bits 1, 2, 5 and 7 (stats, deflate on OOM, reporting). */
    private static final String REPORTING_BALLOON = "0110010100000000000000000000000010000000";
    private static final String BALLOON_WITHOUT_REPORTING = "0110000100000000000000000000000010000000";

    @TempDir
    Path sys;

    @Test
    void aReportingBalloonAndAnOrderTheKernelUsesAreAWarning() throws IOException {
        write(PageReporting.ORDER, "9\n");
        write(PageReporting.BALLOONS.resolve("virtio0/features"), REPORTING_BALLOON + "\n");

        PageReporting reporting = PageReporting.active(sys).orElseThrow(() -> new AssertionError(
                "expected reporting seen with order 9 and feature bit 5 set"));

        assertThat(reporting.order()).isEqualTo(9);
        assertThat(reporting.warning()).contains("blocks of 2^9 pages")
                .contains("echo 11 > /sys/module/page_reporting/parameters/page_reporting_order")
                .contains("echo 9 > /sys/module/page_reporting/parameters/page_reporting_order after");
    }

    @Test
    void noWarningWhereNothingReportsOrTheOrderIsBeyondTheLargest() throws IOException {
        assertThat(PageReporting.active(sys)).as("no page_reporting module at all").isEmpty();

        write(PageReporting.ORDER, "9\n");
        assertThat(PageReporting.active(sys)).as("no virtio balloon").isEmpty();

        write(PageReporting.BALLOONS.resolve("virtio0/features"), BALLOON_WITHOUT_REPORTING + "\n");
        assertThat(PageReporting.active(sys)).as("a balloon without the reporting feature").isEmpty();

        write(PageReporting.BALLOONS.resolve("virtio0/features"), REPORTING_BALLOON + "\n");
        write(PageReporting.ORDER, "11\n");
        assertThat(PageReporting.active(sys)).as("order 11, above the largest (10): turned off").isEmpty();

        write(PageReporting.ORDER, "nine\n");
        assertThat(PageReporting.active(sys)).as("an order that does not read").isEmpty();
    }

    private void write(Path relative, String text) throws IOException {
        Path file = sys.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
