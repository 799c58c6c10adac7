package io.outagedrill.maven;

import io.outagedrill.fakes.containers.ContainerEngine;
import io.outagedrill.fakes.containers.EnvironmentSwitch;
import io.outagedrill.harness.run.RunOptions;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.harness.machine.OthersLoad;
import io.outagedrill.harness.run.ScenarioRunner;
import io.outagedrill.harness.run.SloVerdict;
import io.outagedrill.harness.scenario.Scenario;
import io.outagedrill.harness.scenario.ScenarioException;
import io.outagedrill.harness.cli.ScenarioFiles;
import io.outagedrill.harness.cli.WorldOption.World;
import io.outagedrill.harness.sut.CommandTemplate;
import io.outagedrill.harness.sut.SystemUnderTest;
import io.outagedrill.harness.sut.SystemsUnderTest;
import io.outagedrill.reports.Reports;
import io.outagedrill.reports.model.Regression;
import io.outagedrill.reports.model.Threshold;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code drill:drill}, bound to {@code verify}: plays named outage scenarios against a downloader (a built-in
 * client, a command template, or an adapter class from the project's test class path), writes the report under
 * {@code target/drill-report}, and fails the build when an SLO is missed or, given a baseline, a metric got worse.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.outagedrill</groupId>
 *   <artifactId>drill-maven-plugin</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <executions><execution><goals><goal>drill</goal></goals></execution></executions>
 *   <configuration>
 *     <scenariosDirectory>${project.basedir}/scenarios</scenariosDirectory>
 *     <scenarios><scenario>primary-blackhole-mid-transfer</scenario></scenarios>
 *     <client>cmd:./my-downloader --ca {ca} --out {output} --resolve {resolve} {urls}</client>
 *     <world>embedded</world> <!-- or containers: real nginx, Varnish, S3Proxy and fault proxy containers -->
 *   </configuration>
 * </plugin>
 * }</pre>
 *
 * <p>{@code <world>containers</world>} plays the same scenario files on real servers in Docker containers, as
 * {@code drill run --world containers} does (the same {@link World}): it needs an engine with the images of {@code
 * containers/prepare.sh}, and {@code TESTCONTAINERS_RYUK_DISABLED=true} and {@code
 * TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1} in Maven's environment. Without them the goal fails before anything
 * starts, with one line saying what is missing and how to get it (unless {@code drill.skip}): the build asked for
 * real servers, so a silent fallback to the in-process world would pass a gate that was never run.
 */
@Mojo(name = "drill", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.TEST,
        threadSafe = false)
public final class DrillMojo extends AbstractMojo {

    /**
     * Scenario names (files {@code NAME.yaml} in {@link #scenariosDirectory}, else the scenarios built into the
     * harness) or paths to YAML files.
     */
    @Parameter(property = "drill.scenarios", required = true)
    List<String> scenarios = new ArrayList<>();

    /** Where named scenarios are looked for first (a name not found here is taken from the built-in ones). */
    @Parameter(property = "drill.scenariosDirectory", defaultValue = "${project.basedir}/scenarios")
    File scenariosDirectory;

    /** reference, reference-cli, aria2c, curl or cmd:TEMPLATE; the scenario's own clients when neither is set. */
    @Parameter(property = "drill.client")
    String client;

    /** A {@code SystemUnderTest} class with a public no-argument constructor, from the test class path. */
    @Parameter(property = "drill.adapter")
    String adapter;

    /** At most this many clients per group: a quicker drill. */
    @Parameter(property = "drill.clients")
    Integer clients;

    /** A previous {@code report.json}: the build fails when a metric got worse than the threshold allows. */
    @Parameter(property = "drill.baseline")
    File baseline;

    /** How much worse than the baseline a metric may get: "10%", "10" and "0.1" all mean ten percent. */
    @Parameter(property = "drill.threshold", defaultValue = Threshold.DEFAULT)
    String threshold;

    @Parameter(defaultValue = "${project.build.directory}/drill-results")
    File resultsDirectory;

    @Parameter(defaultValue = "${project.build.directory}/drill-report")
    File reportDirectory;

    /**
     * Where the scenarios' providers and fault proxy live: {@code embedded} (in the build's JVM) or {@code
     * containers} (real servers in Docker containers; docs/containers.md).
     */
    @Parameter(property = "drill.world", defaultValue = "embedded")
    String world = "embedded";

    @Parameter(property = "drill.skip", defaultValue = "false")
    boolean skip;

    /** Where the containers world's settings are read from: this JVM's environment (tests give their own). */
    Map<String, String> environment = System.getenv();

    /**
     * Makes the adapter's class loader from the test class path. The plugin's own loader is the parent, so the
     * adapter and the harness share one {@code SystemUnderTest} (tests give their own, to see it closed).
     */
    Function<URL[], URLClassLoader> adapterLoaders = urls -> new URLClassLoader(urls, DrillMojo.class.getClassLoader());

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    /** The project's folder: only to say so when a relative {@code cmd:} program is there and not where mvn runs. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true)
    File basedir;

    /** The adapter's class loader, while the runs last; null without an adapter (try-with-resources skips it). */
    private URLClassLoader adapterLoader;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("drill: skipped (drill.skip)");
            return;
        }
        if (scenarios.isEmpty()) {
            throw new MojoExecutionException("drill: name at least one scenario in <scenarios>");
        }
        quietJetty();
        if (client != null && adapter != null) {
            throw new MojoExecutionException("drill: set <client> or <adapter>, not both");
        }
        Optional<String> badClient = client == null ? Optional.empty() : SystemsUnderTest.runProblem(client);
        if (badClient.isPresent()) {
            throw new MojoExecutionException("drill: <client> (drill.client): " + badClient.get()
                    + inProjectFolder(client));
        }
        Optional<String> badCount = RunOptions.clientCountProblem(clients);
        if (badCount.isPresent()) {
            throw new MojoExecutionException("drill: <clients> (drill.clients): " + badCount.get());
        }
        Reports.Baseline gate = baseline();
        World chosen = world();
        requireAvailable(chosen); // before the scenarios are read: a gate that cannot run says so first
        List<Scenario> loaded = load();
        if (client == null && adapter == null) {
            // The scenarios' own clients, checked as <client> is (above): a program that is not there would play
            // every run, fail all its downloads and list the SLOs without the reason, which only the report's notes
            // hold.
            for (Scenario scenario : loaded) {
                Optional<SystemsUnderTest.ChoiceProblem> cannot = SystemsUnderTest.choiceProblem(scenario,
                        Optional.empty(), Optional.empty());
                if (cannot.isPresent()) {
                    throw new MojoExecutionException("drill: " + cannot.get().why() + " (or set <client>)");
                }
            }
        }
        List<Scenario> playable = playable(chosen, loaded);
        List<String> notPlayed = skippedOnRealServers(loaded, playable);
        if (playable.isEmpty()) {
            throw new MojoFailureException("drill: no scenario can be played: " + String.join("; ", notPlayed));
        }
        SystemUnderTest sut = adapter == null ? null : adapter();
        List<RunResult> results = new ArrayList<>();
        // Resources close in reverse order: the adapter first, then the loader its classes came from.
        try (URLClassLoader closedAtTheEnd = adapterLoader; ClosingAdapter closing = new ClosingAdapter(sut)) {
            // Servers in another process tree (containers) would count as others: no reading then, as drill run.
            Optional<OthersLoad.Sample> machineBefore = chosen.starter().serversInThisProcessTree() ? OthersLoad.now()
                    : Optional.empty();
            for (Scenario scenario : playable) {
                getLog().info("drill: " + scenario.name());
                RunOptions options = RunOptions.defaults(resultsDirectory.toPath()).withClient(client)
                        .withClientCount(clients);
                if (sut != null) {
                    options = options.withAdapter(sut);
                }
                RunResult result = new ScenarioRunner(Clock.systemUTC(), chosen.starter()).run(scenario, options);
                results.add(result);
                getLog().info("drill: %s %s (%d downloads)".formatted(scenario.name(),
                        result.passed() ? "passed" : "FAILED", result.downloads().size()));
            }
            Optional<String> busy = OthersLoad.noteForGate(machineBefore,
                    machineBefore.isPresent() ? OthersLoad.now() : Optional.empty());
            Reports.Written written = Reports.write(results, List.of(), reportDirectory.toPath(), gate,
                    Clock.systemUTC());
            getLog().info("drill: report " + written.html());
            judge(results, notPlayed, written, busy);
        } catch (IOException e) {
            throw new MojoExecutionException("drill: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("drill: interrupted", e);
        }
    }

    /**
     * Said of a relative {@code cmd:} program that is not there from the folder mvn runs in but is from the project's:
     * under {@code mvn -f}, or in a module of a multi-module build, the two differ, and "not an executable file" alone
     * names a file the user sees in the project.
     */
    private String inProjectFolder(String client) {
        if (basedir == null || !client.startsWith("cmd:")) {
            return "";
        }
        // Split as the run splits it: a quoted program ('./my tools/dl') is one word, its quotes dropped.
        String program = CommandTemplate.program(client.substring("cmd:".length()));
        Path here = Path.of("").toAbsolutePath();
        Path project = basedir.toPath().toAbsolutePath();
        if (program.isEmpty() || !program.contains("/") || Path.of(program).isAbsolute() || here.equals(project)
                || !Files.isRegularFile(project.resolve(program))) {
            return "";
        }
        return "; it is in the project's folder (%s), but a relative program path is taken from the folder mvn runs in "
                .formatted(project) + "(%s): run mvn in the project's folder, or give the path from there".formatted(here);
    }

    private World world() throws MojoExecutionException {
        try {
            return World.valueOf(world);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MojoExecutionException("drill: <world> (drill.world) must be one of %s, not '%s'".formatted(
                    Arrays.stream(World.values()).map(World::name).collect(Collectors.joining(", ")), world));
        }
    }

    /**
     * Fails before anything starts where the world asked for cannot: the environment Maven was started with first
     * (what a CI script must change), then the engine and its images, in the words {@code drill run} uses.
     */
    private void requireAvailable(World chosen) throws MojoExecutionException {
        if (chosen != World.containers) {
            return;
        }
        List<EnvironmentSwitch> missing = ContainerEngine.missingFrom(environment);
        Optional<String> reason = missing.isEmpty() ? chosen.unavailableReason() : Optional.of(lacking(missing));
        if (reason.isPresent()) {
            throw new MojoExecutionException("drill: <world>containers</world>: " + reason.get()
                    + " (or -Ddrill.skip=true)");
        }
    }

    /**
     * What the environment lacks and the line that fixes it. Testcontainers reads these switches from the
     * environment only and a running JVM cannot change its own, so under Maven the user exports them before {@code
     * mvn}, as {@code ./drill} does for itself.
     */
    private static String lacking(List<EnvironmentSwitch> missing) {
        return "the environment lacks " + missing.stream().map(EnvironmentSwitch::assignment)
                .collect(Collectors.joining(" and ")) + " (Testcontainers reads them from the environment only, which "
                + "a Maven goal cannot set for its own JVM): run `export " + Arrays.stream(EnvironmentSwitch.values())
                .map(EnvironmentSwitch::assignment).collect(Collectors.joining(" ")) + "` before mvn "
                + "(docs/containers.md)";
    }

    /** The scenarios the world can play, its report on what real servers cannot act out logged first. */
    private List<Scenario> playable(World chosen, List<Scenario> loaded) {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        List<Scenario> playable;
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
            playable = chosen.playable(loaded, out);
        }
        report.toString(StandardCharsets.UTF_8).lines().forEach(line -> getLog().info("drill: " + line));
        return playable;
    }

    /**
     * The baseline and threshold, read before any scenario plays: a missing or broken baseline, or a threshold
     * that is no percentage, would otherwise be found only after the whole run.
     */
    private Reports.Baseline baseline() throws MojoExecutionException {
        double limit;
        try {
            limit = Threshold.parse(threshold);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("drill: <threshold> (drill.threshold): " + e.getMessage());
        }
        if (baseline == null) {
            if (!Threshold.DEFAULT.equals(threshold)) {
                getLog().warn("drill: <threshold> (drill.threshold) " + threshold + " has no effect without a "
                        + "<baseline> (drill.baseline) to compare with");
            }
            return null;
        }
        try {
            return Reports.Baseline.read(baseline.toPath(), limit);
        } catch (IOException e) {
            throw new MojoExecutionException("drill: <baseline> (drill.baseline): " + (baseline.isFile()
                    ? e.getMessage() : "no report at " + baseline + "; keep a target/drill-report/report.json "
                    + "of a run you trust there, or leave <baseline> out"), e);
        }
    }

    /**
     * Jetty's own INFO lines (each fake server's start and stop, its TLS set-up) made up half a passing build's
     * output, between the goal's {@code drill:} lines. Maven's logger reads a logger's level from this system
     * property when the logger is made, so set before the first world starts it keeps Jetty to warnings; a level the
     * build gives (with {@code -D} or MAVEN_OPTS) is left as it is.
     */
    private static void quietJetty() {
        String key = "org.slf4j.simpleLogger.log.org.eclipse.jetty";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }

    /** A release gate does not pass what it could not play: each such scenario is a problem of the build. */
    private static List<String> skippedOnRealServers(List<Scenario> loaded, List<Scenario> playable) {
        return loaded.stream().filter(scenario -> !playable.contains(scenario))
                .map(scenario -> scenario.name() + ": not played, it cannot run on real servers (see above)")
                .toList();
    }

    private List<Scenario> load() throws MojoExecutionException {
        // The default folder may be absent (the built-in scenarios then play); one the build names must be there, or
        // a typo in its path plays the built-in scenario of the same name in place of the project's own copy.
        File byDefault = basedir == null ? null : new File(basedir, "scenarios");
        if (!scenariosDirectory.isDirectory() && !scenariosDirectory.getAbsoluteFile().equals(
                byDefault == null ? null : byDefault.getAbsoluteFile())) {
            throw new MojoExecutionException("drill: <scenariosDirectory> " + scenariosDirectory.getAbsolutePath()
                    + (scenariosDirectory.exists() ? " is not a folder" : " does not exist")
                    + ", so no scenario would be read from it");
        }
        try {
            return ScenarioFiles.loadOrBuiltIn(scenariosDirectory.toPath(), scenarios);
        } catch (ScenarioException e) {
            // The folder is worth naming only when a scenario was not found there, not for a typo inside one that was.
            boolean notFound = e.problems().stream().anyMatch(problem -> problem.line() == 0);
            throw new MojoExecutionException("drill: " + e.getMessage() + (notFound ? " (set <scenariosDirectory>)"
                    : ""), e);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("drill: " + e.getMessage() + " (set <scenariosDirectory>)", e);
        }
    }

    /**
     * Closes an adapter that is {@link AutoCloseable} when the runs end, as {@code @OutageScenario} does when its
     * class ends: a downloader holding a connection pool or threads would otherwise keep them for the rest of the
     * Maven session (a daemon such as mvnd keeps it for the next builds).
     */
    private record ClosingAdapter(SystemUnderTest adapter) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            SystemsUnderTest.closeIfCloseable(adapter);
        }
    }

    private SystemUnderTest adapter() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        try {
            for (String element : project.getTestClasspathElements()) {
                urls.add(new File(element).toURI().toURL());
            }
        } catch (MalformedURLException | org.apache.maven.artifact.DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("drill: cannot load the adapter %s: %s".formatted(adapter, e), e);
        }
        // Closed when the runs end, and at once when the adapter cannot be made: an open loader keeps the test class
        // path's jars open for the rest of the Maven session (a daemon such as mvnd; on Windows a later clean cannot
        // delete them), and a class path whose adapter failed is never used again.
        URLClassLoader loader = adapterLoaders.apply(urls.toArray(URL[]::new));
        try {
            SystemUnderTest sut = instantiate(loader);
            adapterLoader = loader;
            return sut;
        } catch (MojoExecutionException | RuntimeException | Error e) {
            try {
                loader.close();
            } catch (IOException notClosed) {
                e.addSuppressed(notClosed);
            }
            throw e;
        }
    }

    /**
     * The adapter, made with its no-argument constructor. A class that is not there, cannot link (a dependency
     * missing from the test class path, a static initializer that threw) or whose constructor throws is the
     * build's configuration error, named, not a stack trace.
     */
    private SystemUnderTest instantiate(ClassLoader loader) throws MojoExecutionException {
        Object instance;
        try {
            instance = loader.loadClass(adapter).getConstructor().newInstance();
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new MojoExecutionException("drill: cannot load the adapter %s: its constructor threw %s"
                    .formatted(adapter, e.getCause()), e.getCause());
        } catch (NoSuchMethodException e) {
            throw new MojoExecutionException(("drill: cannot load the adapter %s: it has no public constructor without "
                    + "arguments, which the goal makes it with").formatted(adapter), e);
        } catch (IllegalAccessException e) {
            throw new MojoExecutionException(("drill: cannot load the adapter %s: it or its constructor without "
                    + "arguments is not public").formatted(adapter), e);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new MojoExecutionException("drill: cannot load the adapter %s: %s".formatted(adapter, e), e);
        }
        if (!(instance instanceof SystemUnderTest sut)) {
            throw new MojoExecutionException("drill: %s does not implement %s".formatted(adapter,
                    SystemUnderTest.class.getName()));
        }
        return sut;
    }

    /** @param busy the machine-load note for a gate that found regressions, when others were busy meanwhile */
    private void judge(List<RunResult> results, List<String> notPlayed, Reports.Written written, Optional<String> busy)
            throws MojoFailureException {
        List<String> problems = new ArrayList<>(notPlayed);
        for (RunResult result : results) {
            for (SloVerdict failed : result.failures()) {
                // The detail names the worst downloads and how they ended ("failed (exit 127, said: curl: not
                // found)"): a CI log that shows only "measured 0% (0 of 3)" sends the developer to the report.
                problems.add("%s: SLO %s expected %s, measured %s%s".formatted(result.scenario(), failed.slo(),
                        failed.expected(), failed.measured(), failed.detail() == null || failed.detail().isBlank()
                                ? "" : " (" + failed.detail() + ")"));
            }
        }
        var gate = written.report().gate();
        if (gate != null) {
            for (Regression regression : gate.regressions()) {
                problems.add("regression: " + regression.description()); // which names its group already
            }
            for (Regression change : gate.withinNoise()) {
                getLog().info("drill: " + change.description() + " (not failing)");
            }
            // As drill report says it: a bare number's reading (0.99 is 99%, 1 is 1%) is not left to guess.
            getLog().info("drill: release gate %s against %s (threshold %s)".formatted(
                    gate.regressions().isEmpty() ? "passed" : "FAILED", baseline, Threshold.shown(threshold)));
            if (!gate.regressions().isEmpty()) {
                busy.ifPresent(note -> getLog().warn("drill: " + note));
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(getLog()::error);
            throw new MojoFailureException("drill: %d problem(s); report: %s".formatted(problems.size(),
                    written.html()));
        }
    }
}
