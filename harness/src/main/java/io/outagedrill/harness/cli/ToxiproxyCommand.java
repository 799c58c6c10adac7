package io.outagedrill.harness.cli;

import io.outagedrill.client.cli.PortConverter;
import io.outagedrill.fakes.proxy.ToxiproxyServer;
import java.io.PrintStream;
import java.util.Optional;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drill toxiproxy}: the embedded fault proxy on its own, a Toxiproxy-compatible server in one JVM for
 * people with neither Go nor Docker. Any Toxiproxy client (toxiproxy-cli, toxiproxy-java, toxiproxy-python)
 * drives it; it also offers a {@code corrupt} toxic the real server lacks.
 */
@Command(name = "toxiproxy", mixinStandardHelpOptions = true,
        description = {"Run the embedded Toxiproxy-compatible fault proxy until Ctrl-C.",
                "Loopback addresses only (127.0.0.0/8)."})
public final class ToxiproxyCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Control API address (127.0.0.1).")
    String host;

    @Option(names = "--port", defaultValue = "8474", converter = PortConverter.class,
            description = "Control API port (8474, Toxiproxy's; 0 picks one).")
    int port;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for toxicity draws and the corrupt toxic.")
    Long seed;

    PrintStream out = System.out;
    /** Refusals: said where errors go, apart from the address a script may read from the first line. */
    PrintStream err = System.err;

    /** Released to stop the server without a signal (tests). */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        long chosenSeed = seed != null ? seed : System.nanoTime();
        try (ToxiproxyServer server = ToxiproxyServer.start(new InetSocketAddress(host, port), chosenSeed)) {
            Thread hook = new Thread(stop::countDown, "toxiproxy-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf("Toxiproxy-compatible server %s listening on %s (seed %d)%n", ToxiproxyServer.VERSION,
                    server.controlUri(), chosenSeed);
            out.println("drive it with any Toxiproxy client, e.g. toxiproxy-cli -h " + server.host() + ":"
                    + server.controlPort() + " list; Ctrl-C stops it");
            out.flush();
            stop.await();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Already stopping because of the signal.
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            Optional<String> taken = PortConverter.taken("--port", port, e);
            if (taken.isEmpty()) {
                throw e;
            }
            err.println("error: " + taken.get());
            return 2;
        }
        return 0;
    }
}
