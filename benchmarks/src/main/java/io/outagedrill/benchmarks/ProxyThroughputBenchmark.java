package io.outagedrill.benchmarks;

import io.outagedrill.fakes.proxy.ProxyConfig;
import io.outagedrill.fakes.proxy.ToxiproxyServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * The embedded fault proxy with no toxics, against a direct loopback connection in the same run, so the cost
 * of the proxy is read off side by side. Toxiproxy's own figures: about 1000 MB/s on a laptop and under 100 µs
 * added latency.
 *
 * <ul>
 *   <li>{@code throughput}: writes 1 MiB per operation to a server that discards it; ops/s = MiB/s.</li>
 *   <li>{@code roundTrip}: one byte to an echo server and back; sample mode gives the p50 and tail.</li>
 * </ul>
 *
 * Run: {@code java -cp <benchmarks classpath> org.openjdk.jmh.Main ProxyThroughputBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Djava.net.preferIPv4Stack=true")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProxyThroughputBenchmark {
    private static final int BLOCK = 1024 * 1024;

    @Param({"direct", "proxy"})
    public String path;

    private ToxiproxyServer toxiproxy;
    private ServerSocket discard;
    private ServerSocket echo;
    private Socket bulk;
    private Socket ping;
    private OutputStream bulkOut;
    private OutputStream pingOut;
    private InputStream pingIn;
    private final byte[] block = new byte[BLOCK];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        discard = serve(ProxyThroughputBenchmark::drain);
        echo = serve(ProxyThroughputBenchmark::reflect);
        int discardPort = discard.getLocalPort();
        int echoPort = echo.getLocalPort();
        if (path.equals("proxy")) {
            toxiproxy = ToxiproxyServer.start();
            discardPort = port(toxiproxy.proxies().create(ProxyConfig.of("discard", "127.0.0.1:" + discardPort)));
            echoPort = port(toxiproxy.proxies().create(ProxyConfig.of("echo", "127.0.0.1:" + echoPort)));
        }
        bulk = connect(discardPort);
        bulkOut = bulk.getOutputStream();
        ping = connect(echoPort);
        pingOut = ping.getOutputStream();
        pingIn = ping.getInputStream();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        bulk.close();
        ping.close();
        if (toxiproxy != null) {
            toxiproxy.close();
        }
        discard.close();
        echo.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void throughput() throws IOException {
        bulkOut.write(block);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int roundTrip() throws IOException {
        pingOut.write(1);
        return pingIn.read();
    }

    private static int port(ProxyConfig proxy) {
        return Integer.parseInt(proxy.listen().substring(proxy.listen().lastIndexOf(':') + 1));
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        return socket;
    }

    private interface Session {
        void run(Socket socket) throws IOException;
    }

    private static ServerSocket serve(Session session) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("bench-upstream").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    socket.setTcpNoDelay(true);
                    Thread.ofPlatform().daemon().start(() -> {
                        try (socket) {
                            session.run(socket);
                        } catch (IOException ignored) {
                            // benchmark over
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private static void drain(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[256 * 1024];
        while (in.read(buffer) >= 0) {
            // discard
        }
    }

    private static void reflect(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }
}
