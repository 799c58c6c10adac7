package io.outagedrill.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.sun.net.httpserver.HttpServer;
import io.outagedrill.client.Sha256;
import io.outagedrill.client.manifest.Manifest;
import io.outagedrill.client.manifest.ManifestAlgorithm;
import io.outagedrill.client.manifest.ManifestJson;
import io.outagedrill.client.manifest.ManifestKeys;
import io.outagedrill.client.manifest.ManifestSigner;
import io.outagedrill.client.manifest.Mirror;
import io.outagedrill.client.manifest.Target;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client as a team ships it: target/outage-drill-client-VERSION-dist.tar.gz unpacked elsewhere, its
 * bin/drill run through a symbolic link, with a home folder of its own, downloads a signed file from a server over
 * ranges: nothing of the build's (its checkout, its Maven repository) is needed.
 */
class ClientDistributionIT {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    @TempDir
    Path dir;

    @Test
    void theUnpackedDistributionDownloadsAndVerifiesASignedFile() throws Exception {
        // This build's, named by its version (failsafe's outagedrill.dist), not whichever an older build left.
        Path tarball = Path.of(System.getProperty("outagedrill.dist",
                "target/outage-drill-client-0.1.0-SNAPSHOT-dist.tar.gz"));
        assertThat(tarball).as("the distribution; the package phase makes it").isRegularFile();
        Path unpacked = Files.createDirectories(dir.resolve("opt"));
        assertThat(run(List.of("tar", "xzf", tarball.toAbsolutePath().toString(), "-C", unpacked.toString()),
                Map.of()).exit()).as("tar's exit").isZero();
        Path launcher;
        try (var folders = Files.list(unpacked)) {
            launcher = folders.findFirst().orElseThrow().resolve("bin/drill");
        }
        // A relative link, as `ln -s ../opt/.../bin/drill` makes: the launcher finds its lib/ through it.
        Path bin = Files.createDirectories(dir.resolve("usr-bin"));
        Path link = Files.createSymbolicLink(bin.resolve("drill"), bin.relativize(launcher));

        byte[] content = new byte[3 << 20];
        new Random(7).nextBytes(content);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/clip.mp4", exchange -> {
            Matcher range = RANGE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
            byte[] body = content;
            if (range.matches()) {
                int first = Integer.parseInt(range.group(1));
                int last = Math.min(content.length - 1, Integer.parseInt(range.group(2)));
                body = Arrays.copyOfRange(content, first, last + 1);
                exchange.getResponseHeaders().set("Content-Range", "bytes %d-%d/%d".formatted(first, last,
                        content.length));
                exchange.sendResponseHeaders(206, body.length);
            } else {
                exchange.sendResponseHeaders(200, body.length);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            JWK key = ManifestKeys.generate(ManifestAlgorithm.ES256, "ship-2026");
            Path trust = dir.resolve("keys.jwks");
            ManifestKeys.addToPublicSet(key, trust);
            int chunk = 1 << 20;
            List<String> chunks = new ArrayList<>();
            for (int at = 0; at < content.length; at += chunk) {
                chunks.add(Sha256.of(Arrays.copyOfRange(content, at, Math.min(content.length, at + chunk))));
            }
            String url = "http://127.0.0.1:%d/clip.mp4".formatted(server.getAddress().getPort());
            Target target = new Target("clip.mp4", content.length, Sha256.of(content), "video/mp4", chunk, chunks,
                    List.of(new Mirror("origin", URI.create(url), 1, "", "")));
            Path manifest = dir.resolve("clip.jws");
            Files.writeString(manifest, new ManifestSigner(key, ManifestJson.Options.ALLOW_PLAIN_HTTP).sign(
                    new Manifest(target, Instant.parse("2099-01-01T00:00:00Z"), 1, List.of())));
            Path home = Files.createDirectories(dir.resolve("home"));
            Map<String, String> env = Map.of("HOME", home.toString(), "JAVA_HOME", System.getProperty("java.home"),
                    "PATH", "/usr/bin:/bin");

            Result version = run(List.of(link.toString(), "--version"), env);
            assertThat(version.exit()).as("exit of drill --version; it printed:%n%s", version.output()).isZero();
            assertThat(version.output()).contains("Outage Drill reference client");

            Result get = run(List.of(link.toString(), "get", manifest.toString(), "--trust", trust.toString(),
                    "--allow-http", "-o", dir.resolve("out").toString()), env);
            assertThat(get.exit()).as("exit of drill get; it printed:%n%s", get.output()).isZero();
            assertThat(Sha256.ofFile(dir.resolve("out/clip.mp4"))).as("the file's SHA-256")
                    .isEqualTo(Sha256.of(content));
            assertThat(home.resolve(".local/state/outage-drill/versions.json")).as("the version memory, in HOME")
                    .exists();
        } finally {
            server.stop(0);
        }
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not end within 60 s; it printed:\n"
                    + Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8));
    }
}
