package io.outagedrill.harness.run;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How to run a scenario: which client and policy instead of the scenario's own, which seed, where results go.
 *
 * @param clientCount scale every client group to at most this many clients (quick runs); empty keeps the file's
 */
public record RunOptions(Optional<String> client, Optional<String> policy, OptionalLong seed, Path resultsDir,
                         RunListener listener, Optional<Integer> clientCount) {
    public RunOptions {
        Objects.requireNonNull(resultsDir, "resultsDir");
        Objects.requireNonNull(listener, "listener");
    }

    public static RunOptions defaults(Path resultsDir) {
        return new RunOptions(Optional.empty(), Optional.empty(), OptionalLong.empty(), resultsDir, RunListener.NONE,
                Optional.empty());
    }

    public RunOptions withClient(String value) {
        return new RunOptions(Optional.ofNullable(value), policy, seed, resultsDir, listener, clientCount);
    }

    public RunOptions withPolicy(String value) {
        return new RunOptions(client, Optional.ofNullable(value), seed, resultsDir, listener, clientCount);
    }

    public RunOptions withSeed(long value) {
        return new RunOptions(client, policy, OptionalLong.of(value), resultsDir, listener, clientCount);
    }

    public RunOptions withListener(RunListener value) {
        return new RunOptions(client, policy, seed, resultsDir, value, clientCount);
    }

    public RunOptions withClientCount(Integer value) {
        return new RunOptions(client, policy, seed, resultsDir, listener, Optional.ofNullable(value));
    }
}
