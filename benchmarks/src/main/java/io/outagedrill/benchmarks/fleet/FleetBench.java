package io.outagedrill.benchmarks.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link FleetRun} once per fleet size, each in a fresh JVM with the given heap, collects the figures and
 * writes the curve. A size that fails (an SLO, a limit, a crash) is reported and the next still runs.
 */
public final class FleetBench {
    private FleetBench() {
    }

    /** @param jvm extra JVM arguments for each fleet's JVM */
    public record Settings(List<Integer> sizes, String heap, String scenario, Path out, Duration timeLimit,
                           List<String> jvm) {
        public Settings {
            sizes = List.copyOf(sizes);
            jvm = List.copyOf(jvm);
        }
    }

    /**
     * Why the fleet JVMs could not start with {@code jvmArgs} (the JVM's own first line, such as "Unrecognized VM
     * option"), or empty when they can.
     */
    public static Optional<String> jvmRefusal(List<String> jvmArgs) throws IOException, InterruptedException {
        return jvmArgs.isEmpty() ? Optional.empty() : FleetJvm.refusal(jvmArgs);
    }

    /** Runs each size in a JVM of its own (the command made the output folder); returns whether every size passed. */
    public static boolean run(Settings settings, PrintStream console) throws IOException, InterruptedException {
        List<FleetFigures> runs = new ArrayList<>();
        boolean allPassed = true;
        for (int clients : settings.sizes()) {
            console.printf("bench-fleet: %d clients, -Xmx%s ...%n", clients, settings.heap());
            FleetFigures figures = runOne(settings, clients, console);
            if (figures == null) {
                allPassed = false;
                continue;
            }
            runs.add(figures);
            allPassed &= figures.passed();
            console.printf("bench-fleet: %d clients: %s in %.1f s, CPU %.1f s, peak heap %d MiB, %d done%n",
                    clients, figures.passed() ? "passed" : "FAILED", figures.wallSeconds(), figures.cpuSeconds(),
                    figures.peakUsedMiB(), figures.succeeded());
        }
        String table = FleetCurve.markdown(runs);
        Files.writeString(settings.out().resolve("fleet.md"), table);
        Files.writeString(settings.out().resolve("fleet.svg"), FleetCurve.svg(runs));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(settings.out().resolve("fleet.json").toFile(), runs);
        console.println();
        console.print(table);
        console.println("bench-fleet: " + settings.out().resolve("fleet.md").toAbsolutePath());
        return allPassed;
    }

    private static FleetFigures runOne(Settings settings, int clients, PrintStream console)
            throws IOException, InterruptedException {
        Process process = FleetJvm.start(FleetJvm.command(settings, clients));
        FleetFigures figures = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            // Reading ends when the child closes its output: at its exit, or when it is killed below.
            Thread killer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    if (!process.waitFor(settings.timeLimit().toSeconds(), TimeUnit.SECONDS)) {
                        console.printf("bench-fleet: %d clients still running after %d s; killing it%n", clients,
                                settings.timeLimit().toSeconds());
                        process.destroyForcibly();
                    }
                } catch (InterruptedException ignored) {
                    process.destroyForcibly();
                }
            });
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(FleetRun.PREFIX)) {
                    figures = new ObjectMapper().readValue(line.substring(FleetRun.PREFIX.length()),
                            FleetFigures.class);
                } else {
                    console.println(line);
                }
            }
            killer.interrupt();
        }
        int exit = process.waitFor();
        if (figures == null) {
            console.println(FleetJvm.endedWithoutFigures(clients, exit, settings.heap(), StopWithParent.stopping()));
        }
        return figures;
    }
}
