package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.sut.SystemsUnderTest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help of drill run and drill compare names every placeholder a cmd: template takes: a user writing a template
 * from the help alone had to find them in the README.
 */
class TemplateHelpTest {
    /** The placeholders as the template check names them when it refuses an unknown one. */
    private static List<String> placeholders() {
        String problem = SystemsUnderTest.clientProblem("cmd:dl {nope}").orElseThrow();
        Matcher list = Pattern.compile("the placeholders are (.*)$").matcher(problem);
        assertThat(list.find()).as("the refusal lists the placeholders: %s", problem).isTrue();
        return Pattern.compile("\\{[a-z_]+}").matcher(list.group(1)).results().map(m -> m.group()).toList();
    }

    @Test
    void runAndCompareHelpNameEveryPlaceholder() {
        List<String> known = placeholders();
        assertThat(known).as("placeholders the template check knows").contains("{urls}", "{output}", "{ca}");
        for (Object command : List.of(new RunCommand(), new CompareCommand())) {
            String help = new CommandLine(command).getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
            assertThat(help).as("the help of %s", command.getClass().getSimpleName())
                    .contains(known.toArray(String[]::new));
        }
    }
}
