package io.outagedrill.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioException;
import io.outagedrill.harness.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the release gate finds the scenarios a build names: its own folder first, then the built-in ones. */
class ScenarioFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNameNotInTheFolderIsTakenFromTheBuiltInScenarios() {
        List<Scenario> found = ScenarioFiles.loadOrBuiltIn(dir.resolve("scenarios"), List.of("demo"));

        assertThat(found).extracting(Scenario::name).as("a project with no scenarios folder").containsExactly("demo");
        assertThat(found.get(0).description()).startsWith("The whole idea in one run");
    }

    /**
     * A folder given where a scenario's name goes ({@code drill bench --scenarios DIR}, whose folder option is
     * {@code --scenario-dir}): said as a folder, with the options that take one, not as "no scenario 'DIR.yaml'".
     */
    @Test
    void aFolderGivenAsAScenarioSaysWhichOptionTakesIt() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("my-scenarios"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScenarioFiles.loadOrBuiltIn(dir.resolve("scenarios"),
                List.of(mine.toString()))).hasMessageContaining(mine + ": a folder, not a scenario: give the folder "
                + "with --scenarios DIR (drill bench: --scenario-dir DIR)");
        Path sameName = Path.of("demo"); // in the working folder, as drill-results/demo is for a user in there
        boolean made = !Files.exists(sameName);
        Files.createDirectories(sameName);
        try {
            assertThat(ScenarioFiles.loadOrBuiltIn(dir.resolve("scenarios"), List.of("demo"))).as("a scenario whose "
                    + "name is also a folder here (drill-results has one per scenario) still loads").hasSize(1);
        } finally {
            if (made) {
                Files.delete(sameName);
            }
        }
    }

    @Test
    void theFoldersOwnCopyWinsOverTheBuiltInOne() throws IOException {
        String builtIn = ScenarioLoader.builtInText("demo").orElseThrow();
        Files.writeString(dir.resolve("demo.yaml"), builtIn.replace("The whole idea in one run", "Our own demo"));

        assertThat(ScenarioFiles.loadOrBuiltIn(dir, List.of("demo")).get(0).description())
                .startsWith("Our own demo");
    }

    @Test
    void aFileThatIsNotUtf8SaysSoInsteadOfNamingTheDecodersException() throws IOException {
        // "é" written as Latin-1, as an editor set to another encoding saves it.
        Path latin1 = dir.resolve("cafe.yaml");
        Files.write(latin1, "name: cafe\ndescription: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of(latin1.toString()), false))
                .isInstanceOf(ScenarioException.class)
                .hasMessage(latin1 + ": not UTF-8 text; scenario files are read as UTF-8 (save it as UTF-8)");
    }

    @Test
    void aNameFoundNowhereIsAnErrorThatSaysWhereItLooked() {
        assertThatThrownBy(() -> ScenarioFiles.loadOrBuiltIn(dir, List.of("no-such-scenario")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining(dir.resolve("no-such-scenario.yaml")
                        + ": no scenario 'no-such-scenario' here nor among the built-in ones");
        assertThatThrownBy(() -> ScenarioFiles.loadOrBuiltIn(dir, List.of(dir.resolve("gone.yaml").toString())))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("no such scenario file");
    }

    /** A scenario's file name typed from outside its folder said only that nothing was there. */
    @Test
    void aFileNameOfAScenarioInTheFolderGivenAsAPathSaysHowToNameIt() throws IOException {
        Files.writeString(dir.resolve("my-outage.yaml"), ScenarioLoader.builtInText("demo").orElseThrow()
                .replace("name: demo", "name: my-outage"));

        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of("my-outage.yaml"), false))
                .isInstanceOf(ScenarioException.class).hasMessage("my-outage.yaml: no such scenario file (" + dir
                        + " has one by that name: give the scenario's name, my-outage, or the path "
                        + dir.resolve("my-outage.yaml") + ")");
    }

    /** A typo in a name (a day off in a date) said only that nothing was there. */
    @Test
    void aNameCloseToOneInTheFolderIsSuggested() throws IOException {
        Files.writeString(dir.resolve("fastly-2021-06-08.yaml"), ScenarioLoader.builtInText("fastly-2021-06-08")
                .orElseThrow());

        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of("fastly-2021-06-09"), false))
                .isInstanceOf(ScenarioException.class).hasMessageContaining(dir.resolve("fastly-2021-06-09.yaml")
                        + ": no scenario 'fastly-2021-06-09' here (did you mean 'fastly-2021-06-08'?); `drill list` "
                        + "shows them");
        assertThatThrownBy(() -> ScenarioFiles.loadOrBuiltIn(dir, List.of("fastly-2021-06-09")))
                .isInstanceOf(ScenarioException.class).hasMessageEndingWith("nor among the built-in ones (did you mean "
                        + "'fastly-2021-06-08'?)");
    }

    /**
     * The Maven goal names a built-in scenario with no copy in the project: a day off in its date said only that it
     * was nowhere, since only the project's folder was searched for a close name.
     */
    @Test
    void aNameCloseToABuiltInOneIsSuggestedWhenBuiltInsAreSearched() {
        assertThatThrownBy(() -> ScenarioFiles.loadOrBuiltIn(dir.resolve("scenarios"), List.of("fastly-2021-06-80")))
                .as("a project without a scenarios folder").isInstanceOf(ScenarioException.class)
                .hasMessageEndingWith("no scenario 'fastly-2021-06-80' here nor among the built-in ones (did you "
                        + "mean 'fastly-2021-06-08'?)");
        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of("fastly-2021-06-80"), false))
                .as("drill run searches only its folder, so it offers only the folder's names")
                .isInstanceOf(ScenarioException.class).hasMessageNotContaining("did you mean");
    }

    /** `drill list` and --all took a .yml file, and running it by the name they showed said it was not there. */
    @Test
    void aYmlFileInTheFolderRunsByTheNameListShows() throws IOException {
        Files.writeString(dir.resolve("my-outage.yml"), ScenarioLoader.builtInText("demo").orElseThrow()
                .replace("name: demo", "name: my-outage"));

        assertThat(ScenarioLoader.loadAll(dir)).extracting(Scenario::name).as("what --all and `drill list` take")
                .containsExactly("my-outage");
        assertThat(ScenarioFiles.load(dir, List.of("my-outage"), false)).extracting(Scenario::name)
                .as("the scenario named as `drill list` shows it").containsExactly("my-outage");
        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of("my-outag"), false))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("(did you mean 'my-outage'?)");
    }

    /**
     * demo.yaml beside demo.yml: `drill list` listed demo twice and `--all` ran it twice, while `drill run demo`
     * played the .yaml alone. Refused everywhere, naming both files; the folder's other scenarios still list.
     */
    @Test
    void aYamlAndAYmlFileOfOneNameAreRefusedNamingBothByListAllAndName() throws IOException {
        String demo = ScenarioLoader.builtInText("demo").orElseThrow();
        Files.writeString(dir.resolve("demo.yaml"), demo);
        Files.writeString(dir.resolve("demo.yml"), demo);
        Files.writeString(dir.resolve("other.yaml"), demo.replace("name: demo", "name: other"));
        String expected = "%s: scenario 'demo' has two files, %s and %s: keep one (a scenario is named by its file's "
                + "name without .yaml or .yml)";
        String both = expected.formatted(dir.resolve("demo.yml"), dir.resolve("demo.yaml"), dir.resolve("demo.yml"));

        ScenarioLoader.Loaded listed = ScenarioLoader.loadEach(dir);
        assertThat(listed.scenarios()).extracting(Scenario::name).as("what `drill list` lists")
                .containsExactly("other");
        assertThat(listed.problems()).extracting(ScenarioException.Problem::toString).as("what `drill list` reports")
                .containsExactly(both);
        assertThatThrownBy(() -> ScenarioLoader.loadAll(dir)).as("--all").isInstanceOf(ScenarioException.class)
                .hasMessage(both);
        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of("demo"), false)).as("drill run demo")
                .isInstanceOf(ScenarioException.class).hasMessage(both);
        assertThat(ScenarioLoader.names(dir)).as("names, each once").containsExactly("demo", "other");
    }

    /**
     * A 4 MB one-line description was refused after about 10 s and 1.5 GB of memory, at the YAML parser's limit
     * ("exceeds the limit: 3145728 code points"), and a 2 MB file of comments loaded: the file's size decides, first.
     */
    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeItIsParsed() throws IOException {
        String demo = ScenarioLoader.builtInText("demo").orElseThrow().replace("name: demo", "name: huge");
        Path huge = dir.resolve("huge.yaml");
        Files.writeString(huge, demo.replaceFirst("description: [^\n]*", "description: " + "x".repeat(4 << 20)));
        long size = Files.size(huge);

        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of("huge"), false))
                .isInstanceOf(ScenarioException.class)
                .hasMessage(huge + ": too large for a scenario file: " + size + " bytes, the limit is 1048576 (1 MiB)");

        Path comments = dir.resolve("comments.yaml");
        Files.writeString(comments, demo.replace("name: huge", "name: comments")
                + ("# " + "c".repeat(98) + "\n").repeat(20_000));
        long commentsSize = Files.size(comments);
        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of("comments"), false))
                .as("comments count: the limit is on the file's size").isInstanceOf(ScenarioException.class)
                .hasMessage(comments + ": too large for a scenario file: " + commentsSize + " bytes, the limit is "
                        + "1048576 (1 MiB)");

        Path justUnder = dir.resolve("just-under.yaml");
        String named = demo.replace("name: huge", "name: just-under");
        Files.writeString(justUnder, named + "#".repeat((int) ScenarioLoader.MAX_FILE_BYTES - named.length() - 1)
                + "\n");
        assertThat(Files.size(justUnder)).isEqualTo(ScenarioLoader.MAX_FILE_BYTES);
        assertThat(ScenarioFiles.load(dir, List.of("just-under"), false)).extracting(Scenario::name)
                .as("a file of exactly the limit").containsExactly("just-under");
    }

    /** A folder named x.yaml said "cannot read: java.io.IOException: Is a directory", and failed `drill list`. */
    @Test
    void aFolderNamedLikeAScenarioFileIsSaidToBeAFolder() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("x.yaml"));
        Files.writeString(dir.resolve("demo.yaml"), ScenarioLoader.builtInText("demo").orElseThrow());

        String expected = folder + ": a folder, not a scenario file (scenario files are YAML files directly in the "
                + "scenarios folder)";
        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of("x"), false)).isInstanceOf(ScenarioException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of(folder.toString()), false))
                .isInstanceOf(ScenarioException.class).hasMessage(expected);
        ScenarioLoader.Loaded listed = ScenarioLoader.loadEach(dir);
        assertThat(listed.problems()).as("what `drill list` reports besides the scenarios").isEmpty();
        assertThat(ScenarioLoader.loadAll(dir)).extracting(Scenario::name).as("what --all and `drill list` take")
                .containsExactly("demo");
        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of("y"), false)).as("no folder suggested for a typo")
                .hasMessageNotContaining("did you mean");

        Files.writeString(dir.resolve("x.yml"), ScenarioLoader.builtInText("demo").orElseThrow()
                .replace("name: demo", "name: x"));
        assertThat(ScenarioFiles.load(dir, List.of("x"), false)).extracting(Scenario::name)
                .as("x.yml, which `drill list` shows as x, beside the folder x.yaml").containsExactly("x");
    }

    @Test
    void everyBadNamedFileIsReportedTogetherAsWithAll() throws IOException {
        String demo = ScenarioLoader.builtInText("demo").orElseThrow();
        Files.writeString(dir.resolve("demo.yaml"), demo);
        Files.writeString(dir.resolve("typo.yaml"), demo.replace("name: demo", "name: typo")
                .replace("seed:", "sed:"));

        assertThatThrownBy(() -> ScenarioFiles.load(dir, List.of("typo", "demo", "missing"), false))
                .isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(((ScenarioException) e).problems()).as("problems of typo and missing")
                        .extracting(ScenarioException.Problem::file)
                        .containsOnly(dir.resolve("typo.yaml").toString(), dir.resolve("missing.yaml").toString()));
    }
}
