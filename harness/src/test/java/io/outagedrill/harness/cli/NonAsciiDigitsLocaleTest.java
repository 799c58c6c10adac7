package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junitpioneer.jupiter.DefaultLocale;
import picocli.CommandLine;

/**
 * A JVM whose default locale writes its own digits ({@code "%d".formatted(12)} is "١٢" in Arabic): drill run and
 * drill compare printed their times, counts and the metrics URL in them (a URL no browser or scraper takes), and
 * some SLO verdicts, which run records keep and a baseline is compared by, were named so ("corruptFilesAccepted ٠")
 * while others were in ASCII digits. Isolated: the default locale is the whole JVM's, and other test classes run
 * beside.
 */
@Isolated
@DefaultLocale("ar-EG")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NonAsciiDigitsLocaleTest {
    private static final String SCENARIOS = Path.of("..", "scenarios").toString();
    /** Any decimal digit that is not 0-9. */
    private static final Pattern OTHER_DIGIT = Pattern.compile("[\\p{Nd}&&[^0-9]]");

    @TempDir
    Path dir;

    @BeforeEach
    void arabicDigits() {
        assertThat("%d".formatted(12)).as("the locale's digits for 12").isNotEqualTo("12");
    }

    private static String printed(Object command, Consumer<PrintStream> setOut, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        setOut.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        StringWriter err = new StringWriter();
        new CommandLine(command).setErr(new PrintWriter(err)).execute(args);
        return bytes.toString(StandardCharsets.UTF_8) + err;
    }

    private static void assertAsciiDigits(String what, String printed) {
        assertThat(printed.lines().filter(line -> OTHER_DIGIT.matcher(line).find()))
                .as("lines of %s with digits other than 0-9 in locale %s; printed:%n%s", what, Locale.getDefault(), printed)
                .isEmpty();
    }

    @Test
    void drillRunPrintsAsciiDigits() {
        RunCommand command = new RunCommand();
        String out = printed(command, o -> command.out = o, "expired-manifest", "--clients", "1", "--metrics-port",
                "0", "--scenarios", SCENARIOS, "--results", dir.toString());

        assertThat(out).as("printed").containsPattern("metrics: http://127\\.0\\.0\\.1:[0-9]+/metrics")
                .containsPattern("(?m)^expired-manifest +reference/adaptive +PASS .* [0-9]+ of [0-9]+$");
        assertAsciiDigits("drill run", out);
    }

    @Test
    void drillComparePrintsAsciiDigits() {
        CompareCommand command = new CompareCommand();
        String out = printed(command, o -> command.out = o, "expired-manifest", "--policies", "sequential,adaptive",
                "--scale", "1", "--seed", "5", "--scenarios", SCENARIOS, "--results", dir.toString());

        assertThat(out).as("printed").contains("expired-manifest (seed 5)")
                .containsPattern("reference/adaptive +[0-9]+ of [0-9]+");
        assertAsciiDigits("drill compare", out);
    }
}
