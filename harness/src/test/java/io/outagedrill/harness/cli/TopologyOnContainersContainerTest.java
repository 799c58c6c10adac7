package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.cli.ClientMain;
import io.outagedrill.fakes.containers.ContainerJanitor;
import io.outagedrill.fakes.testing.ChildJvm;
import io.outagedrill.fakes.testing.SharedResources;
import io.outagedrill.harness.containers.ContainersWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import picocli.CommandLine;

/**
 * {@code drill topology up --world containers} as a user meets it: the printed {@code drill get} downloads and
 * verifies the file from nginx containers behind the fault proxy container, the printed Toxiproxy API takes a
 * provider down and the next download fails over, and stopping removes every container. With {@code --file}, the
 * user's own file is served by nginx where it lies and by S3Proxy from its bucket, and once changed on disk the
 * client refuses nginx's bytes, blaming each nginx mirror. Needs an engine with the
 * images ({@code containers/prepare.sh}); only with {@code -Doutagedrill.containers.full=true}.
 */
@EnabledIfSystemProperty(named = "outagedrill.containers.full", matches = "true",
        disabledReason = "nginx and fault proxy containers, 10-20 s: runs with -Doutagedrill.containers.full=true")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
// Not beside another class that starts containers: a check that none of this JVM's is left would see them.
@ResourceLock(SharedResources.OWN_CONTAINERS)
class TopologyOnContainersContainerTest {
    private static final Pattern GET = Pattern.compile("^ {2}\\./drill (get .+)$", Pattern.MULTILINE);
    private static final Pattern SHA = Pattern.compile("SHA-256 ([0-9a-f]{64})");
    private static final Pattern CONTROL = Pattern.compile("Toxiproxy API at (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    @BeforeAll
    static void engineAndImages() {
        ContainersWorld.unavailableReason().ifPresent(Assumptions::abort);
    }

    @Test
    void thePrintedCommandsWorkOnRealServersAndStoppingRemovesTheContainers() throws Exception {
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
        assertThat(ContainerJanitor.own()).as("containers of this JVM after up stopped").isEmpty();
    }

    @Test
    void aUsersOwnFileIsServedByNginxWhereItLiesAndByS3ProxyAndRefusedOnceChangedOnDisk() throws Exception {
        // A folder only its owner may enter, with a ':' in its name (which the SRC:DST form of a bind would split
        // at): the file is mounted by itself, so neither matters to nginx.
        Path folder = Files.createDirectories(dir.resolve("build:output"));
        Path mine = folder.resolve("release-1.2.tar.gz");
        byte[] bytes = new byte[(3 << 20) + 4321]; // 3 MiB and a bit: 4 chunks of 1 MiB, the last short
        new SplittableRandom(17).nextBytes(bytes);
        Files.write(mine, bytes);
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "--world", "containers", "--providers", "2", "--s3proxy", "--file", mine.toString(),
                "--chunk", "1MiB", "--seed", "7"));
        await().atMost(Duration.ofSeconds(150)).until(() -> text(printed).contains("Ctrl-C") || exit.isDone());
        String output = text(printed);
        assertThat(output).as("what up printed").contains("real servers in Docker containers")
                .contains("file release-1.2.tar.gz: " + bytes.length + " bytes, SHA-256 " + Sha256.ofFile(mine))
                .contains("your file " + mine.toAbsolutePath()).contains("mount it read-only where it lies")
                .containsPattern("s3proxy +https://s3proxy\\.test:\\d+/outage-drill/release-1\\.2\\.tar\\.gz ");
        Matcher get = GET.matcher(output);
        assertThat(get.find()).as(output).isTrue();

        // Every provider healthy: the printed get, as it stands.
        assertThat(download(get.group(1), dir.resolve("first"))).as("drill get, all healthy; %s", output).isZero();
        assertThat(Files.mismatch(dir.resolve("first/release-1.2.tar.gz"), mine)).as("first differing byte")
                .isEqualTo(-1L);

        // Only the S3Proxy container left: it serves what was put into its bucket.
        URI control = URI.create(CONTROL.matcher(output).results().findFirst().orElseThrow().group(1));
        enable(control, "cloudflare", false);
        enable(control, "fastly", false);
        assertThat(download(get.group(1), dir.resolve("s3proxy"))).as("drill get from S3Proxy alone").isZero();
        assertThat(Files.mismatch(dir.resolve("s3proxy/release-1.2.tar.gz"), mine)).as("first differing byte")
                .isEqualTo(-1L);
        enable(control, "cloudflare", true);
        enable(control, "fastly", true);

        // The third chunk rewritten in place, as a build writing over the file would. nginx serves the file as it
        // is now under the manifest signed at start; S3Proxy's copy is the published one, so it is taken down.
        try (FileChannel channel = FileChannel.open(mine, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("not the published bytes".getBytes(StandardCharsets.US_ASCII)),
                    (2L << 20) + 10);
        }
        enable(control, "s3proxy", false);
        ChildJvm.Result changed = getInChildJvm(get.group(1), dir.resolve("changed"));
        assertThat(changed.exit()).as("drill get of the changed file; stdout %s stderr %s", changed.stdout(),
                changed.stderr()).isNotZero();
        for (String mirror : List.of("cloudflare.test", "fastly.test")) {
            assertThat(changed.stdout().lines()).as("%s blamed for corrupt bytes: %s", mirror, changed.stdout())
                    .anyMatch(line -> line.contains("\"event\":\"mirror-failed\"")
                            && line.contains("\"mirror\":\"" + mirror + "\"") && line.contains("\"CORRUPT\"")
                            && line.contains("chunk 2 failed its SHA-256"));
        }
        assertThat(dir.resolve("changed/release-1.2.tar.gz")).as("nothing unverified is left").doesNotExist();

        up.stop.countDown();
        assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(ContainerJanitor.own()).as("containers of this JVM after up stopped").isEmpty();
        assertThat(Files.getPosixFilePermissions(mine)).as("the user's file's permissions, untouched")
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void enable(URI control, String proxy, boolean enabled) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        control.resolve("/proxies/" + proxy))
                .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + enabled + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s enabled=%s through the printed API: %s", proxy, enabled,
                response.body()).isEqualTo(200);
    }

    /**
     * The printed get in a JVM of its own with {@code --json}, so its events (which mirror failed and why) are read
     * from its standard output, as a user's script would; bounded to two minutes.
     */
    private static ChildJvm.Result getInChildJvm(String printedGet, Path out) throws Exception {
        return ChildJvm.of(ClientMain.class).args(printedGet.split(" ")).args("-o", out.toString(), "--no-cache",
                "--json").run();
    }

    private static int download(String printedGet, Path out) {
        List<String> args = new ArrayList<>(Arrays.asList(printedGet.split(" ")));
        args.addAll(List.of("-o", out.toString(), "--no-cache"));
        return ClientMain.execute(ClientMain.commandLine(), args.toArray(String[]::new));
    }

    private static String text(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
