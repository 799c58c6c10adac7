package io.outagedrill.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The goal as a build runs it: a scenario that holds passes and writes the report; one that fails fails the build. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DrillMojoTest {

    @TempDir
    Path target;

    private DrillMojo mojo(String client) {
        DrillMojo mojo = new DrillMojo();
        mojo.scenarios = List.of("two-mirrors-healthy");
        mojo.scenariosDirectory = new File("src/test/resources/scenarios");
        mojo.client = client;
        mojo.threshold = "10%";
        mojo.resultsDirectory = target.resolve("drill-results").toFile();
        mojo.reportDirectory = target.resolve("drill-report").toFile();
        return mojo;
    }

    @Test
    void aScenarioThatHoldsPassesAndLeavesTheReportUnderTarget() throws Exception {
        mojo("reference").execute();

        assertThat(target.resolve("drill-report/index.html")).isRegularFile();
        assertThat(Files.readString(target.resolve("drill-report/summary.md"))).contains("two-mirrors-healthy");
    }

    /**
     * The gate's verdict names the threshold as it was read: a bare 0.99 is 99% and 1 is 1%, either side of one rule,
     * and the build log only echoed neither. A run gated on its own report, with a wide threshold, passes.
     */
    @Test
    void theGatesVerdictSaysHowTheThresholdWasRead() throws Exception {
        mojo("reference").execute();
        Path baseline = Files.copy(target.resolve("drill-report/report.json"), target.resolve("baseline.json"));
        DrillMojo gated = mojo("reference");
        gated.baseline = baseline.toFile();
        gated.threshold = "0.99";
        List<String> infos = new java.util.concurrent.CopyOnWriteArrayList<>();
        gated.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                infos.add(content.toString());
            }
        });

        gated.execute();

        assertThat(infos).as("the build's info lines").contains("drill: release gate passed against " + baseline
                + " (threshold 99% (0.99 read as a fraction))");
    }

    @Test
    void aMissedSloFailsTheBuildNamingItAndTheReport() {
        // A downloader that exits 1 at once: every download fails, so completeWithin is missed.
        assertThatThrownBy(() -> mojo("cmd:false {output}").execute())
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("problem(s); report: ")
                .hasMessageContaining("drill-report");
        assertThat(target.resolve("drill-report/index.html")).as("the report is written also when it fails")
                .isRegularFile();
    }

    /**
     * The build log is often all a developer sees of a failed CI job: it said "measured 0% (0 of 2)" and left why to
     * the report, where the JUnit extension and summary.md name the worst downloads and how they ended.
     */
    @Test
    void aMissedSloNamesTheWorstDownloadsAndWhatTheDownloaderSaidInTheBuildLog() {
        DrillMojo mojo = mojo("cmd:sh -c \"echo my-dl: no route to any mirror >&2; exit 3\" {output}");
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        mojo.setLog(new org.apache.maven.plugin.logging.SystemStreamLog() {
            @Override
            public void error(CharSequence content) {
                errors.add(content.toString());
            }
        });

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class);
        assertThat(errors).as("the build's error lines").anySatisfy(line -> assertThat(line)
                .startsWith("two-mirrors-healthy: SLO completeWithin ")
                .contains("measured 0% (0 of ")
                .contains("clients-1-001 failed (exit 3, said: my-dl: no route to any mirror)"));
    }

    @Test
    void aClientTemplateWithATypoIsAConfigurationErrorBeforeAnythingRuns() {
        assertThatThrownBy(() -> mojo("cmd:curl -o {output} {url}").execute())
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("drill: <client> (drill.client): cmd: unknown placeholder {url} (did you mean "
                        + "{urls}?)");
        assertThat(target.resolve("drill-results")).as("nothing was run").doesNotExist();
    }

    /**
     * mvn -f, or a module of a multi-module build, runs elsewhere than the project's folder, where the program of
     * cmd:./bin/my-dl is: the build said only that it "is not an executable file". The program is found as the run
     * splits the template: a quoted one with a space in its folder is one word.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "bin      | cmd:./bin/my-dl-4711 {output} {urls}",
            "my tools | cmd:'./my tools/my-dl-4711' {output} {urls}"})
    void aRelativeProgramInTheProjectFolderButNotWhereMvnRunsSaysSo(String folder, String client,
                                                                     @TempDir Path project) throws Exception {
        Path program = Files.createDirectories(project.resolve(folder)).resolve("my-dl-4711");
        Files.writeString(program, "#!/bin/sh\nexit 1\n");
        assertThat(program.toFile().setExecutable(true)).as("x bit set on %s", program).isTrue();
        Path here = Path.of("").toAbsolutePath();
        assertThat(here.resolve(folder + "/my-dl-4711")).as("the program, from where this test runs").doesNotExist();
        DrillMojo elsewhere = mojo(client);
        elsewhere.basedir = project.toFile();

        assertThatThrownBy(elsewhere::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("drill: <client> (drill.client): ./" + folder + "/my-dl-4711 is not an executable file; it "
                        + "is in the project's folder (" + project.toAbsolutePath() + "), but a relative program path "
                        + "is taken from the folder mvn runs in (" + here + "): run mvn in the project's folder, or "
                        + "give the path from there");
        assertThat(target.resolve("drill-results")).as("nothing was run").doesNotExist();
    }

    @Test
    void noClientsPerGroupIsAConfigurationErrorBeforeAnythingRuns() {
        DrillMojo none = mojo("reference");
        none.clients = 0;

        assertThatThrownBy(none::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("drill: <clients> (drill.clients): expected at least 1 client per group, was 0");
        assertThat(target.resolve("drill-results")).as("nothing was run").doesNotExist();
    }

    @Test
    void anUnknownScenarioIsAConfigurationErrorThatSaysWhereItLooked() {
        DrillMojo mojo = mojo("reference");
        mojo.scenarios = List.of("no-such-scenario");

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("src/test/resources/scenarios/no-such-scenario.yaml: no scenario "
                        + "'no-such-scenario' here").hasMessageEndingWith(" (set <scenariosDirectory>)");
    }

    /**
     * A {@code <scenariosDirectory>} the build names that is not there played the built-in scenario of the same name
     * in place of the project's copy, and passed. Refused, naming it; the default folder may still be absent.
     */
    @Test
    void aScenariosDirectoryThatIsNotThereIsAConfigurationErrorUnlessItIsTheDefault() {
        DrillMojo typo = mojo("reference");
        typo.scenarios = List.of("fastly-2021-06-08");
        typo.scenariosDirectory = target.resolve("scenarioz").toFile();

        assertThatThrownBy(typo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("drill: <scenariosDirectory> " + target.resolve("scenarioz").toAbsolutePath()
                        + " does not exist, so no scenario would be read from it");

        // No ./scenarios in the project: names are looked up among the built-in ones, as before.
        DrillMojo byDefault = mojo("reference");
        byDefault.basedir = target.toFile();
        byDefault.scenariosDirectory = target.resolve("scenarios").toFile();
        byDefault.scenarios = List.of("fastly-2021-06-09");
        assertThatThrownBy(byDefault::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("no scenario 'fastly-2021-06-09' here nor among the built-in ones (did you "
                        + "mean 'fastly-2021-06-08'?)");
    }

    /**
     * A project's own scenario naming its downloader, built where that program is not: refused before anything
     * runs, as drill run refuses it. The build used to play the run and list six unmet SLOs, none saying why.
     */
    @Test
    void aScenarioWhoseOwnClientCannotRunIsAConfigurationErrorBeforeAnythingRuns(@TempDir Path dir)
            throws Exception {
        String healthy = Files.readString(Path.of("src/test/resources/scenarios/two-mirrors-healthy.yaml"));
        assertThat(healthy).contains("\nclients:\n  - {count: 1}\n");
        Files.writeString(dir.resolve("mine.yaml"), healthy.replace("name: two-mirrors-healthy", "name: mine")
                .replace("  - {count: 1}\n", "  - {count: 1, client: \"cmd:no-such-downloader-4711 -o {output} "
                        + "{urls}\"}\n"));
        DrillMojo mojo = mojo(null);
        mojo.scenariosDirectory = dir.toFile();
        mojo.scenarios = List.of("mine");

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class).hasMessage("drill: mine: "
                + "clients[0].client: no-such-downloader-4711 is not on PATH (or set <client>)");
        assertThat(target.resolve("drill-results")).as("nothing was run").doesNotExist();
    }

    /** An adapter from the test class path that is AutoCloseable is closed when the runs end, as @OutageScenario's. */
    @Test
    void anAdapterThatIsAutoCloseableIsClosedWhenTheRunsEnd() throws Exception {
        DrillMojo mojo = mojo(null);
        mojo.adapter = ClosingAdapter.class.getName();
        mojo.project = new org.apache.maven.project.MavenProject() {
            @Override
            public List<String> getTestClasspathElements() {
                return List.of(); // the test's own class path holds the adapter: the plugin's loader is the parent
            }
        };
        int before = ClosingAdapter.CLOSED.get();

        mojo.execute();

        assertThat(Files.readString(target.resolve("drill-report/summary.md"))).as("the adapter played the run")
                .contains("closing-adapter");
        assertThat(ClosingAdapter.CLOSED.get() - before).as("times the adapter was closed after the run")
                .isEqualTo(1);
    }

    /**
     * An adapter that cannot be made fails the build as a configuration error, and the class loader made for it is
     * closed then, not only when runs end: it holds the test class path's jars open for the rest of the Maven
     * session (mvnd keeps it for the next builds; on Windows a later clean cannot delete them).
     */
    @Test
    void anAdapterClassThatIsNotThereLeavesNoClassLoaderOpen() {
        List<String> closes = new java.util.ArrayList<>();
        DrillMojo mojo = adapterMojo("com.example.NoSuchAdapter", closes);

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("drill: cannot load the adapter com.example.NoSuchAdapter: "
                        + "java.lang.ClassNotFoundException: com.example.NoSuchAdapter");
        assertThat(closes).as("class loaders closed after the adapter could not be loaded").containsExactly("closed");
        assertThat(target.resolve("drill-results")).as("nothing was run").doesNotExist();
    }

    @Test
    void anAdapterWhoseConstructorThrowsLeavesNoClassLoaderOpenAndSaysWhatItThrew() {
        List<String> closes = new java.util.ArrayList<>();
        DrillMojo mojo = adapterMojo(ThrowingAdapter.class.getName(), closes);

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(mojo::execute);

        assertThat(closes).as("class loaders closed after the adapter's constructor threw").containsExactly("closed");
        // Its own words, not "InvocationTargetException", which is all the build said before.
        assertThat(thrown).isInstanceOf(MojoExecutionException.class)
                .hasMessage("drill: cannot load the adapter %s: its constructor threw java.lang.IllegalStateException: "
                        + "no downloader configured", ThrowingAdapter.class.getName());
    }

    @Test
    void anAdapterWithoutAConstructorWithoutArgumentsIsToldSo() {
        List<String> closes = new java.util.ArrayList<>();
        DrillMojo mojo = adapterMojo(ConfiguredAdapter.class.getName(), closes);

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("drill: cannot load the adapter %s: it has no public constructor without arguments, which "
                        + "the goal makes it with", ConfiguredAdapter.class.getName());
        assertThat(closes).as("class loaders closed after the adapter could not be made").containsExactly("closed");
    }

    @Test
    void aClassThatIsNoAdapterLeavesNoClassLoaderOpen() {
        List<String> closes = new java.util.ArrayList<>();
        DrillMojo mojo = adapterMojo(String.class.getName(), closes);

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("drill: java.lang.String does not implement io.outagedrill.harness.sut.SystemUnderTest");
        assertThat(closes).as("class loaders closed after the class was found to be no adapter")
                .containsExactly("closed");
    }

    /** A goal with {@code <adapter>className</adapter>} whose class loader adds "closed" to {@code closes}. */
    private DrillMojo adapterMojo(String className, List<String> closes) {
        DrillMojo mojo = mojo(null);
        mojo.adapter = className;
        mojo.project = new org.apache.maven.project.MavenProject() {
            @Override
            public List<String> getTestClasspathElements() {
                return List.of(); // the test's own class path holds the adapters: the plugin's loader is the parent
            }
        };
        mojo.adapterLoaders = urls -> new java.net.URLClassLoader(urls, DrillMojo.class.getClassLoader()) {
            @Override
            public void close() throws java.io.IOException {
                closes.add("closed");
                super.close();
            }
        };
        return mojo;
    }

    /** A mistake inside a scenario the goal found is that file's, not the folder's: no advice to set the folder. */
    @Test
    void aMistakeInsideAFoundScenarioIsNamedWithoutAskingForAnotherFolder(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("typo.yaml"), "name: typo\ndescrption: a typo\n");
        DrillMojo mojo = mojo("reference");
        mojo.scenariosDirectory = dir.toFile();
        mojo.scenarios = List.of("typo");

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("typo.yaml:").satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("<scenariosDirectory>"));
    }

    /** A baseline that is not there, or no report, is said before a scenario plays, not after the whole run. */
    @Test
    void aMissingOrBrokenBaselineIsAConfigurationErrorBeforeAnythingRuns() throws Exception {
        DrillMojo missing = mojo("reference");
        missing.baseline = target.resolve("drill/baseline-report.json").toFile();
        assertThatThrownBy(missing::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("drill: <baseline> (drill.baseline): no report at " + missing.baseline + "; keep a "
                        + "target/drill-report/report.json of a run you trust there, or leave <baseline> out");

        DrillMojo broken = mojo("reference");
        broken.baseline = Files.writeString(target.resolve("broken.json"), "{\"foo\": 1}").toFile();
        assertThatThrownBy(broken::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("not a report written by drill report");
        assertThat(target.resolve("drill-results")).as("nothing was run").doesNotExist();
    }

    /** -Ddrill.threshold=10 is ten percent, as on the CLI; a word is refused before anything runs. */
    @Test
    void aThresholdThatIsNoPercentageIsAConfigurationErrorBeforeAnythingRuns() {
        DrillMojo wrong = mojo("reference");
        wrong.threshold = "ten";

        assertThatThrownBy(wrong::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("drill: <threshold> (drill.threshold): expected a percentage such as 10%, got 'ten'");
        assertThat(target.resolve("drill-results")).as("nothing was run").doesNotExist();
    }
}
