package io.outagedrill.benchmarks;

import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.GeneratedFile;
import io.outagedrill.fakes.manifest.ManifestService;
import io.outagedrill.fakes.manifest.Manifests;
import io.outagedrill.fakes.proxy.ProxyConfig;
import io.outagedrill.fakes.proxy.ToxiproxyServer;
import io.outagedrill.fakes.status.StatusPage;
import io.outagedrill.fakes.status.StatusPageServer;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Where a first topology start goes, part by part: the parts a topology starts, one after another on one thread
 * of a fresh JVM (run it as its own {@code java} process), each with its wall time, the process's CPU time and
 * the JIT compiler threads' share of it. Later parts find the classes earlier ones loaded, as they do in a
 * topology; the order is the topology's. Linux only (CPU times from {@code /proc}).
 *
 * <pre>java -cp "app/target/classes:$(cat app/target/drill.classpath)" io.outagedrill.benchmarks.StartupParts</pre>
 */
public final class StartupParts {
    private long wall = System.nanoTime();
    private long cpu = processCpuMillis();
    private long jit = jitCpuMillis();

    private StartupParts() {
    }

    public static void main(String[] args) throws IOException {
        StartupParts parts = new StartupParts();
        System.out.printf(Locale.ROOT, "%-60s %9s %9s %9s%n", "part (in order, one thread, fresh JVM)", "wall", "cpu", "of it JIT");
        Locale.getAvailableLocales();
        parts.lap("Locale.getAvailableLocales(), as Jetty's MimeTypes calls it");
        ToxiproxyServer toxiproxy = ToxiproxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        parts.lap("first Jetty server (the Toxiproxy API)");
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        parts.lap("test CA: EC P-256 key, self-signed certificate");
        FakeCdn first = FakeCdn.builder("cloudflare.test").https(ca).start();
        parts.lap("first HTTPS provider server (the JDK's TLS)");
        FakeCdn second = FakeCdn.builder("fastly.test").https(ca).start();
        FakeCdn third = FakeCdn.builder("bunny.test").https(ca).start();
        parts.lap("two more HTTPS provider servers");
        toxiproxy.proxies().create(new ProxyConfig("cloudflare", "127.0.0.1:0", "127.0.0.1:" + first.port(), true));
        parts.lap("a proxy");
        StatusPageServer status = StatusPageServer.builder()
                .page(new StatusPage("status.cloudflare.test", "Cloudflare", Clock.systemUTC())).start();
        parts.lap("status pages (a Jackson ObjectMapper)");
        ManifestService manifests = ManifestService.builder().https(ca).start();
        parts.lap("manifest service: ES256 key (Nimbus), 2 replicas");
        Path keys = Files.createTempFile("startup-parts-", ".jwks");
        manifests.writeTrustStore(keys);
        parts.lap("JWK Set file");
        GeneratedFile file = GeneratedFile.of("video.mp4", 16L << 20, 1);
        file.chunkHashes(4L << 20);
        parts.lap("SHA-256 of 16 MiB, whole and per 4 MiB chunk");
        manifests.publish("/manifests/video.mp4.jws", Manifests.forContent(file, 4L << 20,
                List.of(new Mirror("cloudflare", URI.create("https://cloudflare.test:1/video.mp4"), 1, "", "cloudflare")),
                Instant.now().plusSeconds(3600), 1));
        parts.lap("manifest JSON and JWS signature, published");
        status.close();
        manifests.close();
        third.close();
        second.close();
        first.close();
        toxiproxy.close();
        Files.delete(keys);
    }

    private void lap(String part) {
        long nowWall = System.nanoTime();
        long nowCpu = processCpuMillis();
        long nowJit = jitCpuMillis();
        System.out.printf(Locale.ROOT, "%-60s %6d ms %6d ms %6d ms%n", part, (nowWall - wall) / 1_000_000,
                nowCpu - cpu, nowJit - jit);
        wall = nowWall;
        cpu = nowCpu;
        jit = nowJit;
    }

    private static long processCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
    }

    /** User and system time of the JIT compiler threads ({@code C1/C2 CompilerThre...}), in 10 ms ticks. */
    private static long jitCpuMillis() {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat = Files.readString(task.resolve("stat"));
                if (stat.contains("CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }
}
