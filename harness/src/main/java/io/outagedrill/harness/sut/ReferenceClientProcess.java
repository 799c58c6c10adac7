package io.outagedrill.harness.sut;

import io.outagedrill.client.transfer.TransferOption;
import io.outagedrill.client.transfer.TransferOptions;
import java.io.IOException;
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

    public ReferenceClientProcess(Clock clock) {
        this(clock, System.getProperty("java.class.path"));
    }

    public ReferenceClientProcess(Clock clock, String classPath) {
        this.clock = clock;
        this.classPath = classPath;
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
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", classPath,
                "io.outagedrill.client.cli.ClientMain", "get"));
        job.manifestUrls().forEach(u -> command.add(u.toString()));
        // --file: the file the scenario's user asks for, as a script that ships the client would say it.
        command.addAll(List.of("--trust", job.trustStore().toString(), "--file", job.fileName(),
                "--ca-cert", job.caCertificate().toString(),
                "-o", job.outputDir().toString(), "--json", "--no-cache", "--policy", job.policy(),
                "--versions", job.outputDir().resolve(".versions.json").toString(),
                "--deadline", job.timeout().toMillis() + "ms"));
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
