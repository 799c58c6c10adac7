package io.outagedrill.harness.cli;

import io.outagedrill.fakes.TempTrees;

import io.outagedrill.client.ByteSize;
import io.outagedrill.client.cli.ConsoleReporter;
import io.outagedrill.client.job.JobOutcome;
import io.outagedrill.client.job.ExitCodes;
import io.outagedrill.client.job.ManifestDownload;
import io.outagedrill.client.job.ManifestSource;
import io.outagedrill.client.events.DownloadEvent;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.events.JsonLines;
import io.outagedrill.client.manifest.InMemoryVersionStore;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.ManifestVerifier;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.client.manifest.TrustStore;
import io.outagedrill.client.transfer.DownloadRequest;
import io.outagedrill.client.transfer.DownloadResult;
import io.outagedrill.client.transfer.Downloader;
import io.outagedrill.client.transfer.HttpClients;
import io.outagedrill.client.transfer.TransferConfig;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.http.Scope;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drill demo}: the whole idea in one run, on the embedded default. Three fake CDNs on loopback serve one
 * file over HTTPS from a test CA; a signed manifest lists them; the reference client downloads the file while,
 * at set points of its progress, the CDNs break the way real ones did: one answers 500s (Cloudflare
 * 2025-11-18), one corrupts bytes of one chunk, one drips slowly. The file must still arrive verified.
 *
 * <p>Faults fire on download progress, not wall-clock time, so the run is the same on a fast or slow machine.
 * Named, timed scenarios with SLOs are the harness's {@code run} command.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Three fake CDNs break while the reference client downloads from them; the file must still "
                + "arrive verified. Loopback only; takes seconds."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "256MiB", converter = SizeConverter.class,
            description = "File size (256MiB).")
    long size;

    @Option(names = "--chunk", paramLabel = "SIZE", defaultValue = "4MiB", converter = SizeConverter.class,
            description = "Chunk size (4MiB).")
    long chunk;

    @Option(names = "--policy", paramLabel = "NAME", defaultValue = "adaptive",
            description = "Failover policy: sequential, parallel or adaptive (default).")
    String policy;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2025", description = "Seed for content and jitter.")
    long seed;

    @Option(names = "--keep", paramLabel = "DIR", description = "Keep the manifest, keys, CA and file in DIR.")
    Path keep;

    @Option(names = "--json", description = "Print the client's events as JSON lines.")
    boolean json;

    PrintStream out = System.out;

    @Override
    public Integer call() throws IOException {
        Path work = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("drill-demo-");
        LoopbackDns dns = new LoopbackDns();
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        GeneratedFile file = GeneratedFile.of("drill-demo.mp4", size, seed);
        List<FakeCdn> cdns = new ArrayList<>();
        try {
            for (String host : List.of("cloudflare.test", "fastly.test", "bunny.test")) {
                cdns.add(FakeCdn.builder(host).https(ca).dns(dns).host("/media/drill-demo.mp4", file).start());
            }
            say("three fake CDNs on loopback, each with its own address and a certificate from a test CA:");
            for (FakeCdn cdn : cdns) {
                say("  %s -> %s", cdn.url("/media/drill-demo.mp4"), cdn.address());
            }
            say("hashing %s of generated content for the manifest...", ByteSize.format(size));
            JWK key = ManifestKeys.generate(ManifestAlgorithm.ES256, "demo-" + seed);
            Path trust = work.resolve("keys.jwks");
            Files.deleteIfExists(trust);
            ManifestKeys.addToPublicSet(key, trust);
            List<Mirror> mirrors = cdns.stream().map(c -> new Mirror(c.hostname().replace(".test", ""),
                    c.url("/media/drill-demo.mp4"), 1, "", c.hostname().replace(".test", ""))).toList();
            Target target = new Target(file.name(), file.size(), file.sha256(), "video/mp4", chunk,
                    file.chunkHashes(chunk), mirrors);
            Manifest manifest = new Manifest(target, Instant.now().plus(Duration.ofHours(1)), 1, List.of());
            String jws = new ManifestSigner(key).sign(manifest);
            Files.writeString(work.resolve("drill-demo.jws"), jws, StandardCharsets.US_ASCII);
            ca.writePem(work.resolve("ca.pem"));
            Clock clock = Clock.systemUTC();
            ManifestVerifier verifier = new ManifestVerifier(TrustStore.load(trust), new InMemoryVersionStore(),
                    clock, ManifestVerifier.DEFAULT_SKEW, ManifestJson.Options.STRICT);
            say("signed manifest %s (ES256, key %s), %d chunks of %s%n", work.resolve("drill-demo.jws"),
                    key.getKeyID(), target.chunkCount(), ByteSize.format(chunk));

            OkHttpClient http = HttpClients.trustOnly(new OkHttpClient.Builder(), work.resolve("ca.pem"))
                    .dns(HttpClients.resolving(dns.asMap())).build();
            DownloadListener listener = (json ? new JsonLines(out) : new ConsoleReporter(out, false))
                    .and(breakOnProgress(cdns, file, target));
            TransferConfig config = TransferConfig.builder().policy(policy).seed(seed)
                    .stallTimeout(Duration.ofSeconds(2)).backoffBase(Duration.ofMillis(200)).build();
            Path downloads = Files.createDirectories(work.resolve("downloads"));
            Files.deleteIfExists(downloads.resolve(file.name()));
            JobOutcome outcome = ManifestDownload.builder().verifier(verifier).clock(clock)
                    .downloader(Downloader.builder().config(config).httpClient(http).listener(listener).build())
                    .build()
                    .run(ManifestSource.signed(jws.getBytes(StandardCharsets.US_ASCII),
                            work.resolve("drill-demo.jws").toString()), DownloadRequest.into(downloads));
            if (outcome.failure().isPresent()) {
                say("the download failed: %s", outcome.failure().get().getMessage());
                return outcome.exitCode();
            }
            DownloadResult result = outcome.orThrow();
            say("%nverified %s: SHA-256 %s", result.path(), result.sha256());
            say("%.2f s, %d mirror switches, %.1f MiB received, %.1f MiB wasted, policy %s, seed %d",
                    result.elapsed().toMillis() / 1000.0, result.mirrorSwitches(), result.bytesReceived() / 1048576.0,
                    result.bytesWasted() / 1048576.0, result.policy(), seed);
            if (keep == null) {
                Files.deleteIfExists(result.path());
            }
            return ExitCodes.OK;
        } finally {
            cdns.forEach(FakeCdn::close);
            if (keep == null) {
                TempTrees.deleteQuietly(work);
            }
        }
    }

    /** The demo's timeline: faults keyed to the share of chunks verified, so every machine sees the same run. */
    private DownloadListener breakOnProgress(List<FakeCdn> cdns, GeneratedFile file, Target target) {
        int chunks = target.chunkCount();
        AtomicInteger verified = new AtomicInteger();
        long corruptAt = target.chunkStart(Math.min(chunks - 1, (int) (chunks * 0.7))) + 12_345 % target.chunkSize();
        return event -> {
            if (!(event instanceof DownloadEvent.ChunkVerified)) {
                return;
            }
            int n = verified.incrementAndGet();
            if (n == Math.max(1, chunks / 5)) {
                cdns.get(0).faults().add(FaultRule.Status.of(500), Scope.all());
                say("[fault] cloudflare.test now answers 500 to everything (like Cloudflare, 2025-11-18)");
            } else if (n == Math.max(2, chunks * 2 / 5)) {
                cdns.get(1).faults().add(FaultRule.CorruptBytes.at(corruptAt), Scope.all());
                say("[fault] fastly.test now corrupts the byte at offset %d (chunk %d)", corruptAt,
                        corruptAt / target.chunkSize());
            } else if (n == Math.max(3, chunks * 3 / 5)) {
                cdns.get(2).faults().add(new FaultRule.Dribble(16 * 1024, 100), Scope.all());
                say("[fault] bunny.test now drips 16 KiB every 100 ms (slow retrieval)");
            } else if (n == Math.max(4, chunks * 4 / 5)) {
                cdns.get(0).faults().clear();
                say("[fault] cloudflare.test recovered");
            }
        };
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.println(args.length == 0 ? format : format.formatted(args));
        }
    }

}
