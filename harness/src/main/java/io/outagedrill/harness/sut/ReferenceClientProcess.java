package io.outagedrill.harness.sut;

import io.outagedrill.client.manifest.FileVersionStore;
import io.outagedrill.client.transfer.TransferOption;
import io.outagedrill.client.transfer.TransferOptions;
import java.io.IOException;
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
 */
public final class ReferenceClientProcess implements SystemUnderTest {
    private final Clock clock;
    private final String classPath;
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
        this.clock = clock;
        this.classPath = System.getProperty("java.class.path"); // this JVM's: the harness runs the client it ships
        this.remembered = Map.copyOf(remembered);
    }

    @Override
    public String name() {
        return "reference-cli";
    }

    @Override
    public Set<Capability> reports() {
        return Capability.referenceEvents();
    }

    @Override
    public RunningDownload start(DownloadJob job, Consumer<Observation> observer) throws IOException {
        Path versions = job.outputDir().resolve(".versions.json");
        if (!remembered.isEmpty()) {
            FileVersionStore memory = new FileVersionStore(versions);
            remembered.forEach((file, version) -> memory.record(file, version, clock.instant()));
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", classPath,
                "io.outagedrill.client.cli.ClientMain", "get"));
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
        for (Map.Entry<String, java.net.InetAddress> e : job.resolve().entrySet()) {
            command.addAll(List.of("--resolve", e.getKey() + ":" + e.getValue().getHostAddress()));
        }
        job.options().forEach((k, v) -> command.addAll(flag(k, v)));
        return new ProcessDownload(job, name(), command, clock,
                line -> Observations.ofJsonLine(line, clock.instant()), observer);
    }

    /** A group option as {@code get} takes it: {@code --NAME VALUE}, or {@code --NAME}/{@code --no-NAME} for a switch. */
    static List<String> flag(String name, String value) {
        boolean isSwitch = TransferOptions.byName(name).map(TransferOption::isSwitch).orElse(false);
        if (isSwitch) {
            return List.of(Boolean.parseBoolean(value.strip()) ? "--" + name : "--no-" + name);
        }
        return List.of("--" + name, value);
    }
}
