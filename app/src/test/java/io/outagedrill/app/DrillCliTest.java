package io.outagedrill.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The assembled {@code drill}: every module's commands under one root, found without any class-path lookup. */
class DrillCliTest {

    @Test
    void everyModulesCommandsAreThere() {
        assertThat(DrillCli.commandLine().getSubcommands().keySet()).containsExactly("list", "run", "compare",
                "demo", "topology", "toxiproxy", "get", "manifest", "cache", "route", "report", "bench", "bench-fleet",
                "help");
    }

    @Test
    void theDrillCommandListsTopologyUp() {
        CommandLine drill = DrillCli.commandLine();
        assertThat(drill.getSubcommands().get("topology").getSubcommands()).containsKey("up");
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
                .as("drill get --connections (a transfer option added by GetCommand's model transformer)")
                .isNotNull();
        assertThat(DrillCli.commandLine(new String[] {"run"}).getSubcommands()).containsKey("bench");
        assertThat(DrillCli.commandLine(new String[0]).getSubcommands()).containsKey("bench");
    }
}
