package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.cli.ClientMain;
import io.outagedrill.fakes.objectstore.S3ProxyJar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import picocli.CommandLine;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopologyCommandTest {
    private static final Pattern GET = Pattern.compile("^ {2}\\./drill (get .+)$", Pattern.MULTILINE);
    private static final Pattern SHA = Pattern.compile("SHA-256 ([0-9a-f]{64})");

    @TempDir
    Path dir;

    @Test
    void theReferenceClientDownloadsWithThePrintedCommandAndTheFileVerifies() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "--providers", "2", "--port", "0", "--size", "2MiB", "--chunk", "512KiB", "--seed", "7"));
        await().atMost(Duration.ofSeconds(30)).until(() -> GET.matcher(text(printed)).find() || exit.isDone());
        String output = text(printed);
        assertThat(output).contains("seed 7").contains("cloudflare").contains("fastly").doesNotContain("bunny")
                .contains("toxiproxy-cli -h 127.0.0.1:").contains("trust key file: ").contains("CA file: ")
                .contains("http://status.cloudflare.test:").contains("curl -f --cacert ")
                .containsPattern("admin API at http://127\\.0\\.0\\.1:\\d+ ")
                .contains("/providers/fastly/faults -d '{\"rule\":{\"type\":\"status\",\"code\":503}}'");

        Matcher get = GET.matcher(output);
        assertThat(get.find()).as(output).isTrue();
        List<String> args = new ArrayList<>(Arrays.asList(get.group(1).split(" ")));
        assertThat(args).contains("--trust", "--ca-cert", "--resolve");
        assertThat(args.get(1)).startsWith("https://manifests-a.test:").endsWith("/manifests/video.mp4.jws");
        args.addAll(List.of("-o", dir.resolve("out").toString(), "--no-cache",
                "--versions", dir.resolve("versions.json").toString()));
        int code = ClientMain.execute(new CommandLine(new ClientMain()), args.toArray(String[]::new));

        assertThat(code).as(output).isZero();
        Matcher sha = SHA.matcher(output);
        assertThat(sha.find()).isTrue();
        assertThat(Sha256.ofFile(dir.resolve("out/video.mp4"))).isEqualTo(sha.group(1));

        up.stop.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void plainHttpPrintsAllowHttpAndNoCertificates() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "--providers", "1", "--port", "0", "--size", "64KiB", "--no-https"));
        await().atMost(Duration.ofSeconds(30)).until(() -> text(printed).contains("Ctrl-C") || exit.isDone());
        String output = text(printed);
        assertThat(output).contains("plain HTTP").contains("http://cloudflare.test:").contains("--allow-http")
                .doesNotContain("CA file:").doesNotContain("--ca-cert").doesNotContain("--cacert");
        up.stop.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aScenarioBuildsItsOwnWorldWithItsSeedAndItsEdge() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "../scenarios/fastly-2021-06-08.yaml", "--port", "0"));
        await().atMost(Duration.ofSeconds(30)).until(() -> text(printed).contains("Ctrl-C") || exit.isDone());
        String output = text(printed);
        assertThat(output).startsWith("scenario fastly-2021-06-08: Fastly: ").contains("seed 20210608")
                .contains("file video.mp4: 67108864 bytes")
                .containsPattern("fastly +https://fastly\\.test:\\d+/video\\.mp4 .*edge cache of origin")
                .contains("https://origin.test:").contains("https://cloudflare.test:").contains("b2.test:")
                .contains("admin API");
        up.stop.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    @ResourceLock("s3proxy") // one S3Proxy JVM starting at a time: two at once on two cores can pass its 30 s start limit
    void s3proxyAddsARealS3ProxyObjectStoreThePrintedCommandDownloadsFrom() throws Exception {
        assumeTrue(S3ProxyJar.find().isPresent(), S3ProxyJar::howToGet);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "--providers", "1", "--s3proxy", "--port", "0", "--size", "1MiB", "--chunk", "256KiB"));
        await().atMost(Duration.ofSeconds(50)).until(() -> GET.matcher(text(printed)).find() || exit.isDone());
        String output = text(printed);
        assertThat(output).containsPattern("s3proxy +https://s3proxy\\.test:\\d+/outage-drill/video\\.mp4")
                .contains("S3Proxy process: no HTTP or TLS faults");

        Matcher get = GET.matcher(output);
        assertThat(get.find()).as(output).isTrue();
        List<String> args = new ArrayList<>(Arrays.asList(get.group(1).split(" ")));
        args.addAll(List.of("-o", dir.resolve("out").toString(), "--no-cache", "--mirror", "s3proxy",
                "--versions", dir.resolve("versions.json").toString()));
        int code = ClientMain.execute(new CommandLine(new ClientMain()), args.toArray(String[]::new));

        assertThat(code).as("get pinned to the S3Proxy mirror exits 0; topology printed:%n%s", output).isZero();
        Matcher sha = SHA.matcher(output);
        assertThat(sha.find()).isTrue();
        assertThat(Sha256.ofFile(dir.resolve("out/video.mp4"))).isEqualTo(sha.group(1));
        up.stop.countDown();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void optionsTheScenarioDecidesAreRefusedBesideIt() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        assertThat(new CommandLine(up).execute("../scenarios/fastly-2021-06-08.yaml", "--providers", "2", "--size",
                "1MiB")).isEqualTo(2);
        assertThat(text(printed)).contains("error: --providers, --size: the scenario decides this");
        assertThat(new CommandLine(new TopologyCommand.Up()).execute("no-such-scenario")).isEqualTo(2);
    }

    private static String text(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
