package io.outagedrill.benchmarks.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JVM one fleet size runs in: its command line, and the words for a fleet JVM that ran out of heap. The heap is
 * {@code --heap}'s, never the parent's: {@code DRILL_JAVA_OPTS} sets the heap of the {@code drill} JVM only.
 */
final class FleetJvm {
    static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

    /**
     * HotSpot's exit status after {@code -XX:+ExitOnOutOfMemoryError}; {@link FleetRun} itself exits 0, or 1 when
     * it throws.
     */
    static final int OUT_OF_HEAP_EXIT = 3;

    /** How to raise the fleet's heap, for the child's limit watch and the parent's own report alike. */
    static final String MORE_HEAP = "give each fleet's JVM more heap (--heap 4g) or run fewer clients (--clients N)";

    private FleetJvm() {
    }

    /** {@code java} with the fleet's flags, then {@link FleetRun} for {@code clients}. */
    static List<String> command(FleetBench.Settings settings, int clients) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx" + settings.heap());
        // Conscrypt (TLS and SHA-256 through JNI) loads in every client: without the flag the JDK prints four
        // lines of warning about restricted methods. The drill launcher passes the same flag to its own JVM.
        command.add("--enable-native-access=ALL-UNNAMED");
        // A fleet short of heap otherwise limps on: each OutOfMemoryError ends only the thread it hits (a proxy
        // pump, a client's hasher, the runner's main thread), and what is left collects garbage for minutes
        // without an end. Ended at the first one, the parent sees OUT_OF_HEAP_EXIT and says so. A heap that fills
        // more slowly is caught before that by the runner's own limit watch, which stops the fleet with figures.
        command.add("-XX:+ExitOnOutOfMemoryError");
        // Eight carriers instead of one per core: the clients and the fake servers all run on virtual threads,
        // beside thousands of platform threads (proxy pumps, hashers) that the OS schedules as equals; with two
        // carriers the virtual side got too little of the CPU (1000 clients: 680 done in 399 s with two, 911 in
        // 297 s with eight; docs/benchmarks.md). A --jvm setting comes later and wins.
        command.add("-D" + CARRIERS + "=8");
        command.addAll(settings.jvm());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FleetRun.class.getName(),
                Integer.toString(clients), settings.scenario(),
                settings.out().resolve("records-" + clients).toString()));
        return command;
    }

    /**
     * Why this JVM's {@code java} refuses {@code args} (its first line of complaint, such as "Unrecognized VM option
     * 'Bogus'"), or empty when it starts with them. Asked of {@code java ARGS -version} before any fleet runs: a
     * refused argument otherwise shows as each fleet size's JVM failing in turn, minutes apart.
     */
    static Optional<String> refusal(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(args);
        command.add("-version");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Waited for first, within a limit: -version prints a few lines, far below what the pipe holds, so the JVM
        // never blocks on its output; reading first would wait without a limit on a JVM that hangs.
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return Optional.of("java " + String.join(" ", args) + " -version did not end within 30 s");
        }
        byte[] said;
        try (InputStream out = process.getInputStream()) {
            said = out.readNBytes(64 * 1024);
        }
        if (process.exitValue() == 0) {
            return Optional.empty();
        }
        return Optional.of(new String(said, StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(line -> !line.isEmpty()).findFirst()
                .orElse("java ended with exit " + process.exitValue() + " and said nothing"));
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Starts the fleet's JVM, which stops with this one ({@link StopWithParent}); its stderr is this one's. */
    static Process start(List<String> command) throws IOException {
        return StopWithParent.start(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT));
    }

    /**
     * Why a fleet JVM that ended with {@code exit} gave no figures, in the words of a run's own limit hit; when this
     * JVM is {@code stopping} (a signal), that is the reason, whatever exit the child's stop gave.
     */
    static String endedWithoutFigures(int clients, int exit, String heap, boolean stopping) {
        if (stopping) {
            return "bench-fleet: %d clients: stopped with bench-fleet before the fleet had figures".formatted(clients);
        }
        if (exit == OUT_OF_HEAP_EXIT) {
            return "bench-fleet: %d clients: the fleet ran out of the JVM heap (-Xmx%s): its JVM stopped at an "
                    .formatted(clients, heap) + "OutOfMemoryError (exit %d). To raise it: %s".formatted(exit,
                    MORE_HEAP);
        }
        return "bench-fleet: %d clients: the fleet's JVM ended (exit %d) without figures".formatted(clients, exit);
    }
}
