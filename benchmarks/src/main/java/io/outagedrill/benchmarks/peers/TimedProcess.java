package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command under GNU time ({@code /usr/bin/time -f}), which reads the child's {@code wait4} resource
 * usage: user and system CPU and peak RSS of the process and every descendant it waited for (so curl and
 * sha256sum under one {@code sh -c} count together). A JVM cannot get a finished child's rusage itself.
 */
final class TimedProcess {
    static final String TIME = "/usr/bin/time";

    private TimedProcess() {
    }

    /** What one run cost, as the kernel accounted it. */
    record Usage(int exitCode, double wallSeconds, double userSeconds, double systemSeconds, long peakRssKiB,
                 long startedEpochMillis, String output) {
        double cpuSeconds() {
            return userSeconds + systemSeconds;
        }
    }

    static Usage run(List<String> command, Path workDir, Map<String, String> env, Duration limit) throws IOException {
        return run(command, workDir, env, limit, Optional.empty());
    }

    /**
     * As above; with {@code stdout}, the program's standard output goes to that file (kept for the caller, e.g.
     * the client's JSON events) and {@link Usage#output} holds its standard error only.
     */
    static Usage run(List<String> command, Path workDir, Map<String, String> env, Duration limit,
                     Optional<Path> stdout) throws IOException {
        Path usageFile = Files.createTempFile(workDir, "usage-", ".txt");
        Path outputFile = Files.createTempFile(workDir, "output-", ".txt");
        List<String> timed = new ArrayList<>(List.of(TIME, "-f", "%e %U %S %M", "-o", usageFile.toString()));
        timed.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(timed).directory(workDir.toFile());
        if (stdout.isPresent()) {
            builder.redirectOutput(stdout.get().toFile()).redirectError(outputFile.toFile());
        } else {
            builder.redirectErrorStream(true).redirectOutput(outputFile.toFile());
        }
        builder.environment().putAll(env);
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new IOException("%s took more than %d s; stopped".formatted(command.getFirst(), limit.toSeconds()));
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        double wall = (System.nanoTime() - started) / 1e9;
        String output = Files.readString(outputFile);
        String usage = Files.readString(usageFile);
        Files.deleteIfExists(usageFile);
        Files.deleteIfExists(outputFile);
        return parse(process.exitValue(), wall, startedMillis, usage, output);
    }

    /**
     * Reads GNU time's last line ({@code %e %U %S %M}); earlier lines may be its "Command exited with non-zero
     * status" note. The wall time is ours (nanoTime around the whole child), the CPU and RSS time's.
     */
    static Usage parse(int exitCode, double wallSeconds, long startedMillis, String usage, String output) {
        String[] lines = usage.strip().split("\n");
        String[] fields = lines[lines.length - 1].strip().split("\\s+");
        if (fields.length != 4) {
            throw new IllegalArgumentException("expected '%e %U %S %M' from " + TIME + ", saw '" + usage.strip() + "'");
        }
        return new Usage(exitCode, wallSeconds, Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
                Long.parseLong(fields[3]), startedMillis, output);
    }
}
