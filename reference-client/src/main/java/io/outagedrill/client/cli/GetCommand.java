package io.outagedrill.client.cli;

import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.JsonLines;
import io.outagedrill.client.manifest.FileVersionStore;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.transfer.DownloadFailedException;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.Policies;
import io.outagedrill.client.transfer.TransferConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code get}: verify a signed manifest and download its file from the mirrors it lists. Every transfer knob
 * is an option; {@code --config FILE} reads defaults for any of them from a properties file whose keys are the
 * option names without dashes ({@code stall-timeout=2s}, {@code cache-limit=50GiB}; see {@link ConfigFile}).
 */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Download the file a signed manifest describes, from its mirrors, verifying every chunk.",
                "The file appears under its manifest name only after its whole SHA-256 matched; until then it is "
                        + "NAME.part plus a journal, and running the same command again resumes it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the file is there and verified", "1:the download failed (every mirror failed, local I/O)",
                "2:usage error", "3:no manifest passed verification",
                "4:integrity failure (the verified chunks do not add up to the signed file)",
                "5:--offline and the file is not in the cache", "130:interrupted"})
public final class GetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "MANIFEST", description = "URL or path of the signed manifest (compact "
            + "JWS), or of a Metalink .meta4 file (unsigned). Several are replicas, tried in order.")
    List<String> manifests;

    @Option(names = "--trust", paramLabel = "KEYS.jwks", description = "Public keys the manifest may be signed with "
            + "(a JWK set). Required unless every input is a .meta4 file.")
    Path trust;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".", description = "Folder for the file "
            + "(default: the current one).")
    Path output;

    @Option(names = "--policy", paramLabel = "NAME", defaultValue = "adaptive",
            description = "Failover policy: sequential, parallel or adaptive (default).")
    String policy;

    @Option(names = "--mirror", paramLabel = "NAME", description = "Use only this mirror (provider or host name).")
    String mirror;

    @Option(names = "--alternate", paramLabel = "NAME|auto", description = "Download the named alternate instead, "
            + "or 'auto' to fall back through the alternates when every mirror of the main file fails.")
    String alternate;

    @Option(names = "--offline", description = "Use only the local cache; no network.")
    boolean offline;

    @Option(names = "--json", description = "Print events as JSON lines on stdout instead of the progress display.")
    boolean json;

    @Option(names = "--force", description = "Replace a different file that already has the destination name.")
    boolean force;

    @Mixin
    CacheOptions cache;

    @Option(names = "--no-cache", description = "Neither read nor fill the content cache.")
    boolean noCache;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with defaults for any option "
            + "here, by name without dashes (e.g. stall-timeout=2s).")
    Path config;

    @Option(names = "--resolve", paramLabel = "HOST:ADDRESS", description = "Resolve HOST to ADDRESS (repeatable), "
            + "like curl --resolve.")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--ca-cert", paramLabel = "PEM", description = "Trust only the CA certificate(s) in this file "
            + "(for test CAs); host names are still checked.")
    Path caCert;

    @Option(names = "--allow-http", description = "Accept plain-http mirrors and manifest URLs. For loopback tests "
            + "only: anyone on the path can change the bytes (they would still fail their hashes).")
    boolean allowHttp;

    @Option(names = "--skew", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Clock skew allowed when checking the manifest's expiry (default 60s).")
    Duration skew;

    @Option(names = "--versions", paramLabel = "FILE", description = "Where the highest accepted manifest version "
            + "per file is kept (rollback protection; default under $XDG_STATE_HOME/outage-drill).")
    Path versions;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for jitter and weighted choices (printed).")
    Long seed;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "4", description = "Total connections (4).")
    int connections;

    @Option(names = "--connections-per-mirror", paramLabel = "N", defaultValue = "2",
            description = "Connections to one mirror at once (2).")
    int connectionsPerMirror;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "TCP and TLS connect limit (5s).")
    Duration connectTimeout;

    @Option(names = "--first-byte-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class, description = "Limit from request to response headers (10s).")
    Duration firstByteTimeout;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "No byte for this long: replace the connection (5s).")
    Duration stallTimeout;

    @Option(names = "--min-speed", paramLabel = "BYTES_PER_S", defaultValue = "16384",
            description = "Replace a connection slower than this over --speed-window; 0 disables (16384).")
    long minSpeed;

    @Option(names = "--speed-window", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "Window for --min-speed (5s).")
    Duration speedWindow;

    @Option(names = "--backoff", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "First wait before retrying a failed mirror (1s).")
    Duration backoff;

    @Option(names = "--backoff-multiplier", paramLabel = "X", defaultValue = "2",
            description = "Each further failure multiplies the wait (2).")
    double backoffMultiplier;

    @Option(names = "--jitter", paramLabel = "FRACTION", defaultValue = "0.2",
            description = "Random spread of each wait, +/- (0.2).")
    double jitter;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Failures in a row a mirror may have before it is given up for this download (3).")
    int retries;

    @Option(names = "--max-retry-after", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class, description = "Cap on a server's Retry-After (30s).")
    Duration maxRetryAfter;

    @Option(names = "--max-corrupt-chunks", paramLabel = "N", defaultValue = "2",
            description = "Corrupt chunks a mirror may send before it is distrusted (2).")
    int maxCorruptChunks;

    @Option(names = "--hedging", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Race slow tail chunks on a faster mirror (adaptive; on by default).")
    boolean hedging;

    @Option(names = "--hedge-factor", paramLabel = "X", defaultValue = "3",
            description = "Hedge when a chunk's mirror is X times slower than the best one (3).")
    double hedgeFactor;

    @Option(names = "--range-ignored", paramLabel = "stream|drop", defaultValue = "stream",
            description = "A mirror that ignores Range: read it as one verified stream, or drop it (stream).")
    String rangeIgnored;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "Give up on the whole download after this long; 0s means never (0s).")
    Duration deadline;

    @Option(names = "--status-feeds", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Read each provider's status page (the manifest's status) first and try providers that "
                    + "report a major outage last; --no-status-feeds makes no such request (on by default).")
    boolean statusFeeds;

    @Option(names = "--status-feed-timeout", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class, description = "Longest wait for all status pages together (1s).")
    Duration statusFeedTimeout;

    /** Where output goes; a test or an embedding program may replace them. */
    PrintStream out = System.out;
    PrintStream err = System.err;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        TransferConfig transfer;
        try {
            transfer = transferConfig();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DownloadListener listener = json ? new JsonLines(out)
                : new ConsoleReporter(err, System.console() != null);
        if (!json) {
            err.printf("policy %s, seed %d%s%n", transfer.policy(), transfer.seed(),
                    allowHttp ? " (plain http allowed: loopback testing only)" : "");
        }
        try {
            OkHttpClient http = httpClient();
            VerifiedManifest manifest = fetchManifest(http, listener);
            Downloader downloader = Downloader.builder().config(transfer).httpClient(http).listener(listener)
                    .clock(clock).cache(noCache ? null : cache.open(clock, listener)).build();
            DownloadRequest request = DownloadRequest.into(output).withAlternate(alternate).offline(offline)
                    .overwrite(force);
            DownloadResult result = downloader.download(manifest, request);
            if (!json) {
                out.println(result.path());
            }
            return ExitCodes.OK;
        } catch (ManifestRejectedException e) {
            listener.on(new DownloadEvent.Failed(clock.instant(), String.join(", ", manifests), e.getMessage(),
                    List.of()));
            return ExitCodes.MANIFEST_REJECTED;
        } catch (DownloadFailedException e) {
            return switch (e.reason()) {
                case INTEGRITY -> ExitCodes.INTEGRITY_FAILURE;
                case NOT_IN_CACHE -> ExitCodes.OFFLINE_NOT_CACHED;
                case INTERRUPTED -> ExitCodes.INTERRUPTED;
                default -> ExitCodes.DOWNLOAD_FAILED;
            };
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.DOWNLOAD_FAILED;
        }
    }

    TransferConfig transferConfig() {
        if (!Policies.NAMES.contains(policy)) {
            throw new IllegalArgumentException("unknown --policy '%s'; expected one of %s"
                    .formatted(policy, String.join(", ", Policies.NAMES)));
        }
        TransferConfig.RangeIgnoredAction onRangeIgnored = switch (rangeIgnored) {
            case "stream" -> TransferConfig.RangeIgnoredAction.STREAM;
            case "drop" -> TransferConfig.RangeIgnoredAction.DROP;
            default -> throw new IllegalArgumentException(
                    "--range-ignored must be 'stream' or 'drop', not '%s'".formatted(rangeIgnored));
        };
        return TransferConfig.builder().policy(policy).connections(connections)
                .connectionsPerMirror(connectionsPerMirror).connectTimeout(connectTimeout)
                .firstByteTimeout(firstByteTimeout).stallTimeout(stallTimeout).minSpeed(minSpeed)
                .speedWindow(speedWindow).backoffBase(backoff).backoffMultiplier(backoffMultiplier)
                .backoffJitter(jitter).maxRetriesPerMirror(retries).maxRetryAfter(maxRetryAfter)
                .maxCorruptChunks(maxCorruptChunks).hedging(hedging).hedgeSlowFactor(hedgeFactor)
                .rangeIgnored(onRangeIgnored).pinnedMirror(mirror).seed(seed != null ? seed : System.nanoTime())
                .allowPlainHttp(allowHttp).deadline(deadline).statusFeeds(statusFeeds)
                .statusFeedTimeout(statusFeedTimeout).build();
    }

    private OkHttpClient httpClient() throws IOException {
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (!resolve.isEmpty()) {
            Map<String, InetAddress> fixed = new LinkedHashMap<>();
            for (String spec : resolve) {
                Map.Entry<String, InetAddress> entry = HttpClients.parseResolve(spec);
                fixed.put(entry.getKey(), entry.getValue());
            }
            builder.dns(HttpClients.resolving(fixed));
        }
        if (caCert != null) {
            HttpClients.trustOnly(builder, caCert);
        }
        return builder.build();
    }

    private VerifiedManifest fetchManifest(OkHttpClient http, DownloadListener listener) {
        boolean allMetalink = manifests.stream().allMatch(m -> m.endsWith(".meta4"));
        if (trust == null && !allMetalink) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--trust KEYS.jwks is required to verify a signed manifest");
        }
        TrustStore keys = trust == null ? TrustStore.of(new com.nimbusds.jose.jwk.JWKSet()) : TrustStore.load(trust);
        FileVersionStore store = versions == null ? FileVersionStore.atDefaultPath() : new FileVersionStore(versions);
        ManifestVerifier verifier = new ManifestVerifier(keys, store, clock, skew, new ManifestJson.Options(allowHttp));
        return new ManifestFetcher(http, verifier, listener, clock).fetch(manifests);
    }
}
