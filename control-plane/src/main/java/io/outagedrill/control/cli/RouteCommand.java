package io.outagedrill.control.cli;

import com.nimbusds.jose.jwk.JWK;
import io.outagedrill.client.Durations;
import io.outagedrill.client.cli.CommandFailures;
import io.outagedrill.client.cli.DurationConverter;
import io.outagedrill.client.cli.InputFiles;
import io.outagedrill.client.cli.OutputFiles;
import io.outagedrill.client.cli.PortConverter;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VersionStore;
import io.outagedrill.client.publish.PublishedVersions;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.NameServerDns;
import io.outagedrill.control.ManifestPublisher;
import io.outagedrill.control.MirrorProber;
import io.outagedrill.control.OwnOutput;
import io.outagedrill.control.PreferredOrder;
import io.outagedrill.control.Router;
import io.outagedrill.control.RoutingEvent;
import io.outagedrill.control.RoutingLimits;
import io.outagedrill.control.RoutingPolicy;
import io.outagedrill.control.SignedFilePublisher;
import io.outagedrill.control.StatusReader;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code drill route}: the routing controller from the command line, publishing to a file a web server serves. */
@Command(name = "route", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Probe every mirror of SIGNED.jws (one hash-checked chunk each, every --interval), and when "
                + "a mirror fails --fail-after probes in a row or serves wrong bytes, re-sign the manifest with the "
                + "healthy mirrors first (version one higher) into --out; a demoted mirror comes back after "
                + "--recover-after healthy probes. Stops after --rounds rounds or --for, whichever comes first."})
public final class RouteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SIGNED.jws", description = "The manifest as published now.")
    Path manifestFile;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE.jwk", description = "The key that re-signs.")
    Path keyFile;

    @Option(names = "--trust", paramLabel = "KEYS.jwks",
            description = "Keys the current manifest may be signed with (default: the public half of --key).")
    Path trustFile;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.jws",
            description = "The manifest to serve (may be SIGNED.jws itself): SIGNED.jws from the start, unless it "
                    + "holds a later version, then each re-signed one; replaced atomically.")
    Path outFile;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "Time between probe rounds (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "" + Long.MAX_VALUE, showDefaultValue =
            picocli.CommandLine.Help.Visibility.NEVER, description = "Stop after N rounds.")
    long rounds;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "24h",
            description = "Stop after this long (default ${DEFAULT-VALUE}); a supervisor restarts it.")
    Duration runFor;

    @Option(names = "--fail-after", paramLabel = "N", defaultValue = "2",
            description = "Failed probes in a row that demote a mirror (default ${DEFAULT-VALUE}).")
    int failAfter;

    @Option(names = "--recover-after", paramLabel = "N", defaultValue = "3",
            description = "Healthy probes in a row that bring it back (default ${DEFAULT-VALUE}).")
    int recoverAfter;

    @Option(names = "--slow-first-byte", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "2s", description = "A probe slower to its first byte counts as failed (default ${DEFAULT-VALUE}).")
    Duration slowFirstByte;

    @Option(names = "--probe-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "10s", description = "Limit on one whole probe (default ${DEFAULT-VALUE}).")
    Duration probeTimeout;

    @Option(names = "--no-status-pages", description = "Ignore the providers' status pages the manifest names "
            + "(by default a page that admits a major outage makes one failed probe enough to demote).")
    boolean noStatusPages;

    @Option(names = "--ca-cert", paramLabel = "PEM", description = "Trust only this CA (loopback test servers).")
    Path caCert;

    @Option(names = "--resolve", paramLabel = "HOST:ADDRESS", description = "Fixed name resolution, as curl's.")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--dns-server", paramLabel = "ADDRESS[:PORT]", description = "Look host names up at the name "
            + "server at this IP address (port 53 unless given; IPv6 as [::1]:5353) instead of the system's "
            + "resolver, as drill get does; names given to --resolve first.")
    String dnsServer;

    @Option(names = "--allow-http", description = "Allow plain-http mirror URLs (loopback test manifests only).")
    boolean allowHttp;

    @Option(names = "--metrics-port", paramLabel = "PORT", converter = PortConverter.class,
            description = "Serve the probes and decisions as metrics in Prometheus' text format at "
                    + "http://127.0.0.1:PORT/metrics while it runs (0 picks a free port).")
    Integer metricsPort;

    @Override
    public Integer call() {
        return CommandFailures.run(this::route, spec.commandLine().getErr());
    }

    /** A usage error naming {@code option} and what it saw, when {@code problem} says what was expected. */
    private void requireWithin(String option, Duration value,
                               java.util.function.Function<Duration, java.util.Optional<String>> problem) {
        problem.apply(value).ifPresent(expected -> {
            throw new ParameterException(spec.commandLine(), "%s: %s, saw %s".formatted(option, expected,
                    Durations.words(value)));
        });
    }

    /** Usage errors found before anything is read or probed: each names its option and what it saw. */
    private void checkOptions() {
        InputFiles.require(spec.commandLine(), "SIGNED.jws", manifestFile);
        InputFiles.require(spec.commandLine(), "--key", keyFile);
        InputFiles.requireIfGiven(spec.commandLine(), "--trust", trustFile);
        // As the manifest commands check -o: otherwise the first sign of it is a temporary file's name, or, for a
        // folder, a publication failing each round from the first demotion on, when it matters most.
        OutputFiles.requireFolder(spec.commandLine(), "-o", outFile);
        // -o may be SIGNED.jws itself (documented); over the key or the trusted set it would lose them at the start.
        Map<String, Path> keys = new LinkedHashMap<>();
        keys.put("--key", keyFile);
        keys.put("--trust", trustFile);
        OutputFiles.requireNotAnInput(spec.commandLine(), "-o", outFile, keys);
        requireWithin("--interval", interval, RoutingLimits::intervalProblem);
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds: expected 1 or more, saw " + rounds);
        }
        // As --rounds 0: no round would run, and the command would end at once with exit 0 as if it had routed.
        requireWithin("--for", runFor, d -> d.isPositive() ? Optional.empty() : Optional.of("expected more than 0"));
        requireWithin("--probe-timeout", probeTimeout, RoutingLimits::probeTimeoutProblem);
        requireWithin("--slow-first-byte", slowFirstByte, RoutingLimits::slowFirstByteProblem);
        if (failAfter < 1 || recoverAfter < 1) {
            // RoutingPolicy holds the rule; this names the option a user typed.
            throw new ParameterException(spec.commandLine(), failAfter < 1
                    ? "--fail-after: expected 1 or more, saw " + failAfter
                    : "--recover-after: expected 1 or more, saw " + recoverAfter);
        }
    }

    private int route() throws IOException, InterruptedException {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        ManifestJson.Options options = new ManifestJson.Options(allowHttp);
        JWK key = ManifestKeys.readPrivate(keyFile);
        TrustStore trust = TrustStore.loadOrPublicHalf(trustFile, key);
        warnIfNotTrusted(key, trust);
        byte[] given = Files.readAllBytes(manifestFile);
        Manifest signed = verified(given, trust, options);
        OwnOutput own = new OwnOutput(outFile, key, options, Clock.systemUTC());
        Optional<Manifest> ownLater = own.laterThan(signed);
        // Going on from its own later version, with the expiry of a renewal of the given one (manifest renew of
        // SIGNED.jws: the same release and version, a later expiry), which that version was signed before.
        Manifest start = ownLater.map(later -> OwnOutput.withLaterExpiry(later, signed)).orElse(signed);
        RoutingPolicy policy = new RoutingPolicy(failAfter, recoverAfter, slowFirstByte);
        MirrorProber prober = new MirrorProber(http(), probeTimeout, Clock.systemUTC());
        StatusReader status = noStatusPages ? null : new StatusReader(prober.http(), probeTimeout);
        Consumer<RoutingEvent> events = event -> out.println(event.describe());
        PreferredOrder preferred = PreferredOrder.besideOutput(outFile);
        SignedFilePublisher publisher = new SignedFilePublisher(new ManifestSigner(key, options), outFile,
                Optional.of(PublishedVersions.besideKey(keyFile)), Clock.systemUTC());
        ManifestPublisher publishing = remembered(preferred, own, publisher);
        try (RoutingMetricsEndpoint metrics = metricsPort == null ? null : metrics(start);
             Router router = new Router(start, preferred.resolve(start), publishing,
                     prober, status, policy, Clock.systemUTC(),
                metrics == null ? events : events.andThen(metrics.events()))) {
            int mirrors = start.target().mirrors().size();
            out.printf("routing %s version %d: %d mirror%s, a round every %s%n", start.file(), start.version(),
                    mirrors, mirrors == 1 ? "" : "s", Durations.words(interval));
            if (ownLater.isPresent()) {
                out.printf("%s: goes on from version %d there, which it published after version %d of %s%n",
                        outFile, start.version(), signed.version(), manifestFile);
                if (!start.expires().equals(ownLater.get().expires())) {
                    // Served now, not at the next change of order: until then the file would lapse on the old date.
                    publishing.publish(start);
                    out.printf("%s: version %d re-signed with the later expiry of %s, %s%n", outFile,
                            start.version(), manifestFile, start.expires());
                }
            } else {
                started(publisher.startFrom(signed, given), signed, out);
            }
            if (metrics != null) {
                out.println("metrics at " + metrics.url());
            }
            router.start(interval, rounds, runFor);
            router.awaitEnd();
        } catch (ExecutionException stopped) {
            // Not exit 0: a supervisor must see that the manifest is no longer routed.
            spec.commandLine().getErr().println("route: " + stopped.getMessage());
            return ExitCodes.DOWNLOAD_FAILED;
        }
        return ExitCodes.OK;
    }

    private Manifest verified(byte[] given, TrustStore trust, ManifestJson.Options options) {
        try {
            return new ManifestVerifier(trust, VersionStore.inMemory(), Clock.systemUTC(),
                    ManifestVerifier.DEFAULT_SKEW, options).verify(given, manifestFile.toString()).manifest();
        } catch (ManifestRejectedException e) {
            if (trustFile != null || e.reason() != ManifestRejectedException.Reason.UNKNOWN_KEY) {
                // The verifier's words name the part (JWS, a field), not the file given.
                throw new ManifestRejectedException(e.reason(), manifestFile + ": " + e.getMessage(), e);
            }
            // Without --trust the one trusted key is --key's public half, which the message names only by its kid.
            throw new ManifestRejectedException(e.reason(), e.getMessage() + " (with no --trust, the only trusted key "
                    + "is the public half of --key " + keyFile + ": give the --key that signed " + manifestFile
                    + ", or --trust with the keys that may have signed it)", e);
        }
    }

    /**
     * Warns when --key is not among --trust's keys: the input verifies, the router runs, and every manifest it signs
     * is one that clients trusting that set reject as signed by an unknown key, found only when a mirror fails. Not
     * refused: after a rotation --trust may hold only the older keys, and clients may have the new one already.
     */
    private void warnIfNotTrusted(JWK key, TrustStore trust) {
        if (trustFile == null) {
            return; // --trust is the public half of --key itself
        }
        boolean trusted = trust.key(key.getKeyID()).map(known -> sameKey(known, key)).orElse(false);
        if (!trusted) {
            spec.commandLine().getErr().printf("warning: --key %s (kid \"%s\") is not among the keys of --trust %s "
                    + "(%s): clients that trust only those reject every manifest it signs; add its public key to the "
                    + "set they trust, or give the key that signed %s%n", keyFile, key.getKeyID(), trustFile,
                    String.join(", ", trust.keyIds()), manifestFile);
        }
    }

    private static boolean sameKey(JWK a, JWK b) {
        try {
            return a.computeThumbprint().equals(b.computeThumbprint());
        } catch (com.nimbusds.jose.JOSEException e) {
            return false;
        }
    }

    /** Says what -o held at the start and whether the given manifest replaced it. */
    private void started(SignedFilePublisher.Start start, Manifest given, PrintWriter out) {
        if (!start.replaced()) {
            return; // it holds this version or the router's own later one: nothing new to say
        }
        out.printf("%s: version %d as given%s, until the order of mirrors changes%n", outFile, given.version(),
                start.held().isPresent() ? " (it held version %d)".formatted(start.held().getAsLong()) : "");
    }

    /** The metrics endpoint; a port that is taken is the user's to change, as for every other port option. */
    private RoutingMetricsEndpoint metrics(Manifest routed) throws IOException {
        try {
            return RoutingMetricsEndpoint.serve(metricsPort, routed);
        } catch (IOException e) {
            throw PortConverter.taken("--metrics-port", metricsPort, e)
                    .map(words -> new ParameterException(spec.commandLine(), words)).orElseThrow(() -> e);
        }
    }

    /**
     * Each version published is recorded as the router's own first, so a restart given it back keeps the order; and
     * it keeps the expiry of a renewal made in -o since ({@link OwnOutput#keepRenewal}).
     */
    private static ManifestPublisher remembered(PreferredOrder preferred, OwnOutput own,
                                                SignedFilePublisher publisher) {
        return new ManifestPublisher() {
            @Override
            public void publish(Manifest manifest) throws IOException {
                preferred.routed(manifest.version()); // first: a live version the record missed would lose the order
                publisher.publish(own.keepRenewal(manifest));
            }

            @Override
            public long nextVersion(Manifest current) {
                return publisher.nextVersion(current);
            }
        };
    }

    private OkHttpClient http() throws IOException {
        // Read here, once: a malformed --resolve or --dns-server is the user's to fix, before any probe.
        okhttp3.Dns others;
        try {
            // A name server that does not answer within a probe's limit is a mirror that cannot be reached.
            others = NameServerDns.atOrSystem(dnsServer, probeTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dns-server: " + e.getMessage());
        }
        okhttp3.Dns names;
        try {
            names = HttpClients.resolving(resolve, others);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--resolve: " + e.getMessage());
        }
        return HttpClients.builder(caCert, names).build();
    }
}
