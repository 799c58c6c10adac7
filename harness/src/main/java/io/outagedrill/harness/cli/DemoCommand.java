package io.outagedrill.harness.cli;

import io.outagedrill.client.ByteSize;
import io.outagedrill.client.cli.FolderConverter;
import io.outagedrill.fakes.TempTrees;
import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.Step;
import io.outagedrill.harness.scenario.Topology;
import io.outagedrill.harness.sut.SystemsUnderTest;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drill demo}: the whole idea in one run. Plays the bundled {@code demo} scenario (scenarios/demo.yaml:
 * three fake CDNs on loopback break while one reference client downloads from them) through the same runner as
 * {@code drill run}, and tells it in plain words: what broke, how the client coped, and whether the file arrived
 * verified with no corrupt copy kept.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Three fake CDNs break while the reference client downloads from them; the file must still "
                + "arrive verified. Loopback only; takes seconds. The scenario is scenarios/demo.yaml."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "File size (default: the scenario's, 8MiB).")
    Long size;

    @Option(names = "--chunk", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Chunk size (default: the scenario's, 256KiB).")
    Long chunk;

    @Option(names = "--policy", paramLabel = "NAME", description = "Failover policy: sequential, parallel or "
            + "adaptive (default: the scenario's, adaptive).")
    String policy;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for content and jitter (default: the scenario's).")
    Long seed;

    @Option(names = "--keep", paramLabel = "DIR", converter = FolderConverter.class,
            description = "Keep the run record in DIR.")
    Path keep;

    @Option(names = "--json", description = "Print the client's observations as JSON lines.")
    boolean json;

    PrintStream out = System.out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<String> problem = Optional.ofNullable(size).filter(n -> n < 1).map(n -> "--size: expected at least "
                        + "1 byte, was " + n)
                .or(() -> Optional.ofNullable(chunk).filter(n -> n < 1).map(n -> "--chunk: expected at least 1 byte, "
                        + "was " + n))
                .or(() -> Optional.ofNullable(policy).flatMap(p -> SystemsUnderTest.policyProblem(p, "reference"))
                        .map(p -> "--policy: " + p));
        if (problem.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), problem.get());
        }
        Scenario demo = DemoScenario.load(size, chunk);
        Topology.FileSpec file = demo.topology().files().getFirst();
        long chunks = Math.ceilDiv(file.size(), file.chunkSize());
        say("%s: %s in %d %s of %s, served by %s, each a fake CDN on loopback with HTTPS from a test CA;",
                file.name(), ByteSize.format(file.size()), chunks, chunks == 1 ? "chunk" : "chunks",
                ByteSize.format(file.chunkSize()), String.join(", ", demo.topology().providers().stream()
                        .map(Topology.Provider::name).toList()));
        say("a signed manifest lists them, and the reference client downloads while they break.");
        say("");
        Path results = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("drill-demo-");
        try {
            RunOptions options = RunOptions.defaults(results).withClient("reference").withPolicy(policy)
                    .withListener(new DemoWords(out, json, notes(demo)));
            if (seed != null) {
                options = options.withSeed(seed);
            }
            RunResult result = new ScenarioRunner().run(demo, options);
            summarize(result);
            return result.passed() ? 0 : 1;
        } finally {
            if (keep == null) {
                TempTrees.deleteQuietly(results);
            }
        }
    }

    /** The timeline's notes: the plain words for what breaks. */
    private static Set<String> notes(Scenario scenario) {
        return scenario.timeline().stream().map(Step::note).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    private void summarize(RunResult result) {
        say("");
        for (DownloadRecord d : result.downloads()) {
            say("%s %s: %.2f s, %d mirror switches, %s wasted, policy %s, seed %d",
                    d.succeeded() ? "verified" : "NOT verified", d.file(), d.elapsed().toMillis() / 1000.0,
                    d.failovers(), d.bytesWasted() == null ? "?" : ByteSize.format(d.bytesWasted()), result.policy(),
                    result.seed());
        }
        Summary.failures(out, result);
        say("%s%s", result.passed() ? "PASSED" : "FAILED",
                keep != null ? "; record: " + result.resultFile() : "");
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.println(args.length == 0 ? format : format.formatted(args));
        }
    }
}
