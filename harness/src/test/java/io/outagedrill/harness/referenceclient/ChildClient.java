package io.outagedrill.harness.referenceclient;

import io.outagedrill.fakes.topology.Topology;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The reference client's CLI in a child JVM ({@code get --json}) downloading a topology's file, so a test can kill
 * it with SIGKILL: no shutdown hook, no flush, exactly what a power cut or the OOM killer leaves behind. Its JSON
 * event lines go to a consumer on a virtual thread.
 */
final class ChildClient {
    private final Process process;
    private final Thread reader;

    private ChildClient(Process process, Consumer<String> lines) {
        this.process = process;
        this.reader = Thread.ofVirtual().name("child-client-stdout").start(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.accept(line);
                }
            } catch (IOException killed) {
                // The child died mid-line: what it printed before is all there is.
            }
        });
    }

    /**
     * Starts {@code get} of {@code file} into {@code out}, over plain HTTP with the topology's names, remembering
     * manifest versions in {@code versions} and writing its stderr to {@code stderr}.
     */
    static ChildClient download(Topology topology, String file, Path out, Path versions, Path stderr, long seed,
                                Consumer<String> lines) throws IOException {
        // C1 only and the serial collector: a short-lived JVM starts in about half the time on a busy machine.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.outagedrill.client.cli.ClientMain", "get"));
        command.addAll(topology.manifestUrls(file));
        command.addAll(List.of("--trust", topology.trustStore().toString(), "--allow-http", "--json",
                "-o", out.toString(), "--no-cache", "--versions", versions.toString(),
                "--connections", "2", "--seed", Long.toString(seed)));
        topology.resolve().forEach((host, address) -> command.addAll(List.of("--resolve",
                host + ":" + address.getHostAddress())));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildClient(process, lines);
    }

    Process process() {
        return process;
    }

    /** SIGTERM (on Linux {@code destroy} sends signal 15): the JVM runs its shutdown hooks, then exits with 143. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL (on Linux {@code destroyForcibly} sends signal 9). */
    void kill() {
        process.destroyForcibly();
    }

    /** Waits for the child to end and for its last line to be read; its exit code. */
    int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("expected the child client to end within " + atMost + ", it still runs");
        }
        reader.join(Duration.ofSeconds(10));
        return process.exitValue();
    }
}
