package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.job.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFractionalSizeRunsTheWholeDemoToAVerifiedFile() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand();
        demo.out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(demo).execute("--size", "1.5MiB", "--chunk", "256KiB", "--seed", "7");

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("exit code; output:%n%s", output).isEqualTo(ExitCodes.OK);
        assertThat(output).contains("drill-demo.mp4: 1.5 MiB in 6 chunks of 256.0 KiB", "verified drill-demo.mp4",
                "PASSED");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theDemoSaysWhatBrokeInPlainWordsAndJudgesTheScenariosSlos() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand();
        demo.out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(demo).execute("--size", "4MiB", "--chunk", "256KiB");

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("exit code; output:%n%s", output).isEqualTo(ExitCodes.OK);
        assertThat(output).contains("[fault] cloudflare now answers 500 to everything",
                "[fault] fastly now corrupts one byte", "[fault] bunny now drips 16 KiB every 100 ms",
                "[fault] cloudflare recovered", "ok   corruptFilesAccepted");
    }

    @Test
    void anUnreadableSizeIsAUsageErrorThatSaysWhatItSaw() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new DemoCommand()).setErr(new PrintWriter(err)).execute("--size", "1.5 parsecs");
        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Invalid value for option '--size'", "saw '1.5 parsecs'");
    }

    @Test
    void anEmptyFileOrChunkOrAMisspeltPolicyIsAUsageErrorBeforeAnythingStarts() {
        for (List<String> args : List.of(List.of("--size", "0"), List.of("--chunk", "0B"),
                List.of("--policy", "fastest"))) {
            StringWriter err = new StringWriter();
            java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
            DemoCommand demo = new DemoCommand();
            demo.out = new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8);

            int exit = new CommandLine(demo).setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));

            assertThat(exit).as("exit code for %s", args).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(err.toString()).as("for %s", args).startsWith(args.getFirst() + ": ");
            assertThat(said.toString(java.nio.charset.StandardCharsets.UTF_8)).as("the demo never began").isEmpty();
        }
    }
}
