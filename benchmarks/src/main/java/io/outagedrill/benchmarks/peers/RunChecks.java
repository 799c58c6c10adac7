package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How the bench tells that a contender's run did its job: the checks {@link Contender#problem} implementations share. */
final class RunChecks {
    private RunChecks() {
    }

    /** A non-zero exit code with the end of what the program printed, where the reason usually stands. */
    static Optional<String> failedExit(TimedProcess.Usage usage) {
        if (usage.exitCode() == 0) {
            return Optional.empty();
        }
        String tail = usage.output().strip();
        tail = tail.length() > 600 ? "…" + tail.substring(tail.length() - 600) : tail;
        return Optional.of("exit code %d: %s".formatted(usage.exitCode(), tail));
    }

    /** For a receiving floor, which writes nothing: exit code 0 and the body's length printed. */
    static Optional<String> printedTheFileSize(Setup setup, TimedProcess.Usage usage) {
        // The last line: a profiler's agent in the floor's JVM may print a line of its own first.
        List<String> lines = usage.output().strip().lines().toList();
        String printed = lines.isEmpty() ? "" : lines.getLast().strip();
        return failedExit(usage).or(() -> printed.equals(Long.toString(setup.file().size()))
                ? Optional.empty()
                : Optional.of("received '%s' bytes, expected %d".formatted(usage.output().strip(),
                setup.file().size())));
    }

    static Optional<String> exitAndSize(Setup setup, Path out, TimedProcess.Usage usage) throws IOException {
        Optional<String> failed = failedExit(usage);
        if (failed.isPresent()) {
            return failed;
        }
        Path file = out.resolve(setup.fileName());
        if (!Files.isRegularFile(file)) {
            return Optional.of("no " + file + " after exit code 0");
        }
        long size = Files.size(file);
        return size == setup.file().size() ? Optional.empty()
                : Optional.of("%s has %d bytes, expected %d".formatted(file, size, setup.file().size()));
    }
}
