package io.outagedrill.benchmarks.cli;

import io.outagedrill.benchmarks.peers.PeersBench;
import io.outagedrill.client.ByteSize;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drill bench peers}: the reference client's CLI ({@code ./drill get}, fresh JVM, defaults) beside aria2c,
 * curl+sha256sum and {@code openssl dgst -sha256}, on one file served by three nginx mirrors on loopback.
 */
@Command(name = "peers", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time ./drill get against aria2c, curl+sha256sum and openssl dgst on three nginx mirrors on "
                + "loopback (HTTPS from a test CA, and plain HTTP), each a fresh process, rounds interleaved.",
                "Prints each one's median wall time, CPU (user+sys), peak RSS and first-request delay, the ratios "
                        + "and the targets, as a table, and writes JSON.",
                "The floors (receive-floor: curl into /dev/null; write-floor: dd into a new file; openssl) time "
                        + "each part of a verifying download alone, in the same rounds: their sum is the least CPU "
                        + "any such client spends here, and with the mirrors' CPU, the least wall time. "
                        + "jvm-receive-floor receives in a fresh JVM with the client's flags and no HTTP library: "
                        + "the same sum with it is the least for a client written in Java. jvm-download-floor is a "
                        + "minimal JVM client measured end to end (four connections, no HTTP library, each chunk and "
                        + "the whole file checked, written): what the client's HTTP library and own code add is its "
                        + "cost over that.",
                "Needs nginx (apt-get install -y nginx-light) and GNU time (apt-get install -y time); contenders "
                        + "not installed are skipped with their install command.",
                "Exit code 0 when every run verified, 1 when a run failed, 2 when it cannot run here."})
public final class PeersBenchCommand implements Callable<Integer> {
    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1GiB", description = "File size (default 1GiB).")
    String size;

    @Option(names = "--chunk", paramLabel = "SIZE", defaultValue = "4MiB",
            description = "The manifest's chunk size (default 4MiB).")
    String chunk;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Rounds (default 5); each runs "
            + "every contender once, in turn.")
    int runs;

    @Option(names = "--contenders", split = ",", paramLabel = "A,B",
            defaultValue = PeersBench.ALL_CONTENDERS,
            description = "Which to run (default: all of ${DEFAULT-VALUE}).")
    List<String> contenders;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "target/peers-bench",
            description = "Work folder for the file, the mirrors and the downloads (emptied first, so it must be "
                    + "new, empty or an earlier bench's; default target/peers-bench). Put it on the file system you "
                    + "want measured.")
    Path dir;

    @Option(names = "--drill", paramLabel = "LAUNCHER", description = "The drill launcher to time (default: the "
            + "one running this command, $DRILL_HOME/drill).")
    Path drill;

    @Option(names = "--baseline", paramLabel = "LAUNCHER", description = "Also time another build's drill launcher "
            + "beside this one, in every round (another checkout's ./drill, e.g. a git worktree of the commit "
            + "before a change): each drill contender gets a twin NAME@baseline, and the table's ratios compare "
            + "them side by side.")
    Path baseline;

    @Option(names = "--json", paramLabel = "FILE", description = "Where the JSON goes (default: beside DIR, named "
            + "after it: DIR.json, target/peers-bench.json for the default DIR).")
    Path json;

    @Option(names = "--serve-for", paramLabel = "DURATION",
            converter = io.outagedrill.client.cli.DurationConverter.class, description = "Time nothing: start the mirrors, print "
            + "each contender's command and keep serving this long (e.g. 10m), to profile one by hand.")
    java.time.Duration serveFor = java.time.Duration.ZERO;

    @Option(names = "--blackhole", paramLabel = "DURATION",
            converter = io.outagedrill.client.cli.DurationConverter.class, description = "Also run drill and aria2c "
            + "with the first mirror frozen (SIGSTOP: connections open, nothing sent) this long after their first "
            + "bytes, e.g. 400ms; rows NAME+blackhole, and for drill (run with --json, events kept in DIR/events) "
            + "time to detect and to recover, median and p99 (default: off).")
    java.time.Duration blackhole = java.time.Duration.ZERO;

    /** Where the bench's output goes; tests replace it. */
    PrintStream console = System.out;
    /** Where the reasons it cannot run or failed go, apart from its table (a script keeps the two apart). */
    PrintStream errors = System.err;

    @Override
    public Integer call() throws Exception {
        PrintStream o = console;
        PrintStream e = errors;
        Optional<String> missing = PeersBench.missingPrerequisite();
        if (missing.isPresent()) {
            e.println("bench peers: " + missing.get());
            return 2;
        }
        Path launcher = drill != null ? drill
                : Path.of(System.getenv().getOrDefault("DRILL_HOME", "."), "drill").toAbsolutePath();
        if (baseline != null && !Files.isExecutable(baseline)) {
            e.println("bench peers: --baseline " + baseline + ": no executable drill launcher there");
            return 2;
        }
        PeersBench.Settings settings;
        try {
            settings = new PeersBench.Settings(parse("--size", size), parse("--chunk", chunk), runs,
                    baseline == null ? contenders : PeersBench.withBaselineTwins(contenders), dir, launcher, json != null ? json
                    : dir.toAbsolutePath().resolveSibling(dir.getFileName() + ".json"), true, serveFor, blackhole,
                    Optional.ofNullable(baseline).map(p -> p.toAbsolutePath().normalize()));
        } catch (IllegalArgumentException bad) {
            e.println("bench peers: " + bad.getMessage());
            return 2;
        }
        PeersBench.Outcome outcome;
        try {
            outcome = PeersBench.run(settings, o);
        } catch (java.io.IOException failed) {
            e.println("bench peers: " + failed.getMessage());
            return 1;
        }
        if (serveFor.isPositive()) {
            return 0;
        }
        outcome.notRun().ifPresent(why -> e.println("bench peers: " + why));
        return outcome.notRun().isPresent() ? 2 : outcome.ok() ? 0 : 1;
    }

    /** A size option's value, or an error that names the option. */
    private static long parse(String option, String value) {
        try {
            return ByteSize.parse(value);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(option + ": " + bad.getMessage(), bad);
        }
    }
}
