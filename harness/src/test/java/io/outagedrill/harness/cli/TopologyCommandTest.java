package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.client.Sha256;
import io.outagedrill.client.cli.ClientMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopologyCommandTest {
    static final Pattern GET = Pattern.compile("^ {2}\\./drill (get .+)$", Pattern.MULTILINE);
    static final Pattern SHA = Pattern.compile("SHA-256 ([0-9a-f]{64})");

    @TempDir
    Path dir;

    @Test
    void theReferenceClientDownloadsWithThePrintedCommandAndTheFileVerifies() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = up.out;
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "--providers", "2", "--port", "0", "--size", "2MiB", "--chunk", "512KiB", "--seed", "7"));
        await().atMost(Duration.ofSeconds(30)).until(() -> GET.matcher(text(printed)).find() || exit.isDone());
        String output = text(printed);
        assertThat(output).contains("seed 7").contains("cloudflare").contains("fastly").doesNotContain("bunny")
                .contains("toxiproxy-cli -h 127.0.0.1:").contains("trust key file: ").contains("CA file: ")
                .containsPattern("https://status\\.cloudflare\\.test:\\d+/api/v2/status\\.json  at 127\\.")
                .contains("curl -f --cacert ")
                .containsPattern("admin API at http://127\\.0\\.0\\.1:\\d+ ")
                .contains("/providers/fastly/faults -d '{\"rule\":{\"type\":\"status\",\"code\":503}}'");

        Matcher get = GET.matcher(output);
        assertThat(get.find()).as(output).isTrue();
        List<String> args = new ArrayList<>(Arrays.asList(get.group(1).split(" ")));
        Matcher nameServer = Pattern.compile("^ {2}(127\\.0\\.0\\.1:\\d+) \\(UDP\\)", Pattern.MULTILINE)
                .matcher(output);
        assertThat(nameServer.find()).as(output).isTrue();
        assertThat(args).as("every name through the world's name server").contains("--trust", "--ca-cert")
                .containsSubsequence("--dns-server", nameServer.group(1)).doesNotContain("--resolve");
        assertThat(output).containsPattern("https://127\\.0\\.0\\.1:\\d+/dns-query \\(DNS over HTTPS");
        assertThat(args.get(1)).startsWith("https://manifests-a.test:").endsWith("/manifests/video.mp4.jws");
        // The version memory in the world's own folder: a test world's version 1 never meets the user's memory.
        assertThat(args).as("the printed command").containsSubsequence("--versions",
                args.get(args.indexOf("--trust") + 1).replace("keys.jwks", "versions.json"));
        args.addAll(List.of("-o", dir.resolve("out").toString(), "--no-cache"));

        // The admin API's DNS faults reach the printed command: neither manifest replica's name resolves.
        Matcher admin = Pattern.compile("admin API at (http://127\\.0\\.0\\.1:\\d+) ").matcher(output);
        assertThat(admin.find()).as(output).isTrue();
        List<String> replicas = List.of("manifests-a.test", "manifests-b.test");
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .proxy(java.net.http.HttpClient.Builder.NO_PROXY).build()) {
            for (String replica : replicas) {
                var set = http.send(java.net.http.HttpRequest.newBuilder(URI.create(admin.group(1) + "/dns/" + replica))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"fault\":{\"type\":\"servfail\"}}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(set.statusCode()).as("POST /dns/%s: %s", replica, set.body()).isEqualTo(200);
            }
            int faulted = ClientMain.execute(ClientMain.commandLine(), args.toArray(String[]::new));
            assertThat(faulted).as("the printed get with both replicas' names failing (SERVFAIL)").isNotZero();
            assertThat(dir.resolve("out/video.mp4")).doesNotExist();
            for (String replica : replicas) {
                var clear = http.send(java.net.http.HttpRequest.newBuilder(
                        URI.create(admin.group(1) + "/dns/" + replica)).DELETE().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(clear.statusCode()).as("DELETE /dns/%s: %s", replica, clear.body()).isEqualTo(204);
            }
        }
        int code = ClientMain.execute(ClientMain.commandLine(), args.toArray(String[]::new));

        assertThat(code).as(output).isZero();
        Matcher sha = SHA.matcher(output);
        assertThat(sha.find()).isTrue();
        assertThat(Sha256.ofFile(dir.resolve("out/video.mp4"))).isEqualTo(sha.group(1));

        up.stop.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void plainHttpPrintsAllowHttpAndNoCertificates() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = up.out;
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "--providers", "1", "--port", "0", "--size", "64KiB", "--no-https"));
        await().atMost(Duration.ofSeconds(30)).until(() -> text(printed).contains("Ctrl-C") || exit.isDone());
        String output = text(printed);
        assertThat(output).contains("plain HTTP").contains("http://cloudflare.test:").contains("--allow-http")
                .doesNotContain("CA file:").doesNotContain("--ca-cert").doesNotContain("--cacert")
                .as("the printed curl, given its address, is said to be out of the DNS faults' reach")
                .contains("(the curl line below is given its address up front: DNS faults reach drill get only)");
        up.stop.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aScenarioBuildsItsOwnWorldWithItsSeedAndItsEdge() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = up.out;
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "../scenarios/fastly-2021-06-08.yaml", "--port", "0"));
        await().atMost(Duration.ofSeconds(30)).until(() -> text(printed).contains("Ctrl-C") || exit.isDone());
        String output = text(printed);
        assertThat(output).startsWith("scenario fastly-2021-06-08: Fastly: ").contains("seed 20210608")
                .contains("file video.mp4: 67108864 bytes")
                .containsPattern("fastly +https://fastly\\.test:\\d+/video\\.mp4 .*edge cache of origin")
                .contains("https://origin.test:").contains("https://cloudflare.test:").contains("b2.test:")
                .contains("admin API")
                .contains("manifest (signed, 1 replica):"); // the scenario's one replica, not "1 replicas"
        up.stop.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    /**
     * A scenario with a plain-HTTP store beside an HTTPS CDN: the world serves each as written, and the printed get
     * command carries both what HTTPS needs (the CA) and what plain HTTP needs (--allow-http), so it downloads.
     */
    @Test
    void aMixedSchemeScenarioPrintsWhatBothSchemesNeedAndThePrintedCommandDownloads() throws Exception {
        Path scenario = Files.writeString(dir.resolve("mixed.yaml"), """
                name: mixed
                description: an HTTPS CDN beside a plain-HTTP object store
                seed: 3
                topology:
                  providers:
                    - {name: cloudflare, kind: cdn-edge}
                    - {name: b2, kind: object-store, https: false}
                  files:
                    - {name: f.bin, size: 64KiB, chunkSize: 16KiB}
                clients:
                  - {count: 1}
                slos:
                  - corruptFilesAccepted: 0
                """);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = up.out;
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                scenario.toString(), "--port", "0"));
        await().atMost(Duration.ofSeconds(30)).until(() -> text(printed).contains("Ctrl-C") || exit.isDone());
        String output = text(printed);
        assertThat(output).contains("HTTPS with certificates from a test CA, plain HTTP on b2")
                .contains("https://cloudflare.test:").contains("http://b2.test:").contains("CA file: ");

        Matcher get = GET.matcher(output);
        assertThat(get.find()).as(output).isTrue();
        List<String> args = new ArrayList<>(Arrays.asList(get.group(1).split(" ")));
        assertThat(args).as(output).contains("--ca-cert", "--allow-http");
        args.addAll(List.of("-o", dir.resolve("out").toString(), "--no-cache", "--mirror", "b2"));
        int code = ClientMain.execute(ClientMain.commandLine(), args.toArray(String[]::new));

        assertThat(code).as("drill get pinned to the plain-HTTP store; %s", output).isZero();
        Matcher sha = SHA.matcher(output);
        assertThat(sha.find()).isTrue();
        assertThat(Sha256.ofFile(dir.resolve("out/f.bin"))).isEqualTo(sha.group(1));
        up.stop.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void optionsTheScenarioDecidesAreRefusedBesideIt() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = new PrintStream(said, true, StandardCharsets.UTF_8);
        assertThat(new CommandLine(up).execute("../scenarios/fastly-2021-06-08.yaml", "--providers", "2", "--size",
                "1MiB")).isEqualTo(2);
        assertThat(text(said)).as("standard error").contains("error: --providers, --size: the scenario decides this");
        assertThat(text(printed)).as("standard output: nothing started").isEmpty();
        assertThat(new CommandLine(new TopologyCommand.Up()).execute("no-such-scenario")).isEqualTo(2);
    }

    @Test
    void aNegatedOptionTheScenarioDecidesIsRefusedAsTyped() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = up.out;
        assertThat(new CommandLine(up).execute("../scenarios/fastly-2021-06-08.yaml", "--no-https")).isEqualTo(2);
        assertThat(text(printed)).contains("error: --no-https: the scenario decides this");
    }

    @Test
    void aUsersOwnFileIsServedAndBothPrintedWaysToSignItDownloadIt() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("publisher")).resolve("my-app-2.1.zip");
        byte[] bytes = new byte[(3 << 19) + 77]; // 1.5 MiB and a bit: 4 chunks of 512 KiB, the last short
        new SplittableRandom(21).nextBytes(bytes);
        Files.write(mine, bytes);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = up.out;
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "--file", mine.toString(), "--chunk", "512KiB", "--providers", "2", "--port", "0"));
        await().atMost(Duration.ofSeconds(30)).until(() -> text(printed).contains("Ctrl-C") || exit.isDone());
        String output = text(printed);
        assertThat(output).contains("file my-app-2.1.zip: " + bytes.length + " bytes, SHA-256 " + Sha256.ofFile(mine))
                .contains("your file " + mine.toAbsolutePath()).contains("chunks of 512.0 KiB")
                .containsPattern("cloudflare +https://cloudflare\\.test:\\d+/my-app-2\\.1\\.zip ");

        // The topology's own signature: the printed get, as it stands.
        Matcher get = GET.matcher(output);
        assertThat(get.find()).as(output).isTrue();
        assertThat(get.group(1)).contains("/manifests/my-app-2.1.zip.jws");
        assertThat(drill(get.group(1), "-o", dir.resolve("out").toString(), "--no-cache")).as(output).isZero();
        assertThat(Files.mismatch(dir.resolve("out/my-app-2.1.zip"), mine)).as("first differing byte").isEqualTo(-1L);

        // From outside: the printed curl command, asked for a range that straddles a chunk boundary.
        Matcher curl = Pattern.compile("^ {2}(curl -f .+)$", Pattern.MULTILINE).matcher(output);
        assertThat(curl.find()).as(output).isTrue();
        List<String> command = new ArrayList<>(Arrays.asList(curl.group(1).split(" ")));
        assertThat(command.get(command.indexOf("-o") + 1)).as("never the user's own file's name")
                .isEqualTo("my-app-2.1.zip.from-cloudflare");
        command.set(command.indexOf("-o") + 1, dir.resolve("ranged.bin").toString());
        command.addAll(command.size() - 1, List.of("-sS", "--noproxy", "*", "--max-time", "20", "-r", "524000-524999"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("curl.log").toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("curl done within 30 s").isTrue();
        assertThat(process.exitValue()).as("curl %s: %s", command, Files.readString(dir.resolve("curl.log"))).isZero();
        assertThat(Files.readAllBytes(dir.resolve("ranged.bin")))
                .isEqualTo(Arrays.copyOfRange(bytes, 524_000, 525_000));

        // The publisher's own key: keygen, create, get as printed, run in a folder of their own.
        Matcher keygen = Pattern.compile("^ {2}\\./drill (manifest keygen .+)$", Pattern.MULTILINE).matcher(output);
        Matcher create = Pattern.compile("^ {2}\\./drill (manifest create .+)$", Pattern.MULTILINE).matcher(output);
        assertThat(keygen.find() && create.find() && get.find()).as(output).isTrue();
        assertThat(create.group(1)).contains("--mirror https://cloudflare.test:")
                .contains("--mirror https://fastly.test:").contains("--chunk-size 524288");
        Path work = Files.createDirectories(dir.resolve("own-key"));
        assertThat(drill(inFolder(keygen.group(1), work))).as(output).isZero();
        assertThat(drill(inFolder(create.group(1), work))).as(output).isZero();
        assertThat(drill(inFolder(get.group(1), work), "-o", dir.resolve("own-out").toString(), "--no-cache"))
                .as(output).isZero();
        assertThat(Files.mismatch(dir.resolve("own-out/my-app-2.1.zip"), mine)).isEqualTo(-1L);

        up.stop.countDown();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aFileThatCannotBeServedAsGivenIsRefusedSayingWhatToDo() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = up.out;
        assertThat(new CommandLine(up).execute("--file", dir.resolve("absent.iso").toString(), "--port", "0"))
                .isEqualTo(2);
        assertThat(text(printed)).contains("error: file absent.iso: cannot read ").contains("absent.iso");

        Path spaced = Files.write(dir.resolve("My App.zip"), new byte[10]);
        printed.reset();
        assertThat(new CommandLine(up).execute("--file", spaced.toString(), "--port", "0")).isEqualTo(2);
        assertThat(text(printed)).contains("was 'My App.zip'").contains("serve it under another name with --name");

        printed.reset();
        assertThat(new CommandLine(up).execute("--file", spaced.toString(), "--size", "1MiB", "--port", "0"))
                .isEqualTo(2);
        assertThat(text(printed)).contains("error: --size is for the generated file");

        // Chunks so small that their hashes do not fit in a manifest: said before hashing, not as a stack trace
        // from the signing step once the world had hashed them all.
        printed.reset();
        TopologyCommand.Up generated = new TopologyCommand.Up(); // a new one: picocli keeps the last --file
        generated.out = up.out;
        generated.err = up.out;
        assertThat(new CommandLine(generated).execute("--chunk", "1", "--size", "1MiB", "--port", "0")).isEqualTo(2);
        assertThat(text(printed)).contains("error: --chunk: 1048576 bytes in chunks of 1 bytes need 1048576 chunk "
                + "hashes").contains("use chunks of at least 70 bytes").doesNotContain("\tat ");
    }

    @Test
    void onContainersWhatTheyCannotServeIsRefusedBeforeAnythingStarts() throws Exception {
        // Refused before the engine is asked for, so these hold with an engine or without one.
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = up.out;
        Path mine = Files.writeString(dir.resolve("mine.bin"), "my bytes");
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(new CommandLine(up).execute("--world", "containers", "--file", mine.toString())).isEqualTo(2);
        assertThat(text(printed).lines().toList()).as("what a --file nginx cannot read printed").containsExactly(
                "error: --file: " + mine + " is not readable by other users (rw-r-----): nginx in the containers "
                        + "reads it as its worker user (www-data), not as you, so every request would get 403; make "
                        + "it readable (chmod o+r) or serve it with --world embedded");
        assertThat(Files.getPosixFilePermissions(mine)).as("the user's file, untouched")
                .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));

        printed.reset();
        TopologyCommand.Up another = new TopologyCommand.Up();
        another.out = up.out;
        another.err = another.out;
        assertThat(new CommandLine(another).execute("--world", "containers", "--port", "8474")).isEqualTo(2);
        assertThat(text(printed).lines().toList()).as("what --port on containers printed").containsExactly(
                "error: --port: the containers world's fault proxy picks a free port itself (it is printed); "
                        + "leave --port out or give 0");
    }

    @Test
    void aTakenPortIsAUsageErrorNamingTheOptionAndWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            TopologyCommand.Up up = new TopologyCommand.Up();
            up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            up.err = up.out;

            int exit = new CommandLine(up).execute("--providers", "1", "--size", "64KiB", "--no-https", "--port",
                    String.valueOf(taken.getLocalPort()));

            assertThat(exit).as("exit status; printed:%n%s", text(printed)).isEqualTo(2);
            assertThat(text(printed).lines().toList()).as("what a taken --port printed").singleElement()
                    .asString().startsWith("error: --port: cannot listen on port " + taken.getLocalPort() + ": ")
                    .endsWith("; choose another, or 0 for a free one");
        }
    }

    /** Only what the user asked for is a usage error (exit 2); a failure of the world itself is not. */
    @Test
    void aFailureToStartIsAUsageErrorOnlyWhenTheUserCanFixItByWhatTheyAsk() {
        Exception invalid = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> io.outagedrill.fakes.topology.Topology.builder().manifestReplicas(0));
        assertThat(TopologyCommand.Up.usageProblem((RuntimeException) invalid, 0)).as("a topology that cannot be "
                + "built as asked").contains(invalid.getMessage());
        RuntimeException bound = new IllegalStateException("could not start the Toxiproxy control API",
                new IOException("Failed to bind", new BindException("Address already in use")));
        assertThat(TopologyCommand.Up.usageProblem(bound, 8474)).as("a --port someone listens on")
                .contains("--port: cannot listen on port 8474: Address already in use; choose another, or 0 for a "
                        + "free one");

        assertThat(TopologyCommand.Up.usageProblem(new IllegalStateException(), 8474))
                .as("a failure without a message, from the world itself").isEmpty();
        assertThat(TopologyCommand.Up.usageProblem(new IllegalArgumentException("a server's own check"), 8474))
                .as("an IllegalArgumentException from the world itself").isEmpty();
    }

    @Test
    void aWorldThatDoesNotExistIsAUsageErrorNamingTheTwo() {
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = new CommandLine(new TopologyCommand.Up()).setErr(new java.io.PrintWriter(err))
                .execute("--world", "moon");

        assertThat(exit).as("exit status; stderr %s", err).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--world'").contains("moon")
                .contains("embedded, containers");
    }

    /** A printed {@code drill} command with the file names it makes or reads put into {@code folder}. */
    private static String inFolder(String command, Path folder) {
        return Arrays.stream(command.split(" "))
                .map(arg -> arg.matches("my-key\\.jwks?|[^/]+\\.jws") ? folder.resolve(arg).toString() : arg)
                .collect(Collectors.joining(" "));
    }

    /**
     * The user's file in a folder whose name holds a space ("My Videos"): the printed {@code manifest create} named
     * it unquoted, and pasted, it was two words, neither of them a file. Each printed path is one word for a shell.
     */
    @Test
    void aFileWhosePathHoldsASpaceIsOneWordOfThePrintedCommand() throws Exception {
        Path mine = Files.write(Files.createDirectories(dir.resolve("My Videos")).resolve("clip.bin"),
                new byte[70_000]);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = up.out;
        up.launcher = "drill";
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "--file", mine.toString(), "--providers", "1", "--port", "0"));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> text(printed).contains("Ctrl-C") || exit.isDone());
            String output = text(printed);
            String create = output.lines().filter(line -> line.startsWith("  drill manifest create ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no manifest create line in\n" + output));
            // The words a shell makes of the line, one a line (drill's place taken by printf).
            Process shell = new ProcessBuilder("sh", "-c", "printf '%s\\n' " + create.strip().substring(
                    "drill ".length())).redirectErrorStream(true).start();
            List<String> words = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .toList();
            assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(words).as("the words a shell reads in the printed line%n%s", create)
                    .startsWith("manifest", "create", mine.toString());
        } finally {
            up.stop.countDown();
        }
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    /**
     * {@code topology up --file} started beside the user's file, away from the launcher's folder, printed
     * {@code ./drill ...} commands that are not there to paste: they now name the launcher by its absolute path,
     * and keep {@code ./drill} in its own folder (the README's way).
     */
    @Test
    void thePrintedCommandsCallTheLauncherWhereItIsFromTheFolderUpRunsIn() throws Exception {
        Path home = Files.createDirectories(dir.resolve("outage drill"));
        Path elsewhere = Files.createDirectories(dir.resolve("media"));
        String quoted = "'" + home.resolve("drill") + "'";
        assertThat(TopologyReport.launcher(home.toString(), elsewhere)).as("quoted for its space").isEqualTo(quoted);
        Path plain = Files.createDirectories(dir.resolve("outage-drill"));
        assertThat(TopologyReport.launcher(plain.toString(), elsewhere)).isEqualTo(plain.resolve("drill").toString());
        assertThat(TopologyReport.launcher(home.toString(), home)).isEqualTo("./drill");
        assertThat(TopologyReport.launcher(home.resolve("../outage drill").toString(), home)).isEqualTo("./drill");
        assertThat(TopologyReport.launcher(null, elsewhere)).as("no launcher (a test, an IDE)").isEqualTo("./drill");

        Path mine = Files.write(elsewhere.resolve("clip.bin"), new byte[70_000]);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TopologyCommand.Up up = new TopologyCommand.Up();
        up.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        up.err = up.out;
        up.launcher = TopologyReport.launcher(home.toString(), elsewhere);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(up).execute(
                "--file", mine.toString(), "--providers", "1", "--port", "0"));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> text(printed).contains("Ctrl-C") || exit.isDone());
            String output = text(printed);
            List<String> commands = output.lines()
                    .filter(line -> line.matches(" {2}\\S.*drill'? (get|manifest) .*") && !line.contains("(UDP)"))
                    .toList();
            assertThat(commands).as("the printed drill commands in%n%s", output).hasSize(4)
                    .allSatisfy(line -> assertThat(line).startsWith("  " + quoted + " "));
        } finally {
            up.stop.countDown(); // the world closes even when an assertion failed
        }
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    /** Runs a printed {@code drill} command (without {@code ./drill}) in this JVM, with {@code more} arguments. */
    private static int drill(String command, String... more) {
        List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
        args.addAll(List.of(more));
        return ClientMain.execute(ClientMain.commandLine(), args.toArray(String[]::new));
    }

    static String text(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
