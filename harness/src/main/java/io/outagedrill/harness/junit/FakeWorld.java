package io.outagedrill.harness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fake world ({@link io.outagedrill.fakes.topology.Topology}) on loopback, started once for a test class and
 * closed when the class ends, to point your own downloader at by hand and break as each test likes:
 *
 * <pre>{@code
 * @FakeWorld(scenario = "fastly-2021-06-08")      // that scenario's providers, files and manifest, left healthy
 * class MyDownloaderTest {
 *     @FakeWorld static Topology world;            // or an instance field, or a Topology test parameter
 *
 *     @Test void failsOverWhenFastlyAnswers503() {
 *         world.http("fastly").add(FaultRule.Status.of(503));
 *         myDownloader.get(world.manifestUrls("video.mp4"), world.trustStore(), world.caCertificate());
 *     }
 * }
 * }</pre>
 *
 * <p>On a field ({@code Topology}, static or not, not final) or a {@code Topology} test method parameter, an
 * annotation with no values of its own takes the class's world when the class has a {@code @FakeWorld}, else a
 * plain world of {@link #providers()} providers hosting {@link #file()}. A class-level {@code @FakeWorld} also
 * lets {@code Topology} parameters without the annotation have its world. Annotations with the same values share
 * one world per class, started before the first test that needs it (before all tests for class-level and
 * static-field ones). Faults a test adds stay in the shared world until it clears them. {@link #world()} puts the
 * world on real servers in containers.
 */
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeWorldExtension.class)
public @interface FakeWorld {
    /**
     * A scenario (its name or a path to its .yaml file, looked up as {@link OutageScenario#value()} is) whose
     * topology to build; empty for a plain world of {@link #providers()} providers.
     */
    String scenario() default "";

    /** Folder to look for {@link #scenario()} in first; empty for the default lookup. */
    String scenarios() default "";

    /** Seeds the file bytes; -1 keeps the scenario's (1 for a plain world). */
    long seed() default -1;

    /** How many providers a plain world has: the first of cloudflare, fastly, bunny, akamai, ... */
    int providers() default 3;

    /** The file a plain world hosts. */
    String file() default "video.mp4";

    /** Its size, as "4MiB" or a number of bytes. */
    String size() default "4MiB";

    /**
     * Where the world's providers and fault proxy live: in the test's JVM ({@link World#EMBEDDED}, the default), or
     * on real servers in Docker containers ({@link World#CONTAINERS}: nginx, Varnish for an edge cache, S3Proxy
     * where a scenario asks for it, behind the fault proxy in a container), as {@link OutageScenario#world()} and
     * {@code drill topology up --world containers}. There the links break through {@code world.network()} as
     * in-process, while {@code http(...)}, {@code tls(...)} and {@code server(...)} refuse a real server. Where no
     * engine or image is there, the tests that need the world are skipped with one line saying to run
     * {@code containers/prepare.sh}; its containers are removed when the class ends, also when a test failed.
     */
    World world() default World.EMBEDDED;
}
