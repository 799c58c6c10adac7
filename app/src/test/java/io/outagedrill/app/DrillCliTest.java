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
                "demo", "topology", "toxiproxy", "get", "manifest", "cache", "report", "bench", "bench-fleet", "help");
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
}
