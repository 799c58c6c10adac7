package io.outagedrill.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.cli.UsageErrors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad inputs to bench-fleet: one line naming the option, exit code 2, and no fleet JVM started. */
class FleetBenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void eachBadInputIsOneLineNamingItsOptionBeforeAnyFleetJvmStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        String out = dir.resolve("out").toString();
        Object[][] cases = {
            {new String[] {"--scenario", "nosuch", "--out", out},
                "--scenario nosuch: ", "no scenario 'nosuch' here nor among the built-in ones"},
            {new String[] {"--time-limit", "0", "--out", out}, "--time-limit: ", "expected at least 1 second, saw 0"},
            {new String[] {"--heap", "banana", "--out", out}, "Invalid value for option '--heap': ",
                "expected a heap size as -Xmx takes it (such as 512m or 2g), saw 'banana'"},
            {new String[] {"--heap", "1m", "--out", out}, "Invalid value for option '--heap': ",
                "expected a heap of at least 8m"},
            {new String[] {"--heap", "99999999999t", "--out", out}, "Invalid value for option '--heap': ",
                "more than any JVM takes"},
            {new String[] {"--clients", "0", "--out", out}, "--clients: ", "expected sizes of at least 1, saw [0]"},
            {new String[] {"--jvm", "-Xmx512m", "--out", out}, "--jvm -Xmx512m: ",
                "the fleet JVM's heap is --heap's to set (e.g. --heap 4g)"},
            {new String[] {"--jvm", "-XX:+NoSuchFlagAtAll", "--out", out}, "--jvm -XX:+NoSuchFlagAtAll: ",
                "the JVM refuses it: Unrecognized VM option 'NoSuchFlagAtAll'"},
            // Below a file: no folder can be made there, as under /proc.
            {new String[] {"--out", file.resolve("nope").toString()}, "--out " + file.resolve("nope") + ": ",
                "cannot create this folder (FileSystemException: "},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            StringWriter err = new StringWriter();
            FleetBenchCommand command = new FleetBenchCommand();
            command.console = new PrintStream(console, true, StandardCharsets.UTF_8);
            CommandLine cli = UsageErrors.on(new CommandLine(command)).setErr(new PrintWriter(err));

            int exit = cli.execute(args);

            String said = String.join(" ", args);
            List<String> lines = new ArrayList<>(err.toString().lines().toList());
            assertThat(exit).as("exit code of bench-fleet %s; it printed: %s", said, err).isEqualTo(2);
            assertThat(lines).as("bench-fleet %s", said).hasSize(2);
            assertThat(lines.getFirst()).as("bench-fleet %s", said).startsWith((String) c[1]).contains((String) c[2]);
            assertThat(lines.getLast()).isEqualTo("Try 'bench-fleet --help' for the options.");
            assertThat(console.toString(StandardCharsets.UTF_8)).as("no fleet JVM started for %s", said).isEmpty();
        }
    }

    @Test
    void heapSizesAreTakenAsTheJvmWritesThem() {
        HeapSizeConverter heap = new HeapSizeConverter();

        assertThat(heap.convert("2g")).isEqualTo("2g");
        assertThat(heap.convert("48m")).isEqualTo("48m");
        assertThat(heap.convert("8192K")).isEqualTo("8192K");
        assertThat(heap.convert("1073741824")).isEqualTo("1073741824");
    }
}
