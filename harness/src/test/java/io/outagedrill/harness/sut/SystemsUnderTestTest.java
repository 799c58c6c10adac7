package io.outagedrill.harness.sut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.cdn.LoopbackDns;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.content.HostedContent;
import io.outagedrill.fakes.http.FaultRule;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each built-in adapter drives its downloader against two fake CDNs over HTTPS and reports what it saw. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
// Started among the first (the module runs its classes at once, longest first): about 15 s, which started last
// would end the module alone.
@Order(1)
class SystemsUnderTestTest {
    private static final String PATH = "/media/clip.mp4";

    @TempDir
    Path dir;

    private final LoopbackDns dns = new LoopbackDns();
    private final TestCertificateAuthority ca = TestCertificateAuthority.create();
    private final GeneratedFile file = GeneratedFile.of("clip.mp4", 3L << 20, 77);
    private final List<Observation> seen = new CopyOnWriteArrayList<>();
    private FakeCdn cloudflare;
    private FakeCdn fastly;
    private DownloadJob job;

    @BeforeEach
    void start() throws IOException {
        cloudflare = FakeCdn.builder("cloudflare.test").https(ca).dns(dns).host(PATH, file).start();
        fastly = FakeCdn.builder("fastly.test").https(ca).dns(dns).host(PATH, file).start();
        JWK key = ManifestKeys.generate(ManifestAlgorithm.ES256, "sut-test");
        Path trust = dir.resolve("keys.jwks");
        ManifestKeys.addToPublicSet(key, trust);
        List<FakeCdn> cdns = List.of(cloudflare, fastly);
        Target target = new Target(file.name(), file.size(), file.sha256(), "video/mp4", 256 * 1024,
                file.chunkHashes(256 * 1024), cdns.stream().map(c -> new Mirror(c.hostname(), c.url(PATH), 1, "",
                        c.hostname())).toList());
        String jws = new ManifestSigner(key).sign(new Manifest(target, Instant.now().plusSeconds(3600), 1, List.of()));
        fastly.files().host("/clip.jws", HostedContent.ofBytes("clip.jws", jws.getBytes(StandardCharsets.US_ASCII)));
        Path caFile = ca.writePem(dir.resolve("ca.pem"));
        job = new DownloadJob("client-1", List.of(fastly.url("/clip.jws")), trust, caFile, dns.asMap(),
                cdns.stream().map(c -> c.url(PATH)).toList(),
                cdns.stream().map(c -> URI.create("https://" + c.address().getAddress().getHostAddress() + ":"
                        + c.port() + PATH)).toList(),
                dir.resolve("out"), file.name(), file.size(), file.sha256(), "adaptive", Map.of(),
                Duration.ofSeconds(60), null, false);
    }

    @AfterEach
    void stop() {
        cloudflare.close();
        fastly.close();
    }

    /** The job as the fleet gives it to a client whose policies are other names (aria2c's profiles). */
    private static DownloadJob withPolicy(DownloadJob j, String policy) {
        return new DownloadJob(j.id(), j.manifestUrls(), j.trustStore(), j.caCertificate(), j.resolve(), j.mirrorUrls(),
                j.literalMirrorUrls(), j.outputDir(), j.fileName(), j.size(), j.sha256(), policy, j.options(),
                j.timeout(), j.resolver(), j.plainHttp());
    }

    private DownloadOutcome run(SystemUnderTest sut, DownloadJob job) throws Exception {
        sut.unavailable().ifPresent(why -> assumeTrue(false, why));
        return sut.start(job, seen::add).await();
    }

    @Test
    void theReferenceClientInProcessReportsItsChunks() throws Exception {
        DownloadOutcome outcome = run(new ReferenceClientInProcess(), job);
        assertThat(outcome.succeeded()).as(outcome.output()).isTrue();
        assertThat(outcome.observations()).filteredOn(Observation.ChunkVerified.class::isInstance).hasSize(12);
        assertThat(seen).containsAll(outcome.observations());
    }

    @Test
    void theReferenceClientAsAProcessIsReadFromItsJsonLines() throws Exception {
        cloudflare.faults().add(FaultRule.CorruptBytes.at(300_000));
        DownloadOutcome outcome = run(new ReferenceClientProcess(Clock.systemUTC()), job);
        assertThat(outcome.succeeded()).as(outcome.output()).isTrue();
        assertThat(outcome.observations()).filteredOn(Observation.ChunkVerified.class::isInstance).hasSize(12);
        if (outcome.observations().stream().anyMatch(Observation.ChunkRejected.class::isInstance)) {
            assertThat(outcome.observations()).filteredOn(Observation.ChunkRejected.class::isInstance)
                    .allSatisfy(o -> {
                        Observation.ChunkRejected rejected = (Observation.ChunkRejected) o;
                        assertThat(rejected.mirror()).isEqualTo("cloudflare.test");
                        assertThat(rejected.reason().code()).isEqualTo("CORRUPT");
                    });
        }
    }

    @Test
    void aria2cDownloadsFromEveryMirrorByAddressAndChecksTheHash() throws Exception {
        DownloadOutcome outcome = run(new Aria2c(Clock.systemUTC()), withPolicy(job, "default"));
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.verified()).isTrue();
    }

    @Test
    void curlTriesTheNextMirrorWhenTheHashDoesNotMatch() throws Exception {
        cloudflare.faults().add(FaultRule.CorruptBytes.at(12_345));
        DownloadOutcome outcome = run(new CurlSequential(Clock.systemUTC()), job);
        assertThat(outcome.succeeded()).as(outcome.output()).isTrue();
        assertThat(outcome.observations()).filteredOn(Observation.MirrorFailed.class::isInstance)
                .map(o -> (Observation.MirrorFailed) o)
                .anySatisfy(failed -> {
                    assertThat(failed.mirror()).isEqualTo("cloudflare.test");
                    assertThat(failed.reason()).isEqualTo(new Observation.Reason("CORRUPT", "SHA-256 mismatch"));
                });
    }

    @Test
    void curlStillWaitingAtTheJobsTimeoutIsKilledThenAndTheOutcomeSaysSo() throws Exception {
        CurlSequential curl = new CurlSequential(Clock.systemUTC());
        curl.unavailable().ifPresent(why -> assumeTrue(false, why));
        // Headers never come within the job's second, and curl prints nothing while it waits for them.
        cloudflare.faults().add(new FaultRule.SlowFirstByte(30_000));
        fastly.faults().add(new FaultRule.SlowFirstByte(30_000));
        DownloadJob oneSecond = new DownloadJob(job.id(), job.manifestUrls(), job.trustStore(), job.caCertificate(),
                job.resolve(), job.mirrorUrls(), job.literalMirrorUrls(), job.outputDir(), job.fileName(), job.size(),
                job.sha256(), job.policy(), job.options(), Duration.ofSeconds(1), job.resolver(), job.plainHttp());

        SystemUnderTest.RunningDownload running = curl.start(oneSecond, seen::add);
        CompletableFuture<DownloadOutcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return running.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        // Bounded well past await's grace (5 s after the timeout) so that a loop that missed its deadline fails on
        // the figures below rather than here; on a loaded machine the kill itself can take a second or two.
        await("the outcome of a job with a 1 s timeout").atMost(Duration.ofSeconds(20)).until(outcome::isDone);
        assertThat(outcome.get().timedOut()).as("timed out; output: %s", outcome.get().output()).isTrue();
        assertThat(outcome.get().output()).as("killed by the loop at the job's timeout, not by await's grace")
                .contains("cloudflare.test: killed at the job's timeout");
        assertThat(outcome.get().elapsed()).as("ended before await's grace (the timeout + 5 s)")
                .isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aCommandTemplateIsJudgedByItsFileNotItsWord() throws Exception {
        Path good = dir.resolve("good.bin");
        try (var in = file.open(); var out = Files.newOutputStream(good)) {
            in.transferTo(out);
        }
        Path bad = dir.resolve("bad.bin");
        Files.write(bad, new byte[(int) file.size()]);
        Files.createDirectories(job.outputDir());

        DownloadOutcome honest = run(new CommandTemplate("cp " + good + " {output}", Clock.systemUTC()), job);
        assertThat(honest.succeeded()).isTrue();

        Files.delete(job.destination());
        DownloadOutcome liar = run(new CommandTemplate("cp " + bad + " {output}", Clock.systemUTC()), job);
        assertThat(liar.exitCode()).isZero();
        assertThat(liar.acceptedCorruptFile()).as("exit 0 with a wrong file is a corrupt file accepted").isTrue();
    }

    @Test
    void whoReadsTheManifestCurlAndAria2cDoNotTheReferenceClientsAndAManifestTemplateDo() {
        Clock clock = Clock.systemUTC();
        assertThat(SystemsUnderTest.named("curl", clock).readsTheSignedManifest())
                .as("curl").isFalse();
        assertThat(SystemsUnderTest.named("aria2c", clock).readsTheSignedManifest())
                .as("aria2c").isFalse();
        assertThat(SystemsUnderTest.named("reference-cli", clock).readsTheSignedManifest())
                .as("reference-cli").isTrue();
        assertThat(new CommandTemplate("dl --trust {trust} {manifest}", clock)
                .readsTheSignedManifest()).as("a template given {manifest}").isTrue();
        assertThat(new CommandTemplate("dl -o {output} {urls}", clock)
                .readsTheSignedManifest()).as("a template given only the mirrors").isFalse();
        assertThat(new CommandTemplate("dl {manifests} {urls}", clock)
                .readsTheSignedManifest()).as("a template given every manifest replica").isTrue();
        assertThat(new CommandTemplate("dl --manifest={manifest}", clock)
                .readsTheSignedManifest()).as("{manifest} inside a word").isTrue();
    }

    /** For a tool that takes one flag per mirror or per name, such as drill get's own --resolve. */
    @Test
    void aWordWithAListInsideIsRepeatedOncePerItem() throws Exception {
        List<String> command = CommandTemplate.expand("dl --resolve={resolve} -o {output} --mirror={urls}@{size}", job);
        List<String> resolve = job.resolve().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "--resolve=" + e.getKey() + ":" + e.getValue().getHostAddress()).toList();
        assertThat(resolve).as("a pair per name the run resolves").isNotEmpty();
        List<String> expected = new java.util.ArrayList<>(List.of("dl"));
        expected.addAll(resolve);
        expected.addAll(List.of("-o", job.destination().toString(),
                "--mirror=" + cloudflare.url(PATH) + "@" + job.size(),
                "--mirror=" + fastly.url(PATH) + "@" + job.size()));
        assertThat(command).containsExactlyElementsOf(expected);
        assertThat(CommandTemplate.expand("dl --mirror={urls}#{urls}", job)).as("the same list twice in a word")
                .containsExactly("dl", "--mirror=" + cloudflare.url(PATH) + "#" + cloudflare.url(PATH),
                        "--mirror=" + fastly.url(PATH) + "#" + fastly.url(PATH));
        assertThat(new CommandTemplate("dl --manifest={manifests}", Clock.systemUTC()).readsTheSignedManifest())
                .as("{manifests} inside a word").isTrue();
    }

    /**
     * The job's own source address reaches each client as its flag, and a template as {@code {source_address}}
     * (127.0.0.1 where the job has none): faults scoped per client count each client's requests apart by it.
     */
    @Test
    void aJobsSourceAddressReachesEachClientAsItsFlag() throws Exception {
        java.net.InetAddress from = java.net.InetAddress.getByName("127.100.0.7");
        DownloadJob bound = new DownloadJob(job.id(), job.manifestUrls(), job.trustStore(), job.caCertificate(),
                job.resolve(), job.mirrorUrls(), job.literalMirrorUrls(), job.outputDir(), job.fileName(), job.size(),
                job.sha256(), job.policy(), job.options(), job.timeout(), job.resolver(), job.plainHttp(),
                java.util.Optional.of(from));

        assertThat(CommandTemplate.expand("dl --from={source_address} {urls}", bound)).as("a template")
                .startsWith("dl", "--from=127.100.0.7");
        assertThat(CommandTemplate.expand("dl --from={source_address} {urls}", job)).as("a job with no address")
                .startsWith("dl", "--from=127.0.0.1");
        assertThat(CurlSequential.command(bound, job.mirrorUrls().getFirst())).as("curl")
                .containsSubsequence("--interface", "127.100.0.7");
        assertThat(CurlSequential.command(job, job.mirrorUrls().getFirst())).as("curl with no address")
                .doesNotContain("--interface");
        assertThat(new CommandTemplate("dl {urls}", Clock.systemUTC()).connectsFromItsOwnAddress())
                .as("a template without it").isFalse();
        assertThat(new CommandTemplate("dl --interface {source_address} {urls}", Clock.systemUTC())
                .connectsFromItsOwnAddress()).as("a template that passes it").isTrue();
    }

    /** A value that holds placeholder text itself reaches the program as it is, not expanded a second time. */
    @Test
    void aValueThatLooksLikeAPlaceholderIsNotExpandedAgain() throws Exception {
        // Each value names the other's placeholder: replaced one after the other, in whatever order, one of the two
        // words would be expanded a second time.
        Path odd = dir.resolve("out{file}");
        String name = "clip{dir}.mp4";
        DownloadJob j = job;
        DownloadJob oddNames = new DownloadJob(j.id(), j.manifestUrls(), j.trustStore(), j.caCertificate(),
                j.resolve(), j.mirrorUrls(), j.literalMirrorUrls(), odd, name, j.size(), j.sha256(),
                j.policy(), j.options(), j.timeout(), j.resolver(), j.plainHttp());

        List<String> command = CommandTemplate.expand("dl --dir={dir} --file={file}", oddNames);

        assertThat(command).containsExactly("dl", "--dir=" + odd, "--file=" + name);
    }

    /** The same run gives the same command line: the pairs by name, not in the resolver's map's order. */
    @Test
    void resolvePairsComeSortedByName() throws Exception {
        java.util.Map<String, java.net.InetAddress> backwards = new java.util.LinkedHashMap<>();
        backwards.put("zeta.test", java.net.InetAddress.getByName("127.0.0.9"));
        backwards.put("alpha.test", java.net.InetAddress.getByName("127.0.0.8"));
        DownloadJob j = job;
        DownloadJob twoNames = new DownloadJob(j.id(), j.manifestUrls(), j.trustStore(), j.caCertificate(), backwards,
                j.mirrorUrls(), j.literalMirrorUrls(), j.outputDir(), j.fileName(), j.size(), j.sha256(), j.policy(),
                j.options(), j.timeout(), j.resolver(), j.plainHttp());

        assertThat(CommandTemplate.expand("dl {resolve}", twoNames))
                .containsExactly("dl", "alpha.test:127.0.0.8", "zeta.test:127.0.0.9");
    }

    /** Quotes group a word with spaces in it and are dropped, as a shell's; placeholders inside them still expand. */
    @Test
    void quotedWordsKeepTheirSpaces() throws Exception {
        assertThat(CommandTemplate.expand("'/opt/My Tools/dl' --header=\"X-Run: {file}\" -o {output} ''", job))
                .containsExactly("/opt/My Tools/dl", "--header=X-Run: " + job.fileName(), "-o",
                        job.destination().toString(), "");
    }

    /** A program in a folder with a space in its name runs and is judged by the file it leaves. */
    @Test
    void aQuotedProgramPathWithASpaceRuns() throws Exception {
        Path good = dir.resolve("good.bin");
        try (var in = file.open(); var out = Files.newOutputStream(good)) {
            in.transferTo(out);
        }
        Path program = Files.createDirectories(dir.resolve("my tools")).resolve("dl");
        Files.writeString(program, "#!/bin/sh\nexec cp \"$1\" \"$2\"\n");
        assertThat(program.toFile().setExecutable(true)).as("chmod +x %s", program).isTrue();
        Files.createDirectories(job.outputDir());

        CommandTemplate quoted = new CommandTemplate("'" + program + "' " + good + " {output}", Clock.systemUTC());
        // Not left to run()'s assumption: a program that cannot be found here is this test's failure, not a skip.
        assertThat(quoted.unavailable()).as("why the quoted program cannot run").isEmpty();

        DownloadOutcome outcome = run(quoted, job);

        assertThat(outcome.succeeded()).as("exit %d, output: %s", outcome.exitCode(), outcome.output()).isTrue();
    }

    /**
     * Each downloader process gets an empty cache folder of its own: with the user's, {@code drill get} as a
     * {@code cmd:} template served every download after the first from its content cache and passed a blackhole
     * scenario without a byte from the mirrors.
     */
    @Test
    void eachDownloaderProcessHasACacheFolderOfItsOwn() throws Exception {
        CommandTemplate printsItsCache = new CommandTemplate(
                "sh -c 'printf %s \"$XDG_CACHE_HOME\" > {output}'", Clock.systemUTC());

        run(printsItsCache, job);

        Path expected = job.outputDir().resolve(".cache");
        assertThat(Files.readString(job.destination())).as("$XDG_CACHE_HOME the downloader saw (the user's: %s)",
                System.getenv("XDG_CACHE_HOME")).isEqualTo(expected.toString());
    }

    /**
     * drill get as a cmd: template trained its launcher's start-up cache in every timed download (the first run
     * after a build took five times as long, and missed its SLOs), as reference-cli never does.
     */
    @Test
    void aDrillLauncherRunAsATemplateNeitherTrainsNorBuilds() throws Exception {
        CommandTemplate printsTheSwitches = new CommandTemplate(
                "sh -c 'printf %s/%s \"$DRILL_AOT_TRAINING\" \"$DRILL_BUILD\" > {output}'", Clock.systemUTC());

        run(printsTheSwitches, job);

        assertThat(Files.readString(job.destination())).as("DRILL_AOT_TRAINING/DRILL_BUILD the downloader saw")
                .isEqualTo("off/off");
    }

    @Test
    void placeholdersExpandToArgumentsWithoutAShell() throws Exception {
        List<String> command = CommandTemplate.expand("dl --sha {sha256} -o {output} {urls}", job);
        assertThat(command).containsExactly("dl", "--sha", file.sha256(), "-o", job.destination().toString(),
                cloudflare.url(PATH).toString(), fastly.url(PATH).toString());
    }

    /** The job as the fleet gives it: the world's resolver, with a name server over UDP and over HTTPS. */
    private static DownloadJob withNameServers(DownloadJob j) {
        DownloadJob.Resolver world = new DownloadJob.Resolver() {
            @Override
            public List<java.net.InetAddress> lookup(String host) {
                return List.of(java.net.InetAddress.getLoopbackAddress());
            }

            @Override
            public java.util.Optional<java.net.InetSocketAddress> nameServer() {
                return java.util.Optional.of(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(),
                        5300));
            }

            @Override
            public java.util.Optional<URI> dohUrl() {
                return java.util.Optional.of(URI.create("https://127.0.0.1:8443/dns-query"));
            }

            @Override
            public java.util.Optional<java.net.InetAddress> nameServerOnPort53() {
                try {
                    return java.util.Optional.of(java.net.InetAddress.getByAddress(new byte[] {127, 0, 53, 1}));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException("four bytes are an address", e);
                }
            }
        };
        return new DownloadJob(j.id(), j.manifestUrls(), j.trustStore(), j.caCertificate(), j.resolve(), j.mirrorUrls(),
                j.literalMirrorUrls(), j.outputDir(), j.fileName(), j.size(), j.sha256(), j.policy(), j.options(),
                j.timeout(), world, j.plainHttp());
    }

    @Test
    void theWorldsNameServerIsAPlaceholderAndATemplateThatPassesItLooksNamesUpThroughTheWorld() throws Exception {
        String template = "dl --dns {dns_server} --doh={doh_url} {urls}";
        assertThat(CommandTemplate.problem(template)).as("a template naming both").isEmpty();

        assertThat(CommandTemplate.expand(template, withNameServers(job))).containsExactly("dl", "--dns",
                "127.0.0.1:5300", "--doh=https://127.0.0.1:8443/dns-query", cloudflare.url(PATH).toString(),
                fastly.url(PATH).toString());
        assertThat(new CommandTemplate(template, Clock.systemUTC()).looksUpNamesThroughTheWorld()).isTrue();
        assertThat(new CommandTemplate("dl --resolve={resolve} {urls}", Clock.systemUTC())
                .looksUpNamesThroughTheWorld()).as("given the addresses up front").isFalse();
    }

    @Test
    void aTemplateNamingTheNameServerInARunWithoutOneSaysWhatToUseInstead() {
        assertThatThrownBy(() -> CommandTemplate.expand("dl --doh {doh_url} {urls}", job))
                .isInstanceOf(IOException.class)
                .hasMessage("cmd: {doh_url} names the world's name server, and this run has none (its addresses are a "
                        + "fixed table: use {resolve} or {literal_urls})");
    }

    @Test
    void curlLooksNamesUpOverHttpsWhereTheRunHasANameServerAndIsGivenAddressesOtherwise() {
        URI mirror = cloudflare.url(PATH);

        List<String> throughTheWorld = CurlSequential.command(withNameServers(job), mirror);
        List<String> fixed = CurlSequential.command(job, mirror);

        assertThat(throughTheWorld).as("with the world's DoH server").containsSubsequence("--doh-url",
                "https://127.0.0.1:8443/dns-query").doesNotContain("--resolve").endsWith(mirror.toString());
        assertThat(fixed).as("a fixed table").contains("--resolve").doesNotContain("--doh-url");
    }

    @Test
    void aria2cAsksTheWorldsNameServerOnPort53ByNameWhereItMayBeBoundAndIsGivenAddressesOtherwise() {
        List<String> throughTheWorld = Aria2c.command(withPolicy(withNameServers(job), "default"), true);
        List<String> unprivileged = Aria2c.command(withPolicy(withNameServers(job), "default"), false);

        assertThat(throughTheWorld).as("port 53 bindable").containsSubsequence("--async-dns=true",
                "--async-dns-server=127.0.53.1")
                .endsWith(cloudflare.url(PATH).toString(), fastly.url(PATH).toString());
        assertThat(unprivileged).as("port 53 not bindable: addresses up front").contains("--async-dns=false")
                .doesNotContain("--async-dns=true").endsWith(job.literalMirrorUrls().stream().map(URI::toString)
                        .toArray(String[]::new));
    }

    /**
     * The scenario's aria2c flags come after the harness's and win, the last of each option as aria2c reads them: with
     * async DNS turned off, or a DNS server of the user's named, aria2c does not ask the world's name server, so it
     * is not pointed there (given the mirrors by address) and is not taken to meet the DNS faults.
     */
    @Test
    void aria2cFlagsOfTheUsersOwnThatTakeItFromTheWorldsNameServerGiveItAddresses() {
        DownloadJob world = withPolicy(withNameServers(job), "default");
        String[] literal = job.literalMirrorUrls().stream().map(URI::toString).toArray(String[]::new);
        for (String flags : List.of("--async-dns=false", "--async-dns=true --async-dns=false",
                "--async-dns-server=192.0.2.53", "--async-dns-server 192.0.2.53")) {
            List<String> command = Aria2c.command(withFlags(world, flags), true);
            assertThat(command).as("flags '%s'", flags).noneMatch(w -> w.startsWith("--async-dns-server=127."))
                    .endsWith(literal);
            assertThat(Aria2c.ownResolver(List.of(flags.split(" ")))).as("why for flags '%s'", flags).isPresent();
        }
        assertThat(Aria2c.command(withFlags(world, "--async-dns=false --async-dns=true"), true))
                .as("async DNS turned off, then on again: the last wins").contains("--async-dns-server=127.0.53.1");
        assertThat(Aria2c.ownResolver(List.of("--max-tries=2", "--async-dns"))).as("--async-dns alone: on")
                .isEmpty();
        assertThatThrownBy(() -> Aria2c.command(withFlags(world, "--async-dns false"), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aria2c takes '--async-dns false' as --async-dns (on) and a URL 'false'")
                .hasMessageContaining("write --async-dns=false");
    }

    private static DownloadJob withFlags(DownloadJob j, String flags) {
        return new DownloadJob(j.id(), j.manifestUrls(), j.trustStore(), j.caCertificate(), j.resolve(), j.mirrorUrls(),
                j.literalMirrorUrls(), j.outputDir(), j.fileName(), j.size(), j.sha256(), j.policy(),
                java.util.Map.of("flags", flags), j.timeout(), j.resolver(), j.plainHttp());
    }

    /**
     * On a host with loopback alone (a container run without a network) aria2c's resolver asks for no address family,
     * and every name fails with "No address returned": there it is given addresses, as where port 53 cannot be bound.
     * It asks for IPv4 once an interface holds an IPv4 address other than 127.0.0.1 (any other, as aria2 checks).
     */
    @Test
    void aria2cAsksTheWorldForNamesOnlyWhereItsResolverAsksForIpv4() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress loopback6 = InetAddress.getByName("::1");

        assertThat(Aria2c.asksForIpv4(List.of(loopback, loopback6))).as("loopback alone").isFalse();
        assertThat(Aria2c.asksForIpv4(List.of(loopback, loopback6, InetAddress.getByName("fe80::1"),
                InetAddress.getByName("2001:db8::5")))).as("IPv6 besides loopback: AAAA only").isFalse();
        assertThat(Aria2c.asksForIpv4(List.of(loopback, InetAddress.getByName("10.1.2.3")))).as("a LAN address")
                .isTrue();
        assertThat(Aria2c.asksForIpv4(List.of(InetAddress.getByName("127.0.1.1")))).as("127.0.1.1, not 127.0.0.1")
                .isTrue();
    }
}
