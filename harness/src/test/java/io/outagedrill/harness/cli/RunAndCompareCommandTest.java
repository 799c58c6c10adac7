package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outagedrill.harness.run.ReportSink;
import io.outagedrill.harness.run.RunResult;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code drill list}, {@code run} and {@code compare} as a user types them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
// Started among the first (the module runs its classes at once, longest first): about 30 s, which started last
// would end the module alone.
@Order(1)
class RunAndCompareCommandTest {
    private static final String SCENARIOS = Path.of("..", "scenarios").toString();

    @TempDir
    Path dir;

    private record Result(int exit, String stdout, String stderr) {
        /** Everything printed, stdout then stderr. */
        String out() {
            return stdout + stderr;
        }
    }

    private Result run(Object command, PrintStreamSetter setter, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        setter.set(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute(args);
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8), err.toString());
    }

    @FunctionalInterface
    private interface PrintStreamSetter {
        void set(PrintStream out);
    }

    @Test
    void aMisspeltPolicyOrClientIsRefusedBeforeAnythingRuns() {
        refusedByRun("--policy: no client of expired-manifest takes 'adaptiv'; its clients: reference (sequential, "
                + "parallel, adaptive)", "--policy", "adaptiv");
        refusedByRun("--policy: no client of expired-manifest takes 'tuned'", "--policy", "tuned");
        refusedByRun("--policy: curl has no policies", "--client", "curl", "--policy", "tuned");
        refusedByRun("--client: unknown client 'wget'", "--client", "wget");
        refusedByRun("--clients: expected at least 1 client per group, was 0", "--clients", "0");
        refusedByRun("--scale: expected at least 1 client per group, was 0", "--scale", "0");
        refusedByRun("--clients and --scale are the same option (at most N clients per group): give one",
                "--clients", "2", "--scale", "2");
        refusedByCompare("--policies: unknown policy 'fastest' for reference; expected one of sequential, parallel, "
                + "adaptive", "--policies", "parallel,fastest");
        refusedByCompare("--clients: unknown client 'wget'", "--clients", "reference,wget");
        assertThat(dir).as("no run record for a run refused up front").isEmptyDirectory();
    }

    /**
     * {@code --policies sequential,sequential} played sequential twice: two rows of one name in the table, each marked
     * best, and one group of both runs in the report. Refused up front, naming the one given twice.
     */
    @Test
    void aPolicyOrClientGivenTwiceIsRefusedBeforeAnythingRuns() {
        refusedByCompare("--policies: 'sequential' is given twice; list each once", "--policies",
                "sequential,parallel,sequential");
        refusedByCompare("--clients: 'curl' is given twice; list each once", "--clients", "curl,reference,curl");
        // An empty entry at the end was dropped without a word, where one between two commas is refused.
        refusedByCompare("--clients: 'reference,' ends with a comma: an empty entry (a name left out?)", "--clients",
                "reference,");
        refusedByCompare("--policies: 'adaptive,' ends with a comma", "--policies", "adaptive,");
        assertThat(dir).as("no run record for a run refused up front").isEmptyDirectory();
    }

    /**
     * Policies for no client that takes them were dropped unseen: {@code --clients curl --policies parallel} ran curl
     * once with its own and showed curl/default. (A template, not curl itself, which a machine without curl refuses
     * first.)
     */
    @Test
    void policiesWithNoReferenceClientAreRefusedBeforeAnythingRuns() {
        refusedByCompare("--policies: they are the reference client's, and --clients cmd:sh -c true {output} has no "
                + "reference client", "--clients", "cmd:sh -c true {output}", "--policies", "parallel");
        assertThat(dir).as("no run record for a run refused up front").isEmptyDirectory();
    }

    /**
     * {@code --clients} is a comma-separated list, so a template with a comma in it used to be cut there and its tail
     * refused as "unknown client 'b {urls}'" with nothing to say why; quoted whole, it is one client.
     */
    @Test
    void compareTakesACmdTemplateWithACommaQuotedWholeAndSaysHowWhenItIsCut() {
        refusedByCompare("--clients: unknown client 'b {urls}'; expected one of reference, reference-cli, aria2c, "
                + "curl, cmd:...; if it is the rest of the cmd: template before it, cut at its comma, quote that "
                + "template whole: --clients 'reference,\"cmd:my-dl --x=a,b {urls}\"'",
                "--clients", "reference,cmd:sh --x=a,b {urls}");
        refusedByCompare("--clients: no-such-downloader-4711 is not on PATH",
                "--clients", "reference,\"cmd:no-such-downloader-4711 --x=a,b {urls}\"");
        assertThat(dir).as("no run record for a run refused up front").isEmptyDirectory();
    }

    @Test
    void aScenarioWhoseOwnCmdProgramIsNotThereIsRefusedBeforeAnythingRuns() throws Exception {
        // A user's copy of a scenario with their downloader in it, run from a folder where that path leads nowhere.
        String named = Files.readString(Path.of(SCENARIOS, "expired-manifest.yaml"), StandardCharsets.UTF_8);
        assertThat(named).contains("\nclients:\n  - {count: 3}\n");
        Path scenarios = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(scenarios.resolve("my-expired.yaml"), named.replace("name: expired-manifest",
                "name: my-expired").replace("\nclients:\n  - {count: 3}\n", "\nclients:\n  - {count: 3}\n"
                + "  - {client: \"cmd:./no-such-downloader-4711 -o {output} {urls}\"}\n"));
        Path results = dir.resolve("results");
        RunCommand command = new RunCommand();
        Result result = run(command, out -> command.out = out, "my-expired", "--scenarios", scenarios.toString(),
                "--results", results.toString());
        assertThat(result.exit()).as("exit code; printed:%n%s", result.out()).isEqualTo(2);
        // The file's problem alone: no usage text, which would point at options that cannot fix it.
        assertThat(result.out()).as("what the user is told").isEqualTo("my-expired: clients[1].client: "
                + "./no-such-downloader-4711 is not an executable file" + System.lineSeparator());
        assertThat(results).as("no run, so no results folder").doesNotExist();
    }

    /**
     * {@code drill run} and {@code drill compare} with no scenario printed their hint on stdout, where a script reads
     * results, and without the pointer to --help every other usage error has: now a usage error like the others.
     */
    @Test
    void noScenarioNamedIsAUsageErrorOnStderr() {
        RunCommand run = new RunCommand();
        CompareCommand compare = new CompareCommand();
        Map<String, Result> results = Map.of(
                "run", run(run, out -> run.out = out, "--scenarios", SCENARIOS, "--results", dir.toString()),
                "compare", run(compare, out -> compare.out = out, "--scenarios", SCENARIOS, "--results",
                        dir.toString()));
        results.forEach((name, result) -> {
            assertThat(result.exit()).as("exit code of drill %s with no scenario; printed:%n%s", name, result.out())
                    .isEqualTo(2);
            assertThat(result.stderr()).as("drill %s with no scenario, on stderr", name)
                    .startsWith("name one or more scenarios, or --all; `drill list` shows them");
            assertThat(result.stdout()).as("drill %s with no scenario, on stdout", name).isEmpty();
        });
        assertThat(dir).as("no run record for a run refused up front").isEmptyDirectory();
    }

    /**
     * A results folder that cannot be made played every scenario first and then failed with the file system's
     * exception, saying "the run record(s) above stay in ..." of records never written: now refused before anything
     * starts, naming the folder and why.
     */
    @Test
    void aResultsFolderThatCannotBeWrittenIsRefusedBeforeAnythingRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "kept as it is");
        Path under = file.resolve("results");
        for (boolean compare : new boolean[] {false, true}) {
            Object command = compare ? new CompareCommand() : new RunCommand();
            PrintStreamSetter setter = compare ? out -> ((CompareCommand) command).out = out
                    : out -> ((RunCommand) command).out = out;
            Result result = run(command, setter, "expired-manifest", "--scenarios", SCENARIOS, "--results",
                    under.toString());
            assertThat(result.exit()).as("exit code; printed:%n%s", result.out()).isEqualTo(2);
            assertThat(result.stderr()).as("compare %s", compare).startsWith("--results: cannot make "
                    + under.toAbsolutePath() + ": " + file.toAbsolutePath() + " is a file, not a folder");
            assertThat(result.stdout()).as("nothing played (compare %s)", compare).isEmpty();
        }
        assertThat(file).as("the file in the way").hasContent("kept as it is");
    }

    /**
     * {@code --results ""} (an unset shell variable) resolved to the current folder, and the run strewed its records,
     * reports and history there; a {@code --results} that is a link to a folder that is gone (a disk not mounted)
     * played every scenario and then said its records "stay" there. Both are refused before anything plays.
     */
    @Test
    void anEmptyOrDanglingResultsPathIsRefusedBeforeAnythingRuns() throws Exception {
        Path dangling = Files.createSymbolicLink(dir.resolve("results-link"), dir.resolve("unmounted-disk"));
        Map<String, String> saying = Map.of(
                "", "--results: an empty path; name a folder (. for the current one)",
                dangling.toString(), "--results: " + dangling.toAbsolutePath() + " is a symbolic link to "
                        + dir.resolve("unmounted-disk") + ", which does not exist",
                dangling.resolve("sub").toString(), "--results: cannot make " + dangling.resolve("sub")
                        .toAbsolutePath() + ": " + dangling.toAbsolutePath() + " is a symbolic link to "
                        + dir.resolve("unmounted-disk") + ", which does not exist");
        saying.forEach((results, expected) -> {
            RunCommand run = new RunCommand();
            Result result = run(run, out -> run.out = out, "expired-manifest", "--scenarios", SCENARIOS,
                    "--results", results);
            assertThat(result.exit()).as("exit code for --results '%s'; printed:%n%s", results, result.out())
                    .isEqualTo(2);
            assertThat(result.stderr()).as("--results '%s'", results).startsWith(expected);
            assertThat(result.stdout()).as("nothing played for --results '%s'", results).isEmpty();
        });
        assertThat(dir.resolve("unmounted-disk")).as("nothing made where the link points").doesNotExist();
    }

    /** The same for a folder this user may not write into (not testable as root, who may write anywhere). */
    @Test
    void aReadOnlyResultsFolderIsRefusedBeforeAnythingRuns() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly),
                "this user may write into a folder without write permission (root): the read-only case cannot be "
                        + "made here");
        RunCommand run = new RunCommand();
        Result result = run(run, out -> run.out = out, "expired-manifest", "--scenarios", SCENARIOS, "--results",
                readOnly.toString());
        assertThat(result.exit()).as("exit code; printed:%n%s", result.out()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("--results: " + readOnly.toAbsolutePath() + " is not writable");
        assertThat(readOnly).as("nothing written into the read-only folder").isEmptyDirectory();
    }

    /**
     * A folder whose permission bits say yes but where no file can be made: /proc for root. Passed up front, the
     * scenario played for half a minute, then the run failed writing its record and said the records "stay in" it.
     */
    @Test
    void aFolderWhereNoFileCanBeMadeIsRefusedBeforeAnythingRuns() {
        Path proc = Path.of("/proc");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(proc.resolve("self")) && Files.isWritable(proc),
                "no /proc that says it is writable here (Linux, as root)");
        Path results = proc.resolve("drill-results");
        RunCommand run = new RunCommand();
        Result result = run(run, out -> run.out = out, "expired-manifest", "--scenarios", SCENARIOS, "--results",
                results.toString());
        assertThat(result.exit()).as("exit code; printed:%n%s", result.out()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("--results: cannot make " + results + ": no file can be made in /proc");
    }

    private void refusedByRun(String saying, String... options) {
        RunCommand command = new RunCommand();
        refused(command, out -> command.out = out, saying, options);
    }

    private void refusedByCompare(String saying, String... options) {
        CompareCommand command = new CompareCommand();
        refused(command, out -> command.out = out, saying, options);
    }

    /** {@code expired-manifest} with {@code options}: a usage error (exit 2) whose first words are {@code saying}. */
    private void refused(Object command, PrintStreamSetter setter, String saying, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("expired-manifest", "--scenarios", SCENARIOS,
                "--results", dir.toString()));
        args.addAll(List.of(options));
        Result result = run(command, setter, args.toArray(String[]::new));
        assertThat(result.exit()).as("exit code for %s; printed:%n%s", args, result.out()).isEqualTo(2);
        assertThat(result.out()).as("for %s", args).startsWith(saying);
    }

    @Test
    void runPlaysAScenarioJudgesItsSlosAndWritesARecord() throws Exception {
        RunCommand command = new RunCommand();
        Result result = run(command, out -> command.out = out, "expired-manifest", "--clients", "1",
                "--scenarios", SCENARIOS, "--results", dir.toString());
        assertThat(result.exit()).as(result.out()).isZero();
        assertThat(result.out()).contains("fault frozen on: manifest.expired on every manifest replica")
                .contains("expectRejection")
                .contains("PASSED").containsPattern("expired-manifest\\s+reference/adaptive\\s+PASS");
        try (var files = Files.walk(dir.resolve("expired-manifest"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(1);
        }
    }

    @Test
    void aMetricsPortServesTheClientsAndTheRoutingControllersCountersWhileTheRunLastsAndTheRecordKeepsThem()
            throws Exception {
        // The bundled routing scenario with two clients 4 s apart (not twelve 1 s apart, of which --clients 2 would
        // start the second at 11 s) and its fault cleared at 5 s, not 14 s (demotion takes two failed probes, 500 ms
        // apart): what is scraped and recorded is the same, the run 10 s shorter.
        String routing = Files.readString(Path.of(SCENARIOS, "routing-moves-new-clients.yaml"), StandardCharsets.UTF_8);
        String clients = "  - {count: 12, stagger: 1s}\n";
        String cleared = "  - {at: 14s, note: the CDN recovers, clear: cf-503}\n";
        assertThat(routing).contains(clients).contains(cleared);
        Path scenarios = Files.createDirectories(dir.resolve("short"));
        Files.writeString(scenarios.resolve("routing-moves-new-clients.yaml"), routing
                .replace(clients, "  - {count: 2, stagger: 4s}\n").replace(cleared, cleared.replace("14s", "5s")));
        RunCommand command = new RunCommand();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> new CommandLine(command).execute("routing-moves-new-clients", "--metrics-port", "0",
                        "--scenarios", scenarios.toString(), "--results", dir.resolve("results").toString()));
        Pattern announced = Pattern.compile("metrics: (http://127\\.0\\.0\\.1:\\d+/metrics)");
        String url = await().atMost(Duration.ofSeconds(60))
                .until(() -> {
                    Matcher m = announced.matcher(bytes.toString(StandardCharsets.UTF_8));
                    return m.find() ? m.group(1) : null;
                }, Objects::nonNull);
        HttpClient http = HttpClient.newHttpClient();
        // While the scenario plays: verified bytes are counted as the clients go.
        String scrape = await().atMost(Duration.ofSeconds(60))
                .until(() -> exit.isDone() ? "ended before a scrape saw bytes" : http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()).body(),
                        body -> body.contains("outagedrill_client_verified_bytes_total{") || body.startsWith("ended"));
        assertThat(scrape).as("a scrape during the run").contains("outagedrill_client_requests_total{mirror=");

        // A run that played to its end: 0 or 1. Whether it met its timing SLOs while the other test classes load the
        // machine is ScenarioSuiteIT's question (it replays a miss alone); this test's is the metrics. It once saw
        // resignedWithin 6.66 s against 6 s here, from a probe that waited under load.
        assertThat(exit.get(120, TimeUnit.SECONDS)).as(bytes.toString(StandardCharsets.UTF_8)).isIn(0, 1);
        try (var files = Files.walk(dir.resolve("results/routing-moves-new-clients"))) {
            Path record = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
            // The scenario's routing controller probes every mirror and demotes the failed provider: its meters
            // share the run's registry with the clients'.
            assertThat(Files.readString(record)).contains("\"metrics\"")
                    .contains("outagedrill.client.requests{mirror=")
                    .contains("outagedrill.routing.probes{file=video.mp4,")
                    .contains("outagedrill.routing.demotions{file=video.mp4,");
        }
    }

    @Test
    void anUnknownScenarioIsNamedWithWhereItWasLookedFor() {
        RunCommand command = new RunCommand();
        Result result = run(command, out -> command.out = out, "no-such-outage", "--scenarios", SCENARIOS);
        assertThat(result.exit()).isNotZero();
        assertThat(result.out()).contains(Path.of(SCENARIOS, "no-such-outage.yaml")
                + ": no scenario 'no-such-outage' here").contains("drill list");
    }

    /**
     * A downloader that is there but cannot be started (its #! line names a folder, which the kernel will not run)
     * used to leave a row of zeros and exit 0, with the reason in the run's notes, which compare does not print.
     */
    @Test
    void compareNamesADownloaderThatCouldNotRunAndExits1() throws Exception {
        Path program = dir.resolve("dl.py");
        Files.writeString(program, "#!" + dir + "\n");
        assertThat(program.toFile().setExecutable(true)).as("chmod +x %s", program).isTrue();
        Path results = dir.resolve("results");
        CompareCommand command = new CompareCommand();

        Result result = run(command, out -> command.out = out, "expired-manifest", "--scale", "1", "--clients",
                "cmd:" + program + " {urls}", "--scenarios", SCENARIOS, "--results", results.toString());

        assertThat(result.exit()).as("exit code; printed:%n%s", result.out()).isEqualTo(1);
        assertThat(result.out()).as("what drill compare printed").contains("runs that could not be played:")
                .contains("expired-manifest cmd:" + program + " {urls}/default: a client could not run: Cannot run "
                        + "program \"" + program + "\"")
                .contains("1 run(s) could not be played");
    }

    /**
     * With {@code --repeat}, each run that could not be played is listed with its round: the table's row pools only
     * the rounds that ran, and two lines alike would not say which rounds those were.
     */
    @Test
    void compareRepeatNamesTheRoundOfEachRunThatCouldNotRun() throws Exception {
        Path program = dir.resolve("dl.py");
        Files.writeString(program, "#!" + dir + "\n");
        assertThat(program.toFile().setExecutable(true)).as("chmod +x %s", program).isTrue();
        CompareCommand command = new CompareCommand();

        Result result = run(command, out -> command.out = out, "expired-manifest", "--scale", "1", "--clients",
                "cmd:" + program + " {urls}", "--repeat", "2", "--scenarios", SCENARIOS, "--results",
                dir.resolve("results").toString());

        assertThat(result.exit()).as("exit code; printed:%n%s", result.out()).isEqualTo(1);
        String label = "expired-manifest cmd:" + program + " {urls}/default";
        assertThat(result.out()).as("what drill compare printed")
                .contains(label + " (round 1 of 2): a client could not run: Cannot run program")
                .contains(label + " (round 2 of 2): a client could not run: Cannot run program")
                .contains("2 run(s) could not be played");
    }

    @Test
    void compareRunsEachPolicyOnTheSameSeedAndMarksTheBest() {
        CompareCommand command = new CompareCommand();
        Result result = run(command, out -> command.out = out, "expired-manifest", "--policies",
                "sequential,default,adaptive", "--scale", "1", "--seed", "5", "--scenarios", SCENARIOS, "--results",
                dir.toString());
        assertThat(result.exit()).as(result.out()).isZero();
        assertThat(result.out()).contains("expired-manifest (seed 5)").contains(" *");
        assertThat(result.out().lines().filter(l -> l.strip().startsWith("running")).toList())
                .as("default keeps the scenario's own policy, none here: the client's adaptive, named so and played "
                        + "once; output:%n%s", result.out())
                .containsExactly("  running reference/sequential...", "  running reference/adaptive...");
        assertThat(result.out().lines().filter(l -> l.startsWith("  reference/")).map(l -> l.split(" +")[1]))
                .as("the table's rows; output:%n%s", result.out())
                .containsExactly("reference/sequential", "reference/adaptive");
    }

    /**
     * {@code --repeat 2}: the policy played twice, and one row pooling both rounds: twice the scenario's SLOs. A count
     * of rounds outside 1 to 20 is refused before anything runs. (The rounds' order: {@code CompareTableTest}.)
     */
    @Test
    void compareRepeatPlaysRoundsAndPoolsThemInOneRow() throws Exception {
        int slos = io.outagedrill.harness.scenario.ScenarioLoader.load(Path.of(SCENARIOS, "expired-manifest.yaml"))
                .slos().size();
        CompareCommand command = new CompareCommand();
        Result result = run(command, out -> command.out = out, "expired-manifest", "--policies", "adaptive",
                "--repeat", "2", "--scale", "1", "--seed", "5", "--scenarios", SCENARIOS, "--results", dir.toString());

        assertThat(result.exit()).as(result.out()).isZero();
        assertThat(result.out().lines().filter(l -> l.strip().startsWith("running")).toList())
                .as("the runs, in order; output:%n%s", result.out()).containsExactly(
                        "  running reference/adaptive (round 1 of 2)...",
                        "  running reference/adaptive (round 2 of 2)...");
        assertThat(result.out().lines().filter(l -> l.startsWith("  reference/")).toList())
                .as("one row; output:%n%s", result.out()).singleElement()
                .satisfies(row -> assertThat(row).contains(" of " + 2 * slos));
        assertThat(result.out()).contains("expired-manifest (seed 5, 2 rounds)");

        for (String count : List.of("0", "21")) {
            refusedByCompare("--repeat: expected a number of rounds from 1 to 20, saw " + count, "--repeat", count);
        }
    }

    /**
     * A scenario's group written for the reference client ({@code policy: sequential}) played by a {@code cmd:}
     * downloader: the run is labelled with no policy of the reference client's, which the downloader never ran.
     */
    @Test
    void aCmdClientInAGroupsPlaceIsNotLabelledWithTheGroupsPolicy() throws Exception {
        RunCommand command = new RunCommand();
        String template = "cmd:sh -c 'exit 3' {output}";
        Result ran = run(command, out -> command.out = out, "status-page-warns-first", "--client", template,
                "--clients", "1", "--seed", "5", "--scenarios", SCENARIOS, "--results", dir.toString());

        assertThat(ran.out()).as("what drill run printed").doesNotContain("sequential");
        try (var records = Files.list(dir.resolve("status-page-warns-first"))) {
            assertThat(records.map(p -> p.getFileName().toString())).as("the run's record file")
                    .singleElement().satisfies(name -> assertThat(name).contains("-default-seed5-")
                            .doesNotContain("sequential"));
        }
    }

    /**
     * The table of {@code drill compare expired-manifest} with the reference client and a {@code cmd:} template that
     * exits 3 and reports nothing: its header, then the reference client's row, then the template's.
     */
    private List<String> compareReferenceWithASilentTemplate() {
        CompareCommand command = new CompareCommand();
        String template = "cmd:sh -c 'exit 3' silent {output} {urls}";
        Result result = run(command, out -> command.out = out, "expired-manifest", "--clients",
                "reference," + template, "--policies", "sequential", "--scale", "1", "--seed", "5", "--scenarios",
                SCENARIOS, "--results", dir.toString());
        List<String> table = result.out().lines().dropWhile(line -> !line.contains("client/policy"))
                .takeWhile(line -> line.startsWith("  ")).toList();
        assertThat(table).as("printed:%n%s", result.out()).hasSize(3);
        return table;
    }

    /** A cmd: template's label is longer than the built-in clients': the table's columns still line up. */
    @Test
    void compareKeepsItsColumnsAlignedForALongCommandTemplateLabel() {
        CompareCommand command = new CompareCommand();
        String template = "cmd:sh -c 'exit 3' my-very-own-downloader {output} {urls}";
        Result result = run(command, out -> command.out = out, "expired-manifest", "--clients",
                "reference," + template, "--scale", "1", "--seed", "5", "--scenarios", SCENARIOS, "--results",
                dir.toString());

        List<String> table = result.out().lines().dropWhile(line -> !line.contains("client/policy"))
                .takeWhile(line -> line.startsWith("  ")).toList();
        assertThat(table).as("the header, three policies and the template; printed:%n%s", result.out()).hasSize(5);
        assertThat(table.getLast()).contains(template + "/default");
        assertThat(table).as("every line of the table as wide as its header")
                .allSatisfy(line -> assertThat(line).hasSize(table.getFirst().length()));
    }

    /** The table drill run ends with: the same "-" for a figure the client does not report. */
    @Test
    void runsTableShowsAFigureTheClientDoesNotReportAsADash() {
        RunCommand command = new RunCommand();
        Result result = run(command, out -> command.out = out, "expired-manifest", "--client",
                "cmd:sh -c 'exit 3' silent {output} {urls}", "--clients", "1", "--scenarios", SCENARIOS,
                "--results", dir.toString());

        assertThat(result.out()).as("printed").containsPattern(
                "(?m)^expired-manifest\\s+cmd:sh -c [^\\n]*?FAIL\\s+-\\s+-\\s+-\\s+-\\s+-\\s+\\d+ of \\d+$");
    }

    /**
     * A downloader that reports no mirror switches and no wasted bytes (a cmd: program that prints no event lines)
     * was shown with 0.0 failovers and 0.0% wasted, marked best beside clients that measured theirs.
     */
    @Test
    void compareShowsAFigureTheClientDoesNotReportAsADashNotAsTheBestZero() {
        List<String> table = compareReferenceWithASilentTemplate();
        List<String> silent = List.of(table.getLast().substring(table.getFirst().indexOf("SLOs met") - 5).trim()
                .split("\\s+"));
        assertThat(silent).as("the template's SLOs met, completed %%, p50, p99, failovers/dl, wasted %%: %s",
                table.getLast()).endsWith("-", "-");
        // A figure, not "-"; not marked, since in this attack scenario no download completes (refusing is right).
        assertThat(List.of(table.get(1).substring(table.getFirst().indexOf("SLOs met") - 5).trim().split("\\s+")))
                .as("the reference client's columns, which reports its switches: %s", table.get(1))
                .endsWith("0.0", "-");
    }

    /**
     * "SLOs met" showed a count alone ("2 *" beside "1"), which does not say whether 2 is all of the scenario's SLOs
     * or a third of them: it reads "N of M", as the table drill run ends with does.
     */
    @Test
    void compareShowsTheSlosMetOutOfTheRunsSlos() throws Exception {
        int slos = io.outagedrill.harness.scenario.ScenarioLoader.load(Path.of(SCENARIOS, "expired-manifest.yaml"))
                .slos().size();

        // The template meets corruptFilesAccepted (it leaves no file) but not expectRejection (it says no reason).
        List<String> table = compareReferenceWithASilentTemplate();
        int column = table.getFirst().indexOf("SLOs met") + "SLOs met".length();
        List<String> met = table.stream().skip(1).map(line -> line.substring(column - 13, column + 2).strip()).toList();
        assertThat(met).as("the SLOs met column of%n%s", String.join("\n", table))
                .containsExactly("%d of %d *".formatted(slos, slos), "%d of %d".formatted(slos - 1, slos));
    }

    /**
     * A run whose record cannot be written (its folder is taken by a file) fails that scenario only: the next one
     * plays, the summary lists both, and the drill is recorded with the record that was written.
     */
    @Test
    void aScenarioThatCannotBePlayedIsNamedAndTheDrillGoesOnAndIsRecorded() throws Exception {
        Files.writeString(dir.resolve("expired-manifest"), "a file where the scenario's records go");
        List<List<RunResult>> recorded = new CopyOnWriteArrayList<>();
        ReportSink sink = (kind, runs, results, note) -> {
            recorded.add(List.copyOf(runs));
            return results.resolve("index.html");
        };

        RunCommand run = new RunCommand(sink);
        Result ran = run(run, out -> run.out = out, "expired-manifest", "tampered-manifest", "--clients", "1",
                "--scenarios", SCENARIOS, "--results", dir.toString());

        assertThat(ran.exit()).as("exit code; printed:%n%s", ran.out()).isEqualTo(1);
        assertThat(ran.out()).as("what drill run printed")
                .contains("FAILED: could not play expired-manifest: ")
                .containsPattern("expired-manifest\\s+reference/adaptive\\s+ERROR\\s+\\S+expired-manifest "
                        + "\\(FileAlreadyExistsException\\)")
                .containsPattern("tampered-manifest\\s+reference/adaptive\\s+PASS")
                .contains("1 scenario(s) could not be played")
                .doesNotContain("\tat io.outagedrill");
        assertThat(recorded).as("drills recorded; printed:%n%s", ran.out()).singleElement()
                .satisfies(runs -> assertThat(runs).extracting(RunResult::scenario)
                        .containsExactly("tampered-manifest"));

        recorded.clear();
        CompareCommand compare = new CompareCommand(sink);
        Result compared = run(compare, out -> compare.out = out, "expired-manifest", "tampered-manifest",
                "--policies", "sequential", "--scale", "1", "--seed", "5", "--scenarios", SCENARIOS, "--results",
                dir.toString());

        assertThat(compared.exit()).as("exit code; printed:%n%s", compared.out()).isEqualTo(1);
        assertThat(compared.out()).as("what drill compare printed")
                .contains("FAILED: could not play reference/sequential: ")
                .contains("runs that could not be played:\n  expired-manifest reference/sequential: ")
                .contains("tampered-manifest (seed 5)").contains("1 run(s) could not be played");
        assertThat(recorded).as("drills recorded; printed:%n%s", compared.out()).singleElement()
                .satisfies(runs -> assertThat(runs).extracting(RunResult::scenario)
                        .containsExactly("tampered-manifest"));
    }

    /**
     * When the history cannot take the drill (its runs.json is cut short, say), drill run says why and that the
     * records stay unlisted, and does not point at the folder's index.html, which does not list this drill.
     */
    @Test
    void aDrillTheHistoryCannotTakeIsNotPointedAtInTheIndex() throws Exception {
        Files.writeString(dir.resolve("index.html"), "the earlier drills");
        ReportSink sink = (kind, runs, results, note) -> {
            throw new java.io.IOException(results.resolve("runs.json") + ":3:1: not the list of runs");
        };

        RunCommand run = new RunCommand(sink);
        Result ran = run(run, out -> run.out = out, "tampered-manifest", "--clients", "1", "--scenarios", SCENARIOS,
                "--results", dir.toString());

        assertThat(ran.exit()).as("exit code, the SLOs' verdict; printed:%n%s", ran.out()).isZero();
        assertThat(ran.stderr()).as("what drill run said on stderr")
                .contains("could not write the report: " + dir.resolve("runs.json") + ":3:1: not the list of runs")
                .contains("the run record(s) above stay in " + dir.toAbsolutePath()
                        + ", but no drill in its history lists them");
        assertThat(ran.stdout()).as("what drill run printed on stdout, the results alone")
                .doesNotContain("could not write the report").doesNotContain("all runs:")
                .contains("results: " + dir.toAbsolutePath());
        try (var records = Files.list(dir.resolve("tampered-manifest"))) {
            assertThat(records).as("the run's record is kept").hasSize(1);
        }
    }

    @Test
    void anUnknownWorldIsRefusedNamingTheOnesThereAre() {
        for (Object command : List.of(new RunCommand(), new CompareCommand())) {
            Result result = run(command, out -> { }, "expired-manifest", "--world", "cloud",
                    "--scenarios", SCENARIOS, "--results", dir.toString());
            assertThat(result.exit()).as(result.out()).isEqualTo(2);
            assertThat(result.out()).contains("Invalid value for option '--world'").contains("cloud")
                    .contains("embedded, containers");
        }
    }

    @Test
    void listShowsEveryScenarioWithItsTags() {
        ListCommand command = new ListCommand();
        Result result = run(command, out -> command.out = out, "--scenarios", SCENARIOS);
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("cloudflare-2025-11-18").contains("real-incident").contains("scenarios");
    }

    /** One broken file in the folder made drill list print nothing but its problem. */
    @Test
    void listShowsTheScenariosThatLoadAndFailsNamingTheBrokenFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("scenarios"));
        for (String name : List.of("expired-manifest", "wrong-file")) {
            Files.copy(Path.of(SCENARIOS, name + ".yaml"), folder.resolve(name + ".yaml"));
        }
        Files.writeString(folder.resolve("broken.yaml"), Files.readString(Path.of(SCENARIOS, "wrong-file.yaml"))
                .replace("name: wrong-file", "name: broken").replace("corruptFilesAccepted", "corruptFilesAcepted"));

        ListCommand command = new ListCommand();
        Result result = run(command, out -> command.out = out, "--scenarios", folder.toString());

        assertThat(result.exit()).as(result.out()).isNotZero();
        assertThat(result.out()).contains("expired-manifest ").contains("wrong-file ").contains("2 scenarios")
                .contains(folder.resolve("broken.yaml") + ":").contains("corruptFilesAcepted");
    }

    @Test
    void listCountsOneScenarioInTheSingular() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("one"));
        Files.copy(Path.of(SCENARIOS, "wrong-file.yaml"), folder.resolve("wrong-file.yaml"));

        ListCommand command = new ListCommand();
        Result result = run(command, out -> command.out = out, "--scenarios", folder.toString());

        assertThat(result.exit()).as(result.out()).isZero();
        assertThat(result.out().lines().toList()).as("drill list's lines").last().isEqualTo("1 scenario");
    }
}
