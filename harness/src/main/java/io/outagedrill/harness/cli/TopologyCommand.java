package io.outagedrill.harness.cli;

import io.outagedrill.client.cli.PortConverter;
import io.outagedrill.client.cli.StopOnSignal;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.fakes.containers.UserFileMount;
import io.outagedrill.fakes.objectstore.ObjectStoreException;
import io.outagedrill.fakes.topology.InvalidTopologyException;
import io.outagedrill.fakes.topology.ProviderBackend;
import io.outagedrill.fakes.topology.ProviderKind;
import io.outagedrill.fakes.topology.Topology;
import io.outagedrill.harness.containers.RealServerFit;
import io.outagedrill.harness.run.TopologyFromScenario;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code drill topology}: the fake world on its own, for people pointing their own downloader at it and breaking
 * it by hand or with any Toxiproxy client.
 */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Fake CDNs, each behind its own Toxiproxy-compatible fault proxy, with a signed manifest.",
        subcommands = {TopologyCommand.Up.class, CommandLine.HelpCommand.class})
public final class TopologyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a command: up");
    }

    /** {@code drill topology up}: start, print how to reach and break everything, wait for Ctrl-C. */
    @Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Bring a topology up on loopback and keep it up until Ctrl-C.",
                    "Prints each provider's URL and address, the fault proxy's control address, the manifest URLs, "
                            + "the trust key and CA files, the status pages, and commands ready to paste.",
                    "With --world containers the providers are nginx (Varnish for an edge cache, S3Proxy for "
                            + "--s3proxy) and the fault proxy is a container, from the images containers/prepare.sh "
                            + "builds; a --file is mounted read-only into nginx where it lies (it must be readable "
                            + "by other users) and put into S3Proxy's bucket; Ctrl-C removes the containers."})
    public static final class Up implements Callable<Integer> {

        @Parameters(arity = "0..1", paramLabel = "SCENARIO",
                description = "A scenario (name in scenarios/, or a .yaml path) whose world to build: its providers, "
                        + "files, manifest replicas and seed. Its timeline is not played.")
        String scenario;

        /** Options a scenario file decides instead: given with SCENARIO, they are refused rather than ignored. */
        private static final List<String> WORLD_OPTIONS = List.of("--providers", "--s3proxy", "--file", "--name",
                "--size", "--chunk", "--https", "--manifest-replicas");

        /** The generated file's name and chunk size when the options leave them out. */
        private static final String GENERATED_NAME = "video.mp4";
        private static final long GENERATED_CHUNK = 4L << 20;

        @Spec
        CommandSpec spec;

        @Option(names = "--providers", paramLabel = "N", defaultValue = "3",
                description = "How many providers, taken in order from: cloudflare, fastly, bunny, akamai, cloudfront, "
                        + "b2 (an object store), gcore, origin (3).")
        int providers;

        @Option(names = "--file", paramLabel = "PATH", description = {"Serve your own file instead of a generated "
                + "one: every provider serves it from disk as it is, and the topology hashes it at start and signs its "
                + "manifest, so the printed `drill get` downloads and verifies it."})
        Path file;

        @Option(names = "--name", paramLabel = "NAME", description = "The name the file is served and saved under "
                + "(video.mp4; with --file, PATH's own name).")
        String name;

        @Option(names = "--size", paramLabel = "SIZE", defaultValue = "64MiB", converter = SizeConverter.class,
                description = "The generated file's size (64MiB); a --file has its own.")
        long size;

        @Option(names = "--chunk", paramLabel = "SIZE", converter = SizeConverter.class,
                description = "Chunk size in the manifest (4MiB; for a --file, larger when it would need more than "
                        + "12000 chunk hashes, as `drill manifest create` picks).")
        Long chunk;

        @Option(names = "--seed", paramLabel = "N", description = "Seed for the file's bytes and the proxy's draws "
                + "(printed; random when left out).")
        Long seed;

        @Option(names = "--https", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "HTTPS from a test CA (default), or --no-https for plain HTTP.")
        boolean https;

        @Option(names = "--manifest-replicas", paramLabel = "N", defaultValue = "2",
                description = "Manifest replicas (2).")
        int replicas;

        @Option(names = "--s3proxy", description = "Also an object store that is a real S3Proxy process "
                + "(s3proxy.test, its own JVM: seconds to start), behind its own fault proxy like the others.")
        boolean s3proxy;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8474", converter = PortConverter.class,
                description = "Toxiproxy control API port on 127.0.0.1 (8474, Toxiproxy's, so toxiproxy-cli finds it; "
                        + "0 picks one). The containers world's fault proxy picks a free port itself.")
        int port;

        @Mixin
        WorldOption world = new WorldOption();

        /** How long Ctrl-C waits for the topology to close before the JVM halts anyway. */
        private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

        PrintStream out = System.out;
        /** Refusals and failures: the one line a script piping the addresses elsewhere still sees. */
        PrintStream err = System.err;

        /**
         * The launcher as the printed commands call it: {@code ./drill} where {@code up} runs in the launcher's own
         * folder, else its absolute path, so that they work pasted in the folder they were printed in.
         */
        String launcher = TopologyReport.launcher(System.getenv("DRILL_HOME"), Path.of(""));

        /** Released to stop without a signal (tests). */
        final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public Integer call() throws InterruptedException {
            Optional<String> refused = containersRefusal();
            if (refused.isPresent()) {
                err.println("error: " + refused.get());
                return ExitCodes.USAGE;
            }
            Optional<String> unavailable = world.unavailableLine("topology up");
            if (unavailable.isPresent()) {
                err.println(unavailable.get());
                return ExitCodes.USAGE; // as drill run: no world to serve, nothing started
            }
            Topology topology;
            try {
                topology = scenario != null ? fromScenario() : fromOptions();
            } catch (ScenarioException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            } catch (IOException e) {
                err.println("error: cannot read scenario " + scenario + ": " + e.getMessage());
                return ExitCodes.USAGE;
            } catch (ObjectStoreException e) {
                // S3Proxy missing or failing to start: its message says where it looked and how to get it.
                err.println("error: " + e.getMessage());
                return 1; // the world could not start; 2 stays for usage errors
            } catch (UncheckedIOException e) {
                // The --file could not be hashed (unreadable, or changed while it was read).
                err.println("error: " + e.getMessage());
                return 1;
            } catch (RuntimeException e) {
                Optional<String> usage = usageProblem(e, port);
                if (usage.isPresent()) {
                    err.println("error: " + usage.get());
                    return ExitCodes.USAGE;
                }
                if (!onRealServers()) {
                    throw e; // a failure of the world itself: its stack trace is what to report
                }
                // A container that did not come up (its readiness wait timed out, the engine went away): one line,
                // as for an S3Proxy that did not start; the world closed what it had started.
                err.println("error: the containers world did not start: " + e.getMessage());
                return 1;
            }
            return serveUntilStopped(topology);
        }

        /**
         * What the user asked for cannot be served as given: exit 2 with its message. Thrown by this command's own
         * checks, and for what the topology's builder refuses of the options.
         */
        static final class Refused extends RuntimeException {
            Refused(String message) {
                super(message, null, false, false);
            }
        }

        /**
         * The user's part in a failure to build or start the world, in words: options or a scenario describing a
         * world that cannot be built ({@link Refused}, {@link InvalidTopologyException}), or a {@code --port}
         * someone else listens on. Empty for a failure of the world itself, which is not a usage error.
         */
        static Optional<String> usageProblem(RuntimeException e, int port) {
            if (e instanceof Refused || e instanceof InvalidTopologyException) {
                return Optional.of(String.valueOf(e.getMessage()));
            }
            return port == 0 ? Optional.empty() : PortConverter.taken("--port", port, e);
        }

        private Topology fromOptions() {
            if (chunk != null) {
                // As `drill manifest create --chunk-size` says it, before any hashing: a manifest holds so many
                // chunk hashes, and the world's signing step failed with a stack trace after hashing them all.
                long bytes;
                try {
                    bytes = file != null && Files.isRegularFile(file) ? Files.size(file) : size;
                } catch (java.io.IOException unreadable) {
                    bytes = 0; // said later, in the words the world uses for a file it cannot read
                }
                io.outagedrill.client.publish.ManifestDraft.chunkSizeProblem(bytes, chunk).ifPresent(problem -> {
                    throw new Refused("--chunk: " + problem);
                });
            }
            long chosenSeed = seed != null ? seed : System.nanoTime();
            Topology.Builder builder;
            try {
                builder = Topology.builder().seed(chosenSeed).https(https).providers(providers)
                        .manifestReplicas(replicas).toxiproxyPort(port);
                if (file != null) {
                    publish(builder);
                } else {
                    builder.file(name != null ? name : GENERATED_NAME, size, chunk != null ? chunk : GENERATED_CHUNK);
                }
                if (s3proxy) {
                    builder.provider("s3proxy", p -> p.kind(ProviderKind.OBJECT_STORE)
                            .backend(ProviderBackend.S3PROXY).region("local").group("s3proxy").priority(2));
                }
            } catch (IllegalArgumentException e) {
                // Nothing has started yet: the builder refused a value the options gave it.
                throw new Refused(e.getMessage());
            }
            return world.world().start(builder);
        }

        private boolean onRealServers() {
            return world.world() == WorldOption.World.containers;
        }

        /** What the containers world cannot do of what was asked, said before any container starts. */
        private Optional<String> containersRefusal() {
            if (!onRealServers()) {
                return Optional.empty();
            }
            if (file != null && Files.exists(file)) {
                // nginx's workers read the bind-mounted file as their own user; a missing file is refused later,
                // in the words the embedded world uses.
                Optional<String> unreadable = UserFileMount.unreadableReason(file);
                if (unreadable.isPresent()) {
                    return Optional.of("--file: " + unreadable.get());
                }
            }
            if (port != 0 && spec.commandLine().getParseResult().hasMatchedOption("--port")) {
                return Optional.of("--port: the containers world's fault proxy picks a free port itself (it is "
                        + "printed); leave --port out or give 0");
            }
            return Optional.empty();
        }

        /** The user's file, under its own name or --name, in the chunks given or those a publisher would pick. */
        private void publish(Topology.Builder builder) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--size")) {
                throw new Refused("--size is for the generated file; " + file + " has its own size");
            }
            Path fileName = file.getFileName();
            String served = name != null ? name : fileName == null ? "" : fileName.toString();
            try {
                if (chunk != null) {
                    builder.file(served, file, chunk);
                } else {
                    builder.file(served, file);
                }
            } catch (IllegalArgumentException e) {
                // The rule for names is the manifest's: one plain path component. Say how to keep the file as it is.
                throw name == null && e.getMessage() != null && e.getMessage().contains("file name")
                        ? new IllegalArgumentException(e.getMessage() + "; serve it under another name with --name", e)
                        : e;
            }
        }

        private Topology fromScenario() throws IOException {
            List<String> clashing = WORLD_OPTIONS.stream()
                    .filter(option -> spec.commandLine().getParseResult().hasMatchedOption(option))
                    .map(this::asTyped).toList();
            if (!clashing.isEmpty()) {
                throw new Refused(String.join(", ", clashing) + ": the scenario decides this; leave it out, or edit "
                        + "the scenario");
            }
            Scenario loaded = ScenarioFiles.load(ScenarioFiles.defaultDir(), List.of(scenario), false).getFirst();
            out.printf("scenario %s: %s%n", loaded.name(), loaded.description().strip());
            long chosenSeed = seed != null ? seed : loaded.seed();
            if (onRealServers()) {
                List<String> blockers = RealServerFit.blockers(loaded);
                if (!blockers.isEmpty()) {
                    throw new Refused("scenario " + loaded.name() + " cannot run on real servers: "
                            + String.join("; ", blockers) + " (leave out --world containers)");
                }
                // What this world serves otherwise than the file says (https per provider), said as `drill run` says it.
                world.world().starter().notActedOn(loaded).forEach(note -> out.println("note: " + note));
                // The scenario's world as `drill run --world containers` builds it (its timeline is not played).
                return world.world().starter().start(loaded, chosenSeed, Clock.systemUTC());
            }
            return TopologyFromScenario.start(loaded, chosenSeed, Clock.systemUTC(),
                    builder -> builder.toxiproxyPort(port));
        }

        /** An option as the command line gave it: "--no-https" was typed, not "--https" (picocli names the latter). */
        private String asTyped(String option) {
            String negated = "--no-" + option.substring(2);
            boolean typedNegated = spec.commandLine().getParseResult().originalArgs().stream()
                    .anyMatch(arg -> arg.equals(negated) || arg.startsWith(negated + "="));
            return typedNegated ? negated : option;
        }

        private Integer serveUntilStopped(Topology topology) throws InterruptedException {
            // The JVM halts as soon as its shutdown hooks return, so on Ctrl-C the hook waits until the topology
            // is closed: otherwise the key and CA files would outlive it. Resources close in reverse: the topology
            // first, then the hook is told it may return.
            try (StopOnSignal onSignal = StopOnSignal.install("topology-shutdown", stop::countDown, CLOSE_WAIT);
                 topology) {
                new TopologyReport(topology, onRealServers(), launcher, out).print();
                out.flush();
                stop.await();
            }
            return ExitCodes.OK;
        }
    }
}
