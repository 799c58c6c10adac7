package io.outagedrill.harness.cli;

import io.outagedrill.client.cli.ExitCodes;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.manifest.ManifestReplica;
import io.outagedrill.fakes.topology.Provider;
import io.outagedrill.fakes.topology.ProviderCatalog;
import io.outagedrill.fakes.topology.Topology;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drill topology}: the fake world on its own, for people pointing their own downloader at it and breaking
 * it by hand or with any Toxiproxy client.
 */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Fake CDNs, each behind its own Toxiproxy-compatible fault proxy, with a signed manifest.",
        subcommands = {TopologyCommand.Up.class, CommandLine.HelpCommand.class})
public final class TopologyCommand implements Runnable {

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "expected a command: up");
    }

    /** {@code drill topology up}: start, print how to reach and break everything, wait for Ctrl-C. */
    @Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Bring a topology up on loopback and keep it up until Ctrl-C.",
                    "Prints each provider's URL and address, the fault proxy's control address, the manifest URLs, "
                            + "the trust key and CA files, the status pages, and commands ready to paste."})
    public static final class Up implements Callable<Integer> {

        @Parameters(arity = "0..1", paramLabel = "SCENARIO",
                description = "A scenario file whose world to build (not read yet: use --providers).")
        String scenario;

        @Option(names = "--providers", paramLabel = "N", defaultValue = "3",
                description = "How many providers, taken in order from: cloudflare, fastly, bunny, akamai, cloudfront, "
                        + "b2 (an object store), gcore, origin (3).")
        int providers;

        @Option(names = "--file", paramLabel = "NAME", defaultValue = "video.mp4", description = "File name (video.mp4).")
        String file;

        @Option(names = "--size", paramLabel = "SIZE", defaultValue = "64MiB", converter = SizeConverter.class,
                description = "File size (64MiB).")
        long size;

        @Option(names = "--chunk", paramLabel = "SIZE", defaultValue = "4MiB", converter = SizeConverter.class,
                description = "Chunk size in the manifest (4MiB).")
        long chunk;

        @Option(names = "--seed", paramLabel = "N", description = "Seed for the file's bytes and the proxy's draws "
                + "(printed; random when left out).")
        Long seed;

        @Option(names = "--https", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "HTTPS from a test CA (default), or --no-https for plain HTTP.")
        boolean https;

        @Option(names = "--manifest-replicas", paramLabel = "N", defaultValue = "2",
                description = "Manifest replicas (2).")
        int replicas;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8474",
                description = "Toxiproxy control API port on 127.0.0.1 (8474, Toxiproxy's, so toxiproxy-cli finds it; "
                        + "0 picks one).")
        int port;

        PrintStream out = System.out;

        /** Released to stop without a signal (tests). */
        final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public Integer call() throws InterruptedException {
            if (scenario != null) {
                out.println("error: topology up does not read scenario files yet; use --providers N");
                return ExitCodes.USAGE;
            }
            long chosenSeed = seed != null ? seed : System.nanoTime();
            Topology topology;
            try {
                topology = Topology.builder().seed(chosenSeed).https(https).providers(providers)
                        .file(file, size, chunk).manifestReplicas(replicas).toxiproxyPort(port).start();
            } catch (IllegalArgumentException | IllegalStateException e) {
                out.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            try (topology) {
                Thread hook = new Thread(stop::countDown, "topology-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                new TopologyReport(topology, out).print();
                out.flush();
                stop.await();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Already stopping because of the signal.
                }
            }
            return ExitCodes.OK;
        }
    }

    /** What {@code up} prints: plain words first, then commands to paste. */
    record TopologyReport(Topology topology, PrintStream out) {

        void print() {
            GeneratedFile file = topology.files().getFirst();
            String name = file.name();
            out.printf("topology up, seed %d, %s%n", topology.seed(),
                    topology.isHttps() ? "HTTPS with certificates from a test CA" : "plain HTTP");
            out.printf("file %s: %d bytes, SHA-256 %s%n%n", name, file.size(), file.sha256());

            out.println("providers (each reached through its own fault proxy, which listens on the provider's address):");
            List<URI> urls = topology.mirrorUrls(name);
            List<Provider> providers = topology.providers();
            for (int i = 0; i < providers.size(); i++) {
                Provider p = providers.get(i);
                out.printf("  %-11s %s  at %s:%d  (%s, group %s%s)%n", p.name(), urls.get(i),
                        p.address().getAddress().getHostAddress(), p.address().getPort(), p.kind(), p.group(),
                        p.region().isEmpty() ? "" : ", region " + p.region());
            }
            URI control = topology.toxiproxyUri();
            String hostPort = control.getHost() + ":" + control.getPort();
            String first = providers.getFirst().name();
            out.printf("%nfault proxy: Toxiproxy API at %s, one proxy per provider, named after it%n", control);
            out.printf("  toxiproxy-cli -h %s list%n", hostPort);
            out.printf("  toxiproxy-cli -h %s toxic add -t timeout -a timeout=0 %s     (blackhole %s)%n", hostPort,
                    first, first);
            out.printf("  curl -X POST %s/proxies/%s -d '{\"enabled\":false}'     (%s down)%n", control, first, first);
            out.printf("  curl -X POST %s/reset     (everything healthy again)%n", control);

            out.printf("%nmanifest (signed, %d replicas):%n", topology.manifestReplicas().size());
            List<String> manifestUrls = topology.manifestUrls(name);
            List<ManifestReplica> replicas = topology.manifestReplicas();
            for (int i = 0; i < replicas.size(); i++) {
                out.printf("  %s  at %s%n", manifestUrls.get(i), replicas.get(i).cdn().address().getAddress().getHostAddress());
            }
            out.printf("trust key file: %s%n", topology.trustStore());
            if (topology.isHttps()) {
                out.printf("CA file: %s%n", topology.caCertificate());
            }
            out.println("status pages (Statuspage API v2):");
            for (Provider p : providers) {
                URI status = topology.statusUrl(p.name());
                out.printf("  %-11s %s  at %s%n", p.name(), status, topology.resolve().get(status.getHost()).getHostAddress());
            }

            out.printf("%ndownload with the reference client:%n  %s%n", String.join(" ", drillGet(manifestUrls, providers, replicas)));
            out.printf("download from one provider with curl:%n  %s%n", String.join(" ", curl(urls.getFirst(), name)));
            out.printf("%nCtrl-C stops everything and deletes the key and CA files.%n");
        }

        private List<String> drillGet(List<String> manifestUrls, List<Provider> providers, List<ManifestReplica> replicas) {
            List<String> command = new ArrayList<>(List.of("./drill", "get"));
            command.addAll(manifestUrls);
            command.addAll(List.of("--trust", topology.trustStore().toString()));
            if (topology.isHttps()) {
                command.addAll(List.of("--ca-cert", topology.caCertificate().toString()));
            } else {
                command.add("--allow-http");
            }
            for (Provider p : providers) {
                command.addAll(List.of("--resolve", p.hostname() + ":" + p.address().getAddress().getHostAddress()));
            }
            for (ManifestReplica r : replicas) {
                command.addAll(List.of("--resolve", r.hostname() + ":" + r.cdn().address().getAddress().getHostAddress()));
            }
            return command;
        }

        private List<String> curl(URI url, String name) {
            List<String> command = new ArrayList<>(List.of("curl", "-f"));
            if (topology.isHttps()) {
                command.addAll(List.of("--cacert", topology.caCertificate().toString()));
            }
            Provider provider = topology.providers().getFirst();
            command.addAll(List.of("--resolve", provider.curlResolve(), "-o", name, url.toString()));
            return command;
        }
    }
}
