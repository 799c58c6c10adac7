package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine is asked with a time limit before Testcontainers, whose client waits for ever on a socket that
 * accepts and never answers: each kind of wrong engine is a line naming the address, within the limit.
 */
@Timeout(30)
class EnginePingTest {
    private static final Duration LIMIT = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A unix socket that accepts every connection and answers each with {@code reply} (null: never answers). */
    private Path engine(String reply) throws IOException {
        Path socket = dir.resolve("docker.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        open.add(server);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    SocketChannel client = server.accept();
                    open.add(client);
                    if (reply != null) {
                        client.read(ByteBuffer.allocate(1024));
                        client.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII)));
                        client.close();
                    }
                }
            } catch (IOException closed) {
                // the test ended
            }
        });
        return socket;
    }

    private static EngineAddress address(String value) {
        return new EngineAddress(Optional.of(value));
    }

    @Test
    void anEngineThatAnswersIsFine() throws Exception {
        Path socket = engine("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK");

        assertThat(EnginePing.problem(address("unix://" + socket), LIMIT)).isEmpty();
    }

    @Test
    void anEngineThatAcceptsAndNeverAnswersIsALineWithinTheLimit() throws Exception {
        Path socket = engine(null);

        assertThat(EnginePing.problem(address("unix://" + socket), LIMIT)).contains("the Docker engine at unix://"
                + socket + " does not answer: no reply to GET /_ping within 500 ms (a paused or hung daemon?)");
    }

    @Test
    void somethingElseOnTheSocketIsNotTakenForAnEngine() throws Exception {
        Path socket = engine("SSH-2.0-OpenSSH_9.2\r\n");

        assertThat(EnginePing.problem(address("unix://" + socket), LIMIT)).contains("something at unix://" + socket
                + " answers, but not as a Docker engine (its first line: 'SSH-2.0-OpenSSH_9.2')");
    }

    @Test
    void aWebServerWhereTheEngineShouldBeIsNotTakenForAnEngine() throws Exception {
        Path socket = engine("HTTP/1.0 404 File not found\r\nServer: SimpleHTTP/0.6 Python/3.13.5\r\n\r\n");

        assertThat(EnginePing.problem(address("unix://" + socket), LIMIT)).as("a 404 to GET /_ping").contains(
                "something at unix://" + socket + " answers, but not as a Docker engine (its first line: "
                        + "'HTTP/1.0 404 File not found')");
    }

    @Test
    void anEngineListeningForTlsIsFine() throws Exception {
        Path socket = engine("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n");

        assertThat(EnginePing.problem(address("unix://" + socket), LIMIT)).as("Go's reply to plain HTTP on TLS")
                .isEmpty();
    }

    @Test
    void anotherBadRequestIsNotTakenForAnEngine() throws Exception {
        Path socket = engine("HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n");

        assertThat(EnginePing.problem(address("unix://" + socket), LIMIT)).contains("something at unix://" + socket
                + " answers, but not as a Docker engine (its first line: 'HTTP/1.0 400 Bad Request')");
    }

    @Test
    void aFileThatIsNoSocketOrAClosedPortIsNamedInsteadOfFallingBackToTheDefaultSocket() throws Exception {
        Path file = Files.writeString(dir.resolve("passwd"), "root:x:0:0");
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }

        assertThat(EnginePing.problem(address("unix://" + file), LIMIT)).hasValueSatisfying(line ->
                assertThat(line).startsWith("no Docker engine answers at unix://" + file + " ("));
        assertThat(EnginePing.problem(address("tcp://127.0.0.1:" + closed), LIMIT)).hasValueSatisfying(line ->
                assertThat(line).startsWith("no Docker engine answers at tcp://127.0.0.1:" + closed + " ("));
    }

    @Test
    void anAddressTestcontainersWouldNotUseIsNamedInsteadOfFallingBackToTheDefaultSocket() {
        for (String unusable : List.of("ssh://root@localhost", "tcp://127.0.0.1", "127.0.0.1:2375")) {
            assertThat(EnginePing.problem(address(unusable), LIMIT)).as("the answer for %s", unusable).contains(
                    "the Docker engine address " + unusable + " is not one Testcontainers can use here (unix:///PATH "
                            + "or tcp://HOST:PORT; it would fall back to /var/run/docker.sock)");
        }
    }

    @Test
    void theProbeAsksTestcontainersOnlyAfterThePingAnswered() {
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();

        Optional<String> reason = ContainerEngine.probe(address("tcp://127.0.0.1:2375"),
                java.util.Map.of("TESTCONTAINERS_RYUK_DISABLED", "true"), false,
                () -> Optional.of("the Docker engine at tcp://127.0.0.1:2375 does not answer"),
                () -> asked.getAndSet(true));

        assertThat(reason).contains("the Docker engine at tcp://127.0.0.1:2375 does not answer");
        assertThat(asked).as("whether Testcontainers was asked").isFalse();
    }

    /**
     * A user outside the socket's group gets EACCES from connect(2), which the JDK throws as a BindException
     * "Permission denied" (seen with JDK 25 as user nobody; the tests here run as root, whom no socket refuses). The
     * engine is there, so the line says so and names the group, not containers/prepare.sh.
     */
    @Test
    void aSocketThisUserMayNotOpenIsNamedWithItsGroupNotWithPrepare() {
        EngineAddress docker = address("unix:///var/run/docker.sock");

        String line = EnginePing.unreachable(docker, new java.net.BindException("Permission denied"));

        assertThat(line).isEqualTo("the Docker engine at unix:///var/run/docker.sock does not let this user in "
                + "(permission denied on its socket)");
        assertThat(ContainerEngine.remedy(line)).as("what to do about it").startsWith(
                "add this user to the socket's group, usually docker (as root: usermod -aG docker USER; then log in "
                        + "again)");
        String refused = EnginePing.unreachable(docker, new java.net.ConnectException("Connection refused"));
        assertThat(refused).isEqualTo("no Docker engine answers at unix:///var/run/docker.sock (Connection refused)");
        assertThat(ContainerEngine.remedy(refused)).as("no engine: prepare one").isEqualTo(LocalImages.HOW_TO_PREPARE);
    }
}
