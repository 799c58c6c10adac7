package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.cli.ClientMain;
import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.harness.containers.ContainersWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import picocli.CommandLine;

/**
 * {@code drill topology up --world containers} as a user meets it: the printed {@code drill get} downloads and
 * verifies the file from nginx containers behind the fault proxy container, the printed Toxiproxy API takes a
 * provider down and the next download fails over, and stopping removes every container. Needs an engine with the
 * images ({@code containers/prepare.sh}); only with {@code -Doutagedrill.containers.full=true}.
 */
@EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
        disabledReason = "nginx and fault proxy containers, 10-20 s: runs with -Doutagedrill.containers.full=true")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TopologyOnContainersContainerTest {
    private static final Pattern GET = Pattern.compile("^ {2}\\./drill (get .+)$", Pattern.MULTILINE);
    private static final Pattern SHA = Pattern.compile("SHA-256 ([0-9a-f]{64})");
    private static final Pattern CONTROL = Pattern.compile("Toxiproxy API at (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    @Test
    void thePrintedCommandsWorkOnRealServersAndStoppingRemovesTheContainers() throws Exception {
        assertThat(ContainersWorld.unavailableReason()).as("the containers world here (containers/prepare.sh)")
                .isEmpty();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "--world", "containers", "--providers", "2", "--size", "2MiB", "--chunk", "512KiB", "--seed", "7"));
        await().atMost(Duration.ofSeconds(120)).until(() -> text(printed).contains("Ctrl-C") || exit.isDone());
        String output = text(printed);
        assertThat(output).as("what up printed").contains("seed 7")
                .contains("real servers in Docker containers").contains("cloudflare").contains("fastly")
                .doesNotContain("/faults -d").contains("nginx takes no HTTP or TLS faults")
                .contains("Ctrl-C stops everything, removes the containers");

        Matcher get = GET.matcher(output);
        assertThat(get.find()).as(output).isTrue();
        String sha = SHA.matcher(output).results().findFirst().orElseThrow().group(1);
        assertThat(download(get.group(1), dir.resolve("healthy"))).as("drill get, all healthy; %s", output).isZero();
        assertThat(Sha256.ofFile(dir.resolve("healthy/video.mp4"))).isEqualTo(sha);

        URI control = URI.create(CONTROL.matcher(output).results().findFirst().orElseThrow().group(1));
        HttpResponse<String> down = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        control.resolve("/proxies/cloudflare"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(down.statusCode()).as("cloudflare down through the printed API: %s", down.body()).isEqualTo(200);
        assertThat(download(get.group(1), dir.resolve("failover"))).as("drill get, cloudflare down").isZero();
        assertThat(Sha256.ofFile(dir.resolve("failover/video.mp4"))).isEqualTo(sha);

        up.stop.countDown();
        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(ownContainers()).as("containers of this JVM after up stopped").isEmpty();
    }

    private static int download(String printedGet, Path out) {
        List<String> args = new ArrayList<>(Arrays.asList(printedGet.split(" ")));
        args.addAll(List.of("-o", out.toString(), "--no-cache", "--versions", out.resolve("versions.json").toString()));
        return ClientMain.execute(new CommandLine(new ClientMain()), args.toArray(String[]::new));
    }

    private static List<Container> ownContainers() {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerJanitor.OWNER_LABEL, Long.toString(ProcessHandle.current().pid())))
                .exec();
    }

    private static String text(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
