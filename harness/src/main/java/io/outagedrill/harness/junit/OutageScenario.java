package io.outagedrill.harness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs a named outage scenario against a downloader and receives the {@code RunResult}:
 *
 * <pre>{@code
 * @OutageScenario(value = "fastly-2021-06-08",
 *         client = "cmd:./my-downloader --ca {ca} --out {output} --resolve {resolve} {urls}")
 * void survivesFastly2021(RunResult result) {
 *     RunResultAssert.assertThat(result).meetsSlos();
 * }
 * }</pre>
 *
 * With a downloader written in Java, give its adapter class instead:
 * {@code @OutageScenario(value = "cloudflare-2025-11-18", adapter = MyDownloaderAdapter.class)}.
 *
 * <p>On the class, the scenario runs once before all its tests and every test method taking a {@code RunResult}
 * gets that one run (the methods then need their own {@code @Test}):
 *
 * <pre>{@code
 * @OutageScenario(value = "fastly-2021-06-08", adapter = MyDownloaderAdapter.class)
 * class FastlyOutageTest {
 *     @Test void meetsTheSlos(RunResult result) { RunResultAssert.assertThat(result).meetsSlos(); }
 *     @Test void keepsNoCorruptFile(RunResult result) { RunResultAssert.assertThat(result).acceptedNoCorruptFile(); }
 * }
 * }</pre>
 *
 * A method-level annotation with the same values as one already run in its class is not run again either. An
 * adapter that is {@link AutoCloseable} is closed when the class ends. When there is no result (no such scenario,
 * a client that cannot run here, a policy no client of the run takes, or the run failed), the tests asking for it
 * fail saying why, the first three before anything plays; for a class-level annotation, the class does.
 *
 * <p>Scenarios are looked up in {@link #scenarios()}, else the folder in the system property
 * {@code outagedrill.scenarios}, else {@code ./scenarios}, else the built-in ones on the class path.
 *
 * <p>{@code world = World.CONTAINERS} plays the scenario on real servers in Docker containers, as {@code drill run
 * --world containers} does (nginx providers behind the containerised fault proxy, made by
 * {@code containers/prepare.sh}). Where no engine or image is there, the tests are skipped (aborted, as an
 * assumption does) with one line saying to run {@code containers/prepare.sh}. Steps real servers cannot act out are
 * printed before the run and noted in its record, unplayed; a topology they cannot build at all fails the tests
 * saying why. The run stops and removes its containers when it ends, before any test sees the result, so a
 * failing test leaves none behind.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Test
@ExtendWith(OutageScenarioExtension.class)
public @interface OutageScenario {
    /** The scenario's name (its file name without .yaml or .yml) or a path to a .yaml or .yml file. */
    String value();

    /** {@code reference}, {@code reference-cli}, {@code aria2c}, {@code curl} or {@code cmd:TEMPLATE}; empty for the scenario's own. */
    String client() default "";

    /**
     * Your own downloader as a {@link io.outagedrill.harness.sut.SystemUnderTest} class with a no-argument
     * constructor; it wins over {@link #client()}. The default (the interface itself) means none.
     */
    Class<? extends io.outagedrill.harness.sut.SystemUnderTest> adapter()
            default io.outagedrill.harness.sut.SystemUnderTest.class;

    /** A failover policy (reference client) or profile (aria2c); empty for the scenario's own. */
    String policy() default "";

    /** A seed instead of the scenario's; -1 keeps it. */
    long seed() default -1;

    /** At most this many clients per group (quicker), at least 1; -1 keeps the scenario's counts. */
    int clients() default -1;

    /** Folder to look in first; empty for the default lookup. */
    String scenarios() default "";

    /** Where run records go. */
    String results() default "target/drill-results";

    /** Where the providers and the fault proxy live: in this JVM (the default) or in Docker containers. */
    World world() default World.EMBEDDED;
}
