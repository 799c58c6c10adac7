package io.outagedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The assembled {@code drill}: every module's commands under one root, found without any class-path lookup. */
class DrillCliTest {

    @Test
    void everyModulesCommandsAreThere() {
        assertThat(DrillCli.commandLine().getSubcommands().keySet()).containsExactly("list", "run", "compare",
                "demo", "topology", "toxiproxy", "get", "manifest", "cache", "route", "report", "bench", "bench-fleet",
                "help");
    }

    /** {@code drill} alone names the commands there are, as {@code drill manifest} alone names its own. */
    @Test
    void noCommandIsAUsageErrorNamingEveryCommand() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DrillCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute();
        assertThat(exit).as("exit code of drill alone; it printed: %s%s", out, err).isEqualTo(2);
        assertThat(err.toString()).as("drill alone, on stderr")
                .startsWith("expected a command: list, run, compare, demo, topology, toxiproxy, get, manifest, cache,"
                        + " route, report, bench, bench-fleet, help")
                .contains("Try 'drill --help'");
        assertThat(out.toString()).as("drill alone, on stdout").isEmpty();
    }

    /** Every usage error ends "Try 'drill ... --help'", so each command, however deep, must answer --help. */
    @Test
    void everyCommandAnswersHelp() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        commandPaths(DrillCli.commandLine(), new java.util.ArrayList<>(), paths);
        assertThat(paths).as("commands found").hasSizeGreaterThan(20);
        for (java.util.List<String> path : paths) {
            for (String flag : java.util.List.of("--help", "-h")) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                java.util.List<String> args = new java.util.ArrayList<>(path);
                args.add(flag);
                int exit = DrillCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                        .execute(args.toArray(String[]::new));
                assertThat(exit).as("exit code of drill %s; it printed: %s", String.join(" ", args), err).isZero();
                assertThat(out.toString()).as("drill %s", String.join(" ", args))
                        .startsWith("Usage: drill " + String.join(" ", path));
            }
        }
    }

    /** Each command lists {@code -V, --version}; each prints a version for it (they printed an empty line). */
    @Test
    void everyCommandThatListsVersionPrintsOne() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        commandPaths(DrillCli.commandLine(), new java.util.ArrayList<>(), paths);
        int asked = 0;
        for (java.util.List<String> path : paths) {
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("-V");
            String[] given = args.toArray(String[]::new);
            CommandLine tree = DrillCli.commandLine(given); // as main builds it: the client's commands in their own tree
            CommandLine command = tree;
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            if (command.getCommandSpec().findOption("-V") == null) {
                continue; // manifest create: its --version is the manifest's
            }
            asked++;
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = tree.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(given);
            assertThat(exit).as("exit code of drill %s; it printed: %s", String.join(" ", args), err).isZero();
            assertThat(out.toString()).as("drill %s", String.join(" ", args)).startsWith("Outage Drill ")
                    .endsWith(" 0.1" + System.lineSeparator());
        }
        assertThat(asked).as("commands asked for their version").isGreaterThan(20);
    }

    private static void commandPaths(CommandLine command, java.util.List<String> path,
                                     java.util.List<java.util.List<String>> into) {
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || !sub.getCommandName().equals(name)) {
                return; // picocli's help command; an alias of a command already walked
            }
            java.util.List<String> subPath = new java.util.ArrayList<>(path);
            subPath.add(name);
            into.add(subPath);
            commandPaths(sub, subPath, into);
        });
    }

    /** A folder option given a file is named at once (exit 2), not after a scenario played or a report was built. */
    @Test
    void aFolderOptionGivenAFileIsAUsageErrorBeforeAnythingRuns(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "kept as it is");
        String[][] cases = {
            {"run", "demo", "--results", file.toString()},
            {"compare", "demo", "--results", file.toString()},
            {"demo", "--keep", file.toString()},
            {"report", "--out", file.toString()},
            {"report", "--results", file.toString()},
            {"bench", "--quick", "--out", file.toString()},
            {"bench-fleet", "--out", file.toString()},
            {"cache", "list", "--cache", file.toString()},
            {"get", "--cache", file.toString(), "manifest.jws"},
        };
        for (String[] args : cases) {
            StringWriter err = new StringWriter();
            int exit = DrillCli.commandLine().setErr(new PrintWriter(err)).execute(args);
            assertThat(exit).as("exit code of drill %s; it printed: %s", String.join(" ", args), err).isEqualTo(2);
            assertThat(err.toString()).as("drill %s", String.join(" ", args))
                    .contains(file + " is a file, not a folder");
        }
        assertThat(file).as("the file given as a folder").hasContent("kept as it is");
    }

    /** A port out of range is refused as the command line is read; a taken one is named in one line, exit 2. */
    @Test
    void aBadOrTakenPortIsTheUsersInput() throws IOException {
        StringWriter err = new StringWriter();
        int exit = DrillCli.commandLine().setErr(new PrintWriter(err)).execute("run", "demo", "--metrics-port",
                "99999");
        assertThat(exit).as("exit code for --metrics-port 99999; it printed: %s", err).isEqualTo(2);
        assertThat(err.toString()).contains("expected a port from 0 to 65535 (0 picks a free one), saw '99999'");

        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            StringWriter said = new StringWriter();
            int code = DrillCli.commandLine().setErr(new PrintWriter(said)).execute("run", "demo", "--scenarios",
                    Path.of("..", "scenarios").toString(), "--metrics-port", Integer.toString(taken.getLocalPort()));
            assertThat(code).as("exit code for a taken port; it printed: %s", said).isEqualTo(2);
            assertThat(said.toString()).startsWith("--metrics-port: cannot listen on port " + taken.getLocalPort())
                    .contains("choose another, or 0 for a free one").doesNotContain("\tat ");
        }
    }

    @Test
    void allBesideNamesIsRefusedRatherThanDroppingTheNames() {
        for (String command : java.util.List.of("run", "compare")) {
            StringWriter err = new StringWriter();
            int exit = DrillCli.commandLine().setErr(new PrintWriter(err)).execute(command, "--all", "demo");
            assertThat(exit).as("exit code of drill %s --all demo; it printed: %s", command, err).isEqualTo(2);
            assertThat(err.toString()).startsWith("--all plays every scenario; name scenarios or give --all, not "
                    + "both (saw demo)");
        }
    }

    @Test
    void theDrillCommandListsTopologyUp() {
        CommandLine drill = DrillCli.commandLine();
        assertThat(drill.getSubcommands().get("topology").getSubcommands()).containsKey("up");
    }

    @Test
    void aBadScenarioFileIsTheUsersInputNotACrash(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("typo.yaml"), """
                nme: typo
                description: a misspelt field
                seed: 1
                topology:
                  providers: [{name: cdn, kind: cdn-edge}]
                  files: [{name: f.bin, size: 1MiB}]
                clients: [{count: 1}]
                timeline: []
                slos: [{corruptFilesAccepted: 0}]
                """);
        StringWriter err = new StringWriter();

        int exit = DrillCli.commandLine().setErr(new PrintWriter(err)).execute("run", bad.toString(), "--results",
                dir.resolve("results").toString());

        assertThat(exit).as("exit code for a bad scenario file").isEqualTo(2);
        assertThat(err.toString()).as("what the user reads").isEqualTo(bad + ":1:1: nme: unknown field \"nme\" "
                + "(did you mean \"name\"?); valid fields here: clients, clock, compress, description, name, routing, "
                + "seed, slos, source, tags, timeline, topology\n" + bad + ":1:1: missing required field \"name\"\n");
        assertThat(dir.resolve("results")).as("nothing written for a run that never started").doesNotExist();
    }

    /**
     * A scenario whose own client cannot run here is the file's problem, said alone as a bad file's are: it used to
     * end with "Try 'drill run --help' for the options.", which points at options that cannot fix the file. A wrong
     * flag keeps that pointer.
     */
    @Test
    void aScenarioWhoseOwnClientCannotRunIsSaidWithoutTheUsagePointerAWrongFlagKeeps(@TempDir Path dir)
            throws Exception {
        Path mine = Files.writeString(dir.resolve("mine.yaml"), """
                name: mine
                description: a user's downloader, named by a path that leads nowhere here
                seed: 1
                topology:
                  providers: [{name: cdn, kind: cdn-edge}]
                  files: [{name: f.bin, size: 1MiB}]
                clients: [{count: 1, client: "cmd:./no-such-downloader-4711 -o {output} {urls}"}]
                timeline: []
                slos: [{corruptFilesAccepted: 0}]
                """);
        String results = dir.resolve("results").toString();

        assertThat(usageError("run", mine.toString(), "--results", results)).as("the file's problem")
                .isEqualTo("mine: clients[0].client: ./no-such-downloader-4711 is not an executable file\n");
        assertThat(usageError("run", mine.toString(), "--results", results, "--client", "wget")).as("a wrong flag")
                .isEqualTo("--client: unknown client 'wget'; expected one of reference, reference-cli, aria2c, curl, "
                        + "cmd:...\nTry 'drill run --help' for the options.\n");
        assertThat(dir.resolve("results")).as("nothing written for a run that never started").doesNotExist();
    }

    @Test
    void anUnknownScenarioOrFolderIsNamedInOneLineWithoutAStackTrace(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("no-such-folder");
        Path bad = Files.writeString(dir.resolve("a-file-not-a-folder"), "");
        // A --scenarios naming the wrong folder: --all played nothing, printed an empty table and exited 0.
        Path none = Files.createDirectory(dir.resolve("no-scenario-here"));
        Files.writeString(none.resolve("notes.txt"), "not a scenario");
        String results = dir.resolve("results").toString();
        String[][] cases = {
            {"run", "no-such-outage", "--scenarios", dir.toString()},
            {"run", missing.resolve("mine.yaml").toString()},
            {"compare", "--all", "--scenarios", missing.toString()},
            {"run", "--all", "--scenarios", bad.toString()},
            {"run", "--all", "--scenarios", none.toString(), "--results", results},
            {"compare", "--all", "--scenarios", none.toString(), "--results", results},
        };
        String[] expected = {
            dir.resolve("no-such-outage.yaml") + ": no scenario 'no-such-outage' here; `drill list` shows them\n",
            missing.resolve("mine.yaml") + ": no such scenario file\n",
            missing + ": no such folder of scenarios\n",
            bad + ": not a folder (a folder of scenario files was expected)\n",
            none + ": no scenario file (NAME.yaml or NAME.yml) in this folder; --all plays those it holds\n",
            none + ": no scenario file (NAME.yaml or NAME.yml) in this folder; --all plays those it holds\n",
        };
        for (int i = 0; i < cases.length; i++) {
            StringWriter err = new StringWriter();
            int exit = DrillCli.commandLine().setErr(new PrintWriter(err)).execute(cases[i]);
            assertThat(exit).as("exit code of drill %s", String.join(" ", cases[i])).isEqualTo(2);
            assertThat(err.toString()).as("what drill %s printed", String.join(" ", cases[i])).isEqualTo(expected[i]);
        }
        assertThat(dir.resolve("results")).as("nothing written for a drill refused up front").doesNotExist();
    }

    /**
     * A wrong flag gets a few lines: the error, picocli's guess at what was meant, and where the options are. Not
     * the command's whole help, which for run or get is long enough to scroll the error out of sight.
     */
    @Test
    void aMistypedFlagIsNamedWithSimilarOnesAndAPointerToTheHelpNotTheWholeHelp() {
        assertThat(usageError("run", "--seeed", "1", "demo")).isEqualTo("""
                Unknown option: '--seeed'
                Possible solutions: --seed
                Try 'drill run --help' for the options.
                """);
        assertThat(usageError("get", "--stall-timout", "2s", "m.jws")).isEqualTo("""
                Unknown option: '--stall-timout'
                Possible solutions: --stall-timeout, --status-feeds, --status-feed-timeout
                Try 'drill get --help' for the options.
                """);
        assertThat(usageError("topology")).as("a command that needs a subcommand").isEqualTo("""
                expected a command: up
                Try 'drill topology --help' for the options.
                """);
    }

    /**
     * An unknown command is named with the commands there are; a command is suggested only when the word is likely
     * a typo of it (picocli alone offered "drill topology" for "drill bogus").
     */
    @Test
    void anUnknownCommandListsTheCommandsAndSuggestsOnlyACloseOne() {
        String commands = "list, run, compare, demo, topology, toxiproxy, get, manifest, cache, route, report, bench, "
                + "bench-fleet, help";
        assertThat(usageError("bogus")).isEqualTo("""
                Unknown command 'bogus'. The commands: %s.
                Try 'drill --help' for what each does.
                """.formatted(commands));
        assertThat(usageError("runn", "demo")).isEqualTo("""
                Unknown command 'runn'. The commands: %s.
                Did you mean: drill run?
                Try 'drill --help' for what each does.
                """.formatted(commands));
        assertThat(usageError("topology", "dwn")).as("below the top").isEqualTo("""
                Unknown command 'dwn'. The commands: up, help.
                Try 'drill topology --help' for what each does.
                """);
        assertThat(usageError("bench", "--quick", "stray")).as("a stray word after a command's own options")
                .startsWith("Unmatched argument at index 2: 'stray'\n");
    }

    /**
     * picocli skips its check of stray words once --help is given: {@code drill manifest inspect --help} printed
     * manifest's help and exited 0, as though inspect were a command of it.
     */
    @Test
    void anUnknownCommandWithHelpIsTheSameUsageErrorAsWithout() {
        String manifestCommands = "keygen, create, sign, renew, verify, forget, help";
        String[][] asked = {{"manifest", "inspect", "--help"}, {"manifest", "--help", "inspect"},
            {"manifest", "-h", "inspect"}, {"manifest", "inspect", "--version"}};
        for (String[] args : asked) {
            assertThat(usageError(args)).as("drill %s", String.join(" ", args)).isEqualTo("""
                    Unknown command 'inspect'. The commands: %s.
                    Try 'drill manifest --help' for what each does.
                    """.formatted(manifestCommands));
        }
        assertThat(usageError("manifest", "creat", "--help")).as("a typo, with help").isEqualTo("""
                Unknown command 'creat'. The commands: %s.
                Did you mean: drill manifest create?
                Try 'drill manifest --help' for what each does.
                """.formatted(manifestCommands));
        assertThat(usageError("bogus", "--help")).as("at the top").startsWith("Unknown command 'bogus'. ");
        StringWriter out = new StringWriter();
        assertThat(DrillCli.commandLine().setOut(new PrintWriter(out)).execute("manifest", "create", "--help"))
                .as("a known command's help").isZero();
        assertThat(out.toString()).startsWith("Usage: drill manifest create ");
    }

    /** What {@code drill ARGS} prints on standard error, given that it exits 2 and prints nothing else. */
    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int exit = DrillCli.commandLine(args).setErr(new PrintWriter(err)).setOut(new PrintWriter(out)).execute(args);
        assertThat(exit).as("exit code of drill %s", String.join(" ", args)).isEqualTo(2);
        assertThat(out.toString()).as("standard output of drill %s", String.join(" ", args)).isEmpty();
        return err.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void helpNamesTheReportsModulesCommands() {
        StringWriter out = new StringWriter();
        int exit = DrillCli.commandLine().setOut(new PrintWriter(out)).execute("help");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("report").contains("bench").contains("demo");
    }

    @Test
    void theClientsCommandsRunFromTheClientsOwnTreeWithTheSameOptions() {
        for (String name : DrillCli.CLIENT_COMMANDS) {
            CommandLine alone = DrillCli.commandLine(new String[] {name, "--help"});
            assertThat(alone.getSubcommands().keySet()).as("the tree for 'drill %s'", name)
                    .doesNotContain("run", "bench", "report").contains(name);
            assertThat(alone.getSubcommands().get(name).getUsageMessage())
                    .as("'drill %s --help' from the client's tree and from the full tree", name)
                    .isEqualTo(DrillCli.commandLine().getSubcommands().get(name).getUsageMessage());
        }
        assertThat(DrillCli.commandLine().getSubcommands().get("get").getCommandSpec().findOption("connections"))
                .as("drill get --connections (a transfer option GetCommand adds from TransferOptions)")
                .isNotNull();
        assertThat(DrillCli.commandLine(new String[] {"run"}).getSubcommands()).containsKey("bench");
        assertThat(DrillCli.commandLine(new String[0]).getSubcommands()).containsKey("bench");
    }
}
