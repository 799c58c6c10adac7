package io.outagedrill.client.cli;

import io.outagedrill.client.ClientException;
import io.outagedrill.client.IoErrors;
import io.outagedrill.client.Printable;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.manifest.FileVersionStore;
import io.outagedrill.client.manifest.ManifestFetcher;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.manifest.VerifiedManifest;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.TlsProvider;
import io.outagedrill.client.transfer.TransferOptions;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest verify}: everything the client checks before a download, and a readable summary. Like a
 * download, an accepted manifest's version is recorded in the version memory, so {@code verify} answers
 * exactly "would the client accept this now?" and never disagrees with a later download.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify a signed manifest (or read a .meta4 Metalink) as the client would, and summarise it. "
                + "Several locations (files or https URLs) are tried in order, as replicas."})
final class ManifestVerifyCommand extends ManifestSubcommand {

    @Parameters(arity = "1..*", paramLabel = "MANIFEST.jws", description = "File paths or https URLs, in order.")
    List<String> locations;

    @Option(names = "--trust", required = true, paramLabel = "KEYS.jwks", description = "Trusted public keys.")
    Path trustFile;

    @Option(names = "--skew", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Allowed clock skew past the manifest's expiry (default: ${DEFAULT-VALUE}).")
    Duration skew;

    @Option(names = "--allow-http", description = "Allow plain-http mirrors and locations (loopback tests only).")
    boolean allowHttp;

    @Option(names = "--manifest-timeout", paramLabel = "DURATION",
            defaultValue = TransferOptions.MANIFEST_TIMEOUT_DEFAULT, converter = DurationConverter.class,
            description = TransferOptions.MANIFEST_TIMEOUT_HELP + " (default: ${DEFAULT-VALUE}).")
    Duration manifestTimeout;

    @Option(names = "--file", paramLabel = "NAME", description = "Accept only a manifest for this file, as "
            + "get --file does (a replica answering with another file's manifest is refused).")
    String expectedFile;

    @Option(names = "--versions", paramLabel = "FILE",
            description = "Version memory for rollback checks; the accepted version is recorded in it, as a download "
                    + "would, so check a staged manifest with a file of its own here (default: "
                    + "$XDG_STATE_HOME/outage-drill/versions.json).")
    Path versionsFile;

    // How https locations are reached, as get reaches them: a test world's replicas have names only its own name
    // server knows and certificates from its own CA.
    @Option(names = "--ca-cert", paramLabel = "PEM", description = "Trust only the CA certificate(s) in this file "
            + "for https locations (for test CAs); host names are still checked.")
    Path caCert;

    @Option(names = "--resolve", paramLabel = "HOST:ADDRESS", description = NameResolution.RESOLVE_HELP)
    List<String> resolve = new ArrayList<>();

    @Option(names = "--dns-server", paramLabel = "ADDRESS[:PORT]", description = NameResolution.DNS_SERVER_HELP)
    String dnsServer;

    @Override
    int run() {
        if (manifestTimeout.toMillis() < 1) { // as get's --manifest-timeout, whose knob refuses it by the same rule
            throw new CommandLine.ParameterException(spec.commandLine(), "--manifest-timeout: expected a duration of "
                    + "at least 1ms (with no limit a copy that never answers is waited for for ever), saw "
                    + manifestTimeout);
        }
        ManifestRequest.requireUsable(spec, locations, expectedFile);
        InputFiles.require(spec.commandLine(), "--trust", trustFile);
        InputFiles.requireIfGiven(spec.commandLine(), "--ca-cert", caCert);
        Dns dns = NameResolution.resolver(spec.commandLine(), resolve, dnsServer, manifestTimeout);
        Clock clock = Clock.systemUTC();
        ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(trustFile),
                new FileVersionStore(versionsFile != null ? versionsFile : FileVersionStore.defaultPath()),
                clock, skew, new ManifestJson.Options(allowHttp));
        if (expectedFile != null) {
            verifier = verifier.expectingFile(expectedFile);
        }
        OkHttpClient http;
        try {
            http = HttpClients.builder(caCert, dns, TlsProvider.JDK).build();
        } catch (IOException e) {
            // Named with its flag, as get names it: a file that is there but holds no certificate.
            throw new ClientException("--ca-cert %s: %s".formatted(caCert, IoErrors.describe(e)), e);
        }
        try {
            VerifiedManifest manifest = new ManifestFetcher(http, verifier, DownloadListener.none(), clock,
                    manifestTimeout)
                    .fetch(locations);
            // A Metalink is unsigned and may come from anywhere: its free text (a mirror's location) can hold ESC
            // (a character reference in XML 1.1), C1 controls or directional overrides, printed here to stdout.
            out().print(Printable.lines(ManifestSummary.of(manifest)));
            out().flush(); // print() does not autoflush, and a CLI may System.exit right after
            return ExitCodes.OK;
        } finally {
            http.dispatcher().executorService().shutdown(); // a CLI run must not linger on OkHttp's threads
            http.connectionPool().evictAll();
        }
    }
}
