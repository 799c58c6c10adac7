package io.outagedrill.client.cli;

import io.outagedrill.client.ClientException;
import io.outagedrill.client.Conscrypts;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.Printable;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.JsonLines;
import io.outagedrill.client.job.JobOutcome;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.store.ContentCache;
import io.outagedrill.client.store.ManifestCache;
import io.outagedrill.client.job.ManifestDownload;
import io.outagedrill.client.job.ManifestSource;
import io.outagedrill.client.manifest.FileVersionStore;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestRejectedException;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.transfer.DownloadFailedException;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.TlsProvider;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.client.transfer.TransferOptions;
import io.outagedrill.client.transfer.UnknownAlternateException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import static io.outagedrill.client.cli.OptionBinding.bind;
import static io.outagedrill.client.cli.OptionBinding.path;

/**
 * {@code get}: verify a signed manifest and download its file from the mirrors it lists, through
 * {@link ManifestDownload}. Every transfer knob of {@link TransferOptions} is an option, made by
 * {@link TransferOptionSpecs}; {@code --config FILE} reads defaults for any option from a properties file whose
 * keys are the option names without dashes ({@code stall-timeout=2s}, {@code cache-limit=50GiB}; see
 * {@link ConfigFile}).
 *
 * <p>The command line is built with picocli's programmatic API, not its annotations, because every download
 * starts here: reading annotations makes the JDK generate a proxy class per annotation type and a method handle
 * per injected field, which no class-data archive keeps. Side by side in fresh JVMs with an AOT cache, building and
 * parsing {@code get} took 63-82 ms from annotations and 19-28 ms built this way (docs/benchmarks.md).
 */
public final class GetCommand implements Callable<Integer> {
    /** The longest a signal waits for the download to stop; the journal's own last flush waits at most 5 s. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final CommandSpec spec;

    List<String> manifests;
    Path trust;
    Path output;
    String alternate;
    String expectedFile;
    private TlsProvider resolvedTls; // --tls as it resolved: see resolveTls
    boolean offline;
    boolean json;
    boolean force;
    final CacheOptions cache = new CacheOptions();
    boolean noCache;
    Path config;
    List<String> resolve = new ArrayList<>();
    String dnsServer;
    String bindAddress;
    Path caCert;
    TlsProvider tls;
    boolean allowHttp;
    Duration skew;
    Path versions;

    /** The transfer knobs as picocli set them, by name; the options are made from {@link TransferOptions}. */
    final Map<String, Object> transferValues = new LinkedHashMap<>();

    /** Where output goes; a test or an embedding program may replace them. */
    PrintStream out = System.out;
    PrintStream err = System.err;
    Clock clock = Clock.systemUTC();

    public GetCommand() {
        this.spec = describe();
    }

    /** The command line of this command, to parse with or to add as {@code get} to a root. */
    public CommandSpec spec() {
        return spec;
    }

    private CommandSpec describe() {
        CommandSpec get = CommandSpec.wrapWithoutInspection(this).name("get");
        get.usageMessage().sortOptions(false)
                .description("Download the file a signed manifest describes, from its mirrors, verifying every chunk.",
                        "The file appears under its manifest name only after its whole SHA-256 matched; until then it "
                                + "is NAME.part plus a journal, and running the same command again resumes it.")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(UsageMessageSpec.keyValuesMap(
                        "0:the file is there and verified",
                        "1:the download failed (every mirror failed, local I/O)",
                        "2:usage error",
                        "3:no manifest passed verification",
                        "4:integrity failure (the verified chunks do not add up to the signed file)",
                        "5:--offline and the file is not in the cache",
                        "130:interrupted (Ctrl-C); the verified chunks are kept for the next run to resume",
                        "143:stopped by SIGTERM, the same way"));
        get.addPositional(bind(PositionalParamSpec.builder(), () -> manifests, (List<String> v) -> manifests = v)
                .arity("1..*").required(true).paramLabel("MANIFEST").type(List.class).auxiliaryTypes(String.class)
                .description("URL or path of the signed manifest (compact JWS), or of a Metalink .meta4 file "
                        + "(unsigned). Several are replicas, tried in order.")
                .build());
        get.addOption(path(() -> trust, v -> trust = v, "--trust")
                .paramLabel("KEYS.jwks")
                .description("Public keys the manifest may be signed with (a JWK set). Required unless every input "
                        + "is a .meta4 file.")
                .build());
        get.addOption(path(() -> output, v -> output = v, "-o", "--output")
                .paramLabel("DIR").defaultValue(".")
                .description("Folder for the file (default: the current one).")
                .build());
        get.addOption(bind(OptionSpec.builder("--file"), () -> expectedFile, (String v) -> expectedFile = v)
                .paramLabel("NAME").type(String.class)
                .description("Accept only a manifest for this file: a replica answering with another file's "
                        + "manifest (another release the same key signed) is refused, and the next one tried.")
                .build());
        get.addOption(bind(OptionSpec.builder("--alternate"), () -> alternate, (String v) -> alternate = v)
                .paramLabel("NAME|auto").type(String.class)
                .description("Download the named alternate instead, or 'auto' to fall back through the alternates "
                        + "when every mirror of the main file fails or the disk cannot hold it.")
                .build());
        get.addOption(onOff("--offline", () -> offline, v -> offline = v,
                "Use only the local cache; no network."));
        get.addOption(onOff("--json", () -> json, v -> json = v,
                "Print events as JSON lines on stdout instead of the progress display."));
        get.addOption(onOff("--force", () -> force, v -> force = v,
                "Replace a different file that already has the destination name."));
        cache.addTo(get);
        get.addOption(onOff("--no-cache", () -> noCache, v -> noCache = v,
                "Neither read nor fill the content cache (nor keep manifests: each run then fetches the manifest "
                        + "before it starts)."));
        get.addOption(path(() -> config, v -> config = v, "--config")
                .paramLabel("FILE")
                .description("Properties file with defaults for any option here, by name without dashes "
                        + "(e.g. stall-timeout=2s).")
                .build());
        get.addOption(bind(OptionSpec.builder("--resolve"), () -> resolve,
                (List<String> v) -> resolve = v == null ? new ArrayList<>() : v) // none given: an empty list
                .paramLabel("HOST:ADDRESS").type(List.class).auxiliaryTypes(String.class)
                .description(NameResolution.RESOLVE_HELP)
                .build());
        get.addOption(bind(OptionSpec.builder("--dns-server"), () -> dnsServer, (String v) -> dnsServer = v)
                .paramLabel("ADDRESS[:PORT]").type(String.class)
                .description(NameResolution.DNS_SERVER_HELP)
                .build());
        get.addOption(bind(OptionSpec.builder("--bind-address"), () -> bindAddress, (String v) -> bindAddress = v)
                .paramLabel("ADDRESS").type(String.class)
                .description("Connect to the mirrors, manifests and status pages from this IP address of this "
                        + "machine (like curl and aria2c --interface), e.g. 127.0.0.5 to be told apart from other "
                        + "clients on loopback.")
                .build());
        get.addOption(path(() -> caCert, v -> caCert = v, "--ca-cert")
                .paramLabel("PEM")
                .description("Trust only the CA certificate(s) in this file (for test CAs); host names are still "
                        + "checked.")
                .build());
        get.addOption(bind(OptionSpec.builder("--tls"), () -> tls, (TlsProvider v) -> tls = v)
                .paramLabel("auto|conscrypt|jdk").defaultValue("auto")
                .type(TlsProvider.class).converters(new TlsProviderConverter())
                .description("TLS implementation: conscrypt (BoringSSL, native; a fraction of the JDK's CPU per "
                        + "GiB), jdk, or auto (conscrypt where it loads, else jdk). Default: ${DEFAULT-VALUE}.")
                .build());
        get.addOption(onOff("--allow-http", () -> allowHttp, v -> allowHttp = v,
                "Accept plain-http mirrors and manifest URLs. For loopback tests only: anyone on the path can "
                        + "change the bytes (they would still fail their hashes)."));
        get.addOption(bind(OptionSpec.builder("--skew"), () -> skew, (Duration v) -> skew = v)
                .paramLabel("DURATION").defaultValue("60s")
                .type(Duration.class).converters(new DurationConverter())
                .description("Clock skew allowed when checking the manifest's expiry (default 60s).")
                .build());
        get.addOption(path(() -> versions, v -> versions = v, "--versions")
                .paramLabel("FILE")
                .description("Where the highest accepted manifest version per file is kept (rollback protection; "
                        + "default under $XDG_STATE_HOME/outage-drill).")
                .build());
        StandardHelpOptions.addTo(get);
        TransferOptionSpecs.addTo(get, transferValues);
        return get;
    }

    /**
     * An on/off option: {@code --json}, or {@code --json=true|false} (a {@code --config} file says json=true). Given
     * alone it means true whatever the default: picocli flips a bare boolean's default value, and a {@code --config}
     * file's json=true is installed as that default, so {@code --json} beside it would turn JSON off.
     */
    private static OptionSpec onOff(String name, Supplier<Boolean> getter, Consumer<Boolean> setter,
                                   String description) {
        return bind(OptionSpec.builder(name), getter, (Boolean v) -> setter.accept(Boolean.TRUE.equals(v)))
                // No explicit arity: picocli's implied one for a boolean also takes --json=true, as the annotations did.
                .type(boolean.class).fallbackValue("true").description(description).build();
    }

    @Override
    public Integer call() {
        TransferConfig transfer;
        try {
            transfer = transferConfig();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        // Usage errors, before anything is printed or started.
        ManifestRequest.requireUsable(spec, manifests, expectedFile);
        requireTrustUnlessMetalink();
        InputFiles.requireIfGiven(spec.commandLine(), "--trust", trust);
        InputFiles.requireIfGiven(spec.commandLine(), "--ca-cert", caCert);
        if (output.toString().isEmpty()) { // the default is "."; an empty -o is most likely a variable never set
            throw new CommandLine.ParameterException(spec.commandLine(), "-o: an empty folder name (a variable that "
                    + "was not set?) would download into the current folder; name the folder, or leave -o out for "
                    + "the current one");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new CommandLine.ParameterException(spec.commandLine(), ("-o: %s is a file, not a folder; -o names "
                    + "the folder to download into (the file keeps the name its manifest gives it)").formatted(output));
        }
        Dns dns = resolver();
        InetAddress local = localAddress();
        if (tls == TlsProvider.CONSCRYPT) {
            // Asked for by name, it must load: said before the policy line, like the other usage errors. (auto
            // resolves later, where the start waits for the warm-up thread's load anyway.)
            resolveTls();
        }
        // One listener for the job, the downloader and the cache: the library then says the final line last, after
        // what the cache and a kept manifest's background fetch have to say (FinalEventLast).
        DownloadListener listener = json ? new JsonLines(out) : new ConsoleReporter(err, stderrIsATerminal());
        if (!json) {
            // Concatenated, not printf: a Formatter's first %d loads the locale's number formats (about 15 ms,
            // before the first request; docs/benchmarks.md, "The eighth round").
            err.println("policy " + transfer.policy() + ", seed " + transfer.seed()
                    + (allowHttp ? " (plain http allowed: loopback testing only)" : ""));
        }
        // Ctrl-C or SIGTERM interrupts the download and waits for it to stop as an interrupted one: its connections
        // cut, its journal flushed. Halted mid-download instead, the journal would lack the chunks verified since
        // its last save (saves come at most every 100 ms).
        try (StopOnSignal onSignal = StopOnSignal.install("interrupt-download", Thread.currentThread()::interrupt,
                STOP_WAIT)) {
            ManifestVerifier verifier = verifier();
            OkHttpClient http = httpClient(dns, local);
            ContentCache contentCache = noCache ? null : cache.open(clock, listener);
            Downloader downloader = Downloader.builder().config(transfer).httpClient(http).listener(listener)
                    .clock(clock).cache(contentCache).build();
            DownloadRequest request = DownloadRequest.into(output).withAlternate(alternate).offline(offline)
                    .overwrite(force);
            JobOutcome outcome = ManifestDownload.builder().verifier(verifier).downloader(downloader)
                    .httpClient(http).listener(listener).clock(clock)
                    .manifestCache(contentCache == null ? null : ManifestCache.in(contentCache))
                    .build()
                    .run(ManifestSource.locations(manifests), request);
            report(outcome);
            return outcome.exitCode();
        } catch (UnknownAlternateException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--alternate: " + e.getMessage());
        } catch (IOException | ClientException | IllegalArgumentException e) {
            // A trust store, key or folder that cannot be read: its message names it; no stack trace.
            err.println("error: " + Printable.lines(String.valueOf(e.getMessage())));
            return ExitCodes.DOWNLOAD_FAILED;
        }
    }

    /**
     * Whether stderr, where the bar would go, is a terminal. The launchers say ({@code [ -t 2 ]}, as
     * {@code outagedrill.stderr.terminal}): the JVM cannot tell, since {@code System.console()} looks at stdin and
     * stdout, and on JDK 22 to 24 is there even when they are redirected ({@code Console.isTerminal}, from JDK 22,
     * asked when it is there).
     */
    static boolean stderrIsATerminal() {
        String said = System.getProperty("outagedrill.stderr.terminal");
        if (said != null) {
            return Boolean.parseBoolean(said);
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException jdk21) {
            return true; // before JDK 22 a console is there only on a terminal
        }
    }

    /** The last words of a run: the file's path, or what the user can do about a failure, by flag. */
    private void report(JobOutcome outcome) {
        switch (outcome) {
            case JobOutcome.Downloaded done -> {
                if (!json) {
                    out.println(done.result().path());
                }
            }
            case JobOutcome.Rejected rejected -> {
                // ManifestDownload told the listener that it failed.
                CommandFailures.plainHttpHint(rejected.error()).ifPresent(err::println);
                if (rejected.error().reason() == ManifestRejectedException.Reason.ROLLBACK) {
                    // A rollback is an attack or a mirror serving an old copy, but also a publisher that started
                    // over (a new test setup signs version 1 again): say how to clear what this client remembers.
                    err.println("hint: if the publisher really went back to this version, `drill manifest forget "
                            + rejected.error().file().orElse("FILE")
                            + (versions == null ? "" : " --versions " + versions)
                            + "` clears what this client remembers of it; otherwise something serves an old copy");
                }
            }
            case JobOutcome.Failed failed -> {
                if (failed.error().reason() == DownloadFailedException.Reason.DESTINATION_EXISTS) {
                    err.println("hint: use --force to replace it");
                    return;
                }
                if (failed.error().reason() == DownloadFailedException.Reason.INTERRUPTED) {
                    err.println("hint: the chunks verified so far (if any) are kept beside the destination; the "
                            + "same command resumes from them");
                }
                if (failed.error().reason() == DownloadFailedException.Reason.NO_ROOM) {
                    err.println("hint: free some space, or download into a folder on another disk with -o DIR, "
                            + "then run again");
                }
                if (!failed.error().alternates().isEmpty()) {
                    err.println("hint: --alternate NAME downloads one of the alternates; --alternate auto falls "
                            + "back through them");
                }
            }
        }
    }

    /** The knobs picocli set (their defaults included), on top of the library's defaults. */
    TransferConfig transferConfig() {
        TransferConfig.Builder builder = TransferConfig.builder();
        transferValues.forEach((name, value) -> TransferOptions.byName(name)
                .orElseThrow(() -> new IllegalStateException("no transfer option " + name))
                .setValue(builder, value));
        return builder.allowPlainHttp(allowHttp).build();
    }

    private Dns resolver() {
        // Each query as long as a connection may take to be made.
        return NameResolution.resolver(spec.commandLine(), resolve, dnsServer, transferConfig().connectTimeout());
    }

    /** {@code --tls} resolved (once: asked early for conscrypt, and again when the client is built). */
    private TlsProvider resolveTls() {
        if (resolvedTls == null) {
            try {
                resolvedTls = tls.resolve();
            } catch (IllegalStateException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tls: " + e.getMessage());
            }
        }
        return resolvedTls;
    }

    /** {@code --bind-address}, checked: an IP address this machine has; null when not given. */
    private InetAddress localAddress() {
        if (bindAddress == null) {
            return null;
        }
        try {
            return HttpClients.localAddress(bindAddress);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind-address: " + e.getMessage());
        }
    }

    /** The client for every request of the download; its connections from {@code local} when not null. */
    private OkHttpClient httpClient(Dns dns, InetAddress local) throws IOException {
        TlsProvider resolved = resolveTls();
        if (resolved == TlsProvider.JDK && tls == TlsProvider.AUTO && onC1Only()) {
            // The launcher chose C1 expecting Conscrypt; the JDK's AES-GCM and SHA-256 need C2's intrinsics.
            err.println("warning: Conscrypt did not load (" + Conscrypts.unavailableReason() + "); the JDK's "
                    + "TLS runs on C1 alone here, many times slower: set DRILL_JAVA_OPTS=-XX:TieredStopAtLevel=4");
        }
        if (resolved == TlsProvider.CONSCRYPT) {
            CliProcess.preferConscrypt();
        }
        try {
            OkHttpClient client = HttpClients.builder(caCert, dns, resolved).build();
            return local == null ? client : HttpClients.boundTo(client, local);
        } catch (IOException e) {
            // Named with its flag: a missing file's exception holds only its path.
            if (caCert == null) {
                throw e;
            }
            throw new ClientException("--ca-cert %s: %s".formatted(caCert, IoErrors.describe(e)), e);
        }
    }

    private static boolean onC1Only() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:TieredStopAtLevel=")).reduce((a, b) -> b)
                .map(a -> a.endsWith("=1")).orElse(false);
    }

    private void requireTrustUnlessMetalink() {
        boolean allMetalink = manifests.stream().allMatch(ManifestFetcher::isMetalink);
        if (trust == null && !allMetalink) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--trust KEYS.jwks is required to verify a signed manifest");
        }
    }

    private ManifestVerifier verifier() {
        TrustStore keys = trust == null ? TrustStore.of(new com.nimbusds.jose.jwk.JWKSet()) : TrustStore.load(trust);
        FileVersionStore store = versions == null ? FileVersionStore.atDefaultPath() : new FileVersionStore(versions);
        ManifestVerifier verifier = new ManifestVerifier(keys, store, clock, skew, new ManifestJson.Options(allowHttp));
        return expectedFile == null ? verifier : verifier.expectingFile(expectedFile);
    }
}
