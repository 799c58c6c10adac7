package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class ToxiproxyCommandTest {

    @Test
    void runsAServerTheOfficialJavaClientCanDrive() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ToxiproxyCommand command = new ToxiproxyCommand();
        command.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> new CommandLine(command).execute("--port", "0", "--seed", "1"));
        Pattern listening = Pattern.compile("listening on (http://\\S+) \\(seed 1\\)");
        await().atMost(Duration.ofSeconds(20)).until(() -> listening.matcher(printed.toString(StandardCharsets.UTF_8)).find());
        Matcher m = listening.matcher(printed.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        URI control = URI.create(m.group(1));

        ToxiproxyClient client = new ToxiproxyClient(control.getHost(), control.getPort());
        assertThat(client.version()).contains("2.12.0");
        client.createProxy("cdn", "127.0.0.1:0", "127.0.0.1:9");
        assertThat(client.getProxies()).extracting(p -> p.getName()).containsExactly("cdn");

        command.stop.countDown();
        assertThat(exit.get()).isZero();
    }

    @Test
    void aNonLoopbackAddressIsRefusedWithAClearMessage() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ToxiproxyCommand command = new ToxiproxyCommand();
        command.out = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        command.err = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int exit = new CommandLine(command).execute("--host", "192.0.2.10", "--port", "0");
        assertThat(exit).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("error:").contains("loopback");
    }

    /** A port already taken (a real Toxiproxy on 8474) is named in one line, exit 2, not Jetty's stack trace. */
    @Test
    void aTakenPortIsNamedInOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ToxiproxyCommand command = new ToxiproxyCommand();
            command.out = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            command.err = new PrintStream(printed, true, StandardCharsets.UTF_8);

            int exit = new CommandLine(command).execute("--port", Integer.toString(taken.getLocalPort()));

            String said = printed.toString(StandardCharsets.UTF_8);
            assertThat(exit).as("exit code; it printed: %s", said).isEqualTo(2);
            assertThat(said).startsWith("error: --port: cannot listen on port %d: ".formatted(taken.getLocalPort()))
                    .contains("choose another, or 0 for a free one");
        }
    }
}
