package io.outagedrill.harness.sut;

import io.outagedrill.client.manifest.FileVersionStore;
import io.outagedrill.client.transfer.TransferOption;
import io.outagedrill.client.transfer.TransferOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The reference client as a separate process ({@code drill get --json}), the way a user's pipeline runs it:
 * the harness reads its JSON event lines.
 *
 * <p>Started through the drill launcher when this JVM was ({@code DRILL_HOME} names the folder holding it), so each
 * download gets what a user's {@code drill get} gets: the client's own class path, its JVM flags and the start-up
 * cache a user's first download trained. It ran as a plain JVM on the harness's class path with the JVM's defaults (a
 * heap sized for the machine, both compilers, every class read from its jar), which is not how users run it: the
 * dozen clients of routing-status-pages-lie, on a 2-core machine also busy with builds, reached their first request
 * 13 to 20 s after they were started. Elsewhere (tests, a harness embedded in a build) a JVM with the launcher's
 * main flags on this JVM's class path.
 */
public final class ReferenceClientProcess implements SystemUnderTest {
    /** Tells the launcher not to train its start-up cache in these downloads (see the drill script). */
    static final String AOT_TRAINING = "DRILL_AOT_TRAINING";
    /** The launcher's switch for its "sources changed" build: off for a download the harness starts. */
    static final String BUILD = "DRILL_BUILD";
    /**
     * No training, no build (the drill that started the run has built, and a source edited during the run must not
     * start a build per download, each into the same target folders), and none of the flags this run's user gave the
     * harness's JVM ({@code DRILL_JAVA_OPTS}, say a larger heap for a big fleet or a profiler's agent): each download
     * starts with the launcher's own, as a user's {@code drill get} does.
     */
    private static final Map<String, String> CHILD_ENVIRONMENT = Map.of(AOT_TRAINING, "off", BUILD, "off",
            "DRILL_JAVA_OPTS", "");

    private final Clock clock;
    private final List<String> launch;
    private final Map<String, Long> remembered;

    public ReferenceClientProcess(Clock clock) {
        this(clock, Map.of());
    }

    /**
     * A client whose user has run it before: its version memory (each download's {@code --versions} file) starts with
     * {@code remembered} (file name to the version last accepted), so a manifest below that is a rollback it must
     * refuse, as the in-process client's shared memory makes it.
     */
    public ReferenceClientProcess(Clock clock, Map<String, Long> remembered) {
        this(clock, remembered, launch(System.getenv("DRILL_HOME")));
    }

    ReferenceClientProcess(Clock clock, Map<String, Long> remembered, List<String> launch) {
        this.clock = clock;
        this.remembered = Map.copyOf(remembered);
        this.launch = List.copyOf(launch);
    }

    /**
     * The command's words before {@code get}'s arguments: {@code DRILL_HOME/drill get} where that launcher exists,
     * else this JVM's java on this JVM's class path (the harness runs the client it ships) with the flags the
     * launcher gives {@code get}: the serial collector and a heap of 128 MiB, C1 alone, native access for
     * Conscrypt.
     */
    static List<String> launch(String drillHome) {
        if (drillHome != null && !drillHome.isBlank()) {
            Path launcher = Path.of(drillHome, "drill");
            if (Files.isRegularFile(launcher) && Files.isExecutable(launcher)) {
                return List.of(launcher.toAbsolutePath().toString(), "get");
            }
        }
        return List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.outagedrill.client.cli.ClientMain", "get");
    }

    @Override
    public String name() {
        return "reference-cli";
    }

    @Override
    public Set<Capability> reports() {
        return Capability.referenceEvents();
    }

    /** It asks the world's name server when the world has one (the runner's worlds do): see {@link #start}. */
    @Override
    public boolean looksUpNamesThroughTheWorld() {
        return true;
    }

    /** {@code drill get --bind-address} with the job's source address when it has one. */
    @Override
    public boolean connectsFromItsOwnAddress() {
        return true;
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
        Path versions = job.outputDir().resolve(".versions.json");
        if (!remembered.isEmpty()) {
            FileVersionStore memory = new FileVersionStore(versions);
            remembered.forEach((file, version) -> memory.record(file, version, clock.instant()));
        }
        List<String> command = new ArrayList<>(launch);
        job.manifestUrls().forEach(u -> command.add(u.toString()));
        // --file: the file the scenario's user asks for, as a script that ships the client would say it.
        command.addAll(List.of("--trust", job.trustStore().toString(), "--file", job.fileName(),
                "--ca-cert", job.caCertificate().toString(),
                "-o", job.outputDir().toString(), "--json", "--no-cache", "--policy", job.policy(),
                "--versions", versions.toString(),
                "--deadline", job.timeout().toMillis() + "ms"));
        if (job.plainHttp()) {
            command.add("--allow-http"); // the world serves plain HTTP somewhere; never where it does not
        }
        job.sourceAddress().ifPresent(address -> command.addAll(List.of("--bind-address", address.getHostAddress())));
        java.util.Optional<java.net.InetSocketAddress> nameServer = job.resolver() == null
                ? java.util.Optional.empty() : job.resolver().nameServer();
        if (nameServer.isPresent()) {
            // Every name through the world's name server, as the in-process client asks its resolver: its DNS
            // faults (SERVFAIL, NXDOMAIN, an empty or slow answer, a stale address) reach this process too.
            command.addAll(List.of("--dns-server",
                    nameServer.get().getAddress().getHostAddress() + ":" + nameServer.get().getPort()));
        } else {
            for (Map.Entry<String, java.net.InetAddress> e : job.resolve().entrySet()) {
                command.addAll(List.of("--resolve", e.getKey() + ":" + e.getValue().getHostAddress()));
            }
        }
        job.options().forEach((k, v) -> command.addAll(flag(k, v)));
        return new ProcessDownload(job, name(), command, CHILD_ENVIRONMENT, clock,
                line -> Observations.ofJsonLine(line, clock.instant()), observer);
    }

    /**
     * A group option as {@code get} takes it: {@code --NAME VALUE}, or {@code --NAME}/{@code --no-NAME} for a switch.
     */
    static List<String> flag(String name, String value) {
        boolean isSwitch = TransferOptions.byName(name).map(TransferOption::isSwitch).orElse(false);
        if (isSwitch) {
            return List.of(Boolean.parseBoolean(value.strip()) ? "--" + name : "--no-" + name);
        }
        return List.of("--" + name, value);
    }
}
