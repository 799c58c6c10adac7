package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    @Test
    void sizesReadAsAScenarioReadsThem() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--size", "1.5GiB", "--chunk", "512KiB");
        assertThat(demo.size).isEqualTo(3L << 29);
        assertThat(demo.chunk).isEqualTo(512L << 10);
    }

    @Test
    void anUnreadableSizeIsAUsageErrorThatSaysWhatItSaw() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new DemoCommand()).setErr(new PrintWriter(err)).execute("--size", "1.5 parsecs");
        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Invalid value for option '--size'", "saw '1.5 parsecs'");
    }
}
