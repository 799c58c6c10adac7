package io.outagedrill.harness.cli;

import static io.outagedrill.harness.cli.TopologyCommandTest.GET;
import static io.outagedrill.harness.cli.TopologyCommandTest.SHA;
import static io.outagedrill.harness.cli.TopologyCommandTest.text;
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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import picocli.CommandLine;

/**
 * {@code topology up --s3proxy}, apart from {@link TopologyCommandTest}: in a class of its own it runs beside that
 * class's other worlds instead of after them (with it, that class had been the last one running before the isolated
 * fault storm, alone for about 5 s).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
// Started among the first (the module runs its classes at once, longest first): about 28 s, which started last
// would end the module alone.
@Order(1)
class TopologyCommandS3ProxyTest {
    @TempDir
    Path dir;

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
        args.addAll(List.of("-o", dir.resolve("out").toString(), "--no-cache", "--mirror", "s3proxy"));
        int code = ClientMain.execute(ClientMain.commandLine(), args.toArray(String[]::new));

        assertThat(code).as("get pinned to the S3Proxy mirror exits 0; topology printed:%n%s", output).isZero();
        Matcher sha = SHA.matcher(output);
        assertThat(sha.find()).isTrue();
        assertThat(Sha256.ofFile(dir.resolve("out/video.mp4"))).isEqualTo(sha.group(1));
        up.stop.countDown();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }

}
