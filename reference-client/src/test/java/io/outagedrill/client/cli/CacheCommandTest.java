package io.outagedrill.client.cli;

import io.outagedrill.client.job.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.events.DownloadListener;
import io.outagedrill.client.store.ContentCache;
import io.outagedrill.client.store.ManifestCache;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code drill cache list|prune|clear}: what a user sees and the exit codes scripts see. */
class CacheCommandTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ClientMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = ClientMain.execute(cli, args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run cache(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of("cache", command, "--cache", dir.resolve("cache").toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** Stores {@code size} random bytes, used at T0 plus {@code minutes}; returns their SHA-256. */
    private String stored(String name, int size, int minutes) throws IOException {
        byte[] bytes = new byte[size];
        new SplittableRandom(name.hashCode()).nextBytes(bytes);
        Path file = Files.write(dir.resolve(name), bytes);
        String sha = Sha256.of(bytes);
        new ContentCache(dir.resolve("cache"), 1 << 20, Clock.fixed(T0.plusSeconds(60L * minutes), ZoneOffset.UTC),
                DownloadListener.none()).put(file, sha);
        return sha;
    }

    @Test
    void listShowsTheFilesMostRecentlyUsedFirstWithSizesInPlainWords() throws IOException {
        String a = stored("a", 1536, 0);
        String b = stored("b", 100, 1);

        Run run = cache("list", "--cache-limit", "2MiB");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                %s: 2 files, 1.6 KiB (limit 2.0 MiB)
                last used                   size  SHA-256
                2030-01-01T00:01:00Z   100 bytes  %s
                2030-01-01T00:00:00Z     1.5 KiB  %s
                """.formatted(dir.resolve("cache"), b, a));
    }

    @Test
    void listOfACacheNeverFilledSaysItIsEmpty() {
        Run run = cache("list");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("%s: 0 files, 0 bytes (limit 10.0 GiB)%n", dir.resolve("cache"));
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    /** XDG_CACHE_HOME naming a file, say: a cache that can never be filled is not an empty one. */
    @Test
    void aCacheFolderUnderAFileIsAnErrorNotAnEmptyCache() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

        Run run = run("cache", "list", "--cache", file.resolve("outage-drill").toString());

        assertThat(run.exit()).as("exit code; it printed %s%s", run.out(), run.err()).isEqualTo(1);
        assertThat(run.err()).contains(file + " is a file, not a folder");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void pruneRemovesTheLeastRecentlyUsedBeyondTheLimitAndLeftoverTemps() throws IOException {
        String a = stored("a", 100, 0);
        stored("b", 100, 1);
        String c = stored("c", 100, 2);
        Path leftover = Files.writeString(dir.resolve("cache/sha256").resolve(c.substring(0, 2))
                .resolve(c + ".99-0000000000000001.tmp"), "half");
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        Run run = cache("prune", "--cache-limit", "150");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                removed 2 files (200 bytes) and 1 leftover temporary file
                %s: 1 file, 100 bytes (limit 150 bytes)
                """.formatted(dir.resolve("cache")));
        assertThat(leftover).doesNotExist();
        assertThat(cache("list").out()).contains(c).doesNotContain(a);
        assertThat(cache("prune", "--cache-limit", "150").out()).startsWith("nothing to remove\n");
    }

    @Test
    void clearRemovesEverythingAndSaysHowMuch() throws IOException {
        stored("a", 100, 0);
        stored("b", 2048, 1);

        Run run = cache("clear");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("removed 2 files (2.1 KiB) from %s%n", dir.resolve("cache"));
        assertThat(cache("list").out()).contains("0 files");
    }

    /**
     * The manifests get keeps in the cache folder (stale-while-revalidate) survived a clear, so the next get still
     * started from a kept manifest: "clear" emptied the files only.
     */
    @Test
    void clearRemovesTheKeptManifestsTooAndSaysSo() throws IOException {
        stored("a", 100, 0);
        ManifestCache kept = ManifestCache.in(new ContentCache(dir.resolve("cache")));
        kept.write(List.of("https://manifests.example/movie.jws"), "a.b.c".getBytes(StandardCharsets.US_ASCII));
        kept.write(List.of("https://manifests.example/other.jws"), "d.e.f".getBytes(StandardCharsets.US_ASCII));

        Run run = cache("clear");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("removed 1 file (100 bytes) and 2 kept manifests from %s%n",
                dir.resolve("cache"));
        assertThat(kept.read(List.of("https://manifests.example/movie.jws"))).as("the kept manifest after clear")
                .isEmpty();
        assertThat(kept.read(List.of("https://manifests.example/other.jws"))).as("the other kept manifest after clear")
                .isEmpty();
    }

    @Test
    void theCacheFolderAndLimitComeFromTheConfigFileGetReads() throws IOException {
        stored("a", 100, 0);
        stored("b", 100, 1);
        Path config = Files.writeString(dir.resolve("drill.properties"),
                "cache=%s\ncache-limit=100\npolicy=parallel\n".formatted(dir.resolve("cache")));

        Run run = run("cache", "prune", "--config", config.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("removed 1 file (100 bytes)").contains("(limit 100 bytes)");
    }

    @Test
    void aBadSizeIsAUsageErrorNamingTheOptionOnTheCommandLineAndInTheConfigFile() throws IOException {
        Run flag = cache("list", "--cache-limit", "10 XB");
        Path config = Files.writeString(dir.resolve("drill.properties"), "cache-limit=10 XB\n");
        Run file = run("cache", "prune", "--config", config.toString());
        Run zero = cache("prune", "--cache-limit", "0");

        assertThat(flag.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(flag.err()).contains("Invalid value for option '--cache-limit': expected a size such as 500MiB, "
                + "10GiB or 1.5TB").contains("saw '10 XB'");
        assertThat(file.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(file.err()).contains("Invalid value for option '--cache-limit'").contains("saw '10 XB'");
        assertThat(zero.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).contains("'--cache-limit': expected a size of at least 1 byte, saw '0'");
    }

    @Test
    void anUnknownKeyInTheConfigFileIsNamed() throws IOException {
        Path config = Files.writeString(dir.resolve("typo.properties"), "cache-limt=1MiB\n");

        Run run = run("cache", "list", "--config", config.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown key 'cache-limt' (did you mean 'cache-limit'?)");
    }

    @Test
    void aMissingConfigFileIsTheCacheCommandsUsageErrorNotGets() {
        Path missing = dir.resolve("missing.properties");

        Run run = run("cache", "prune", "--config", missing.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).as("what drill cache prune --config MISSING printed")
                .isEqualTo("--config: no such file: %s%nTry 'drill cache --help' for the options.%n", missing);
    }

    @Test
    void cacheWithoutASubcommandIsAUsageError() {
        Run run = run("cache");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("expected a subcommand: list, prune or clear");
    }

    /** With --help, picocli skipped its check of stray words: the cache's help was printed, exit 0. */
    @Test
    void anUnknownCacheCommandWithHelpIsAUsageError() {
        Run run = run("cache", "purge", "--help");

        assertThat(run.exit()).as("exit code; stdout: %s", run.out()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("Unknown command 'purge'. The commands: list, prune, clear, help.");
        assertThat(run.out()).as("standard output").isEmpty();
    }
}
