package io.outagedrill.fakes.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds the S3Proxy server jar ({@code org.gaul:s3proxy:VERSION:jar-with-dependencies}) that {@link
 * S3ProxyProcess} runs. It is a build artifact, never a dependency: its Jetty 11 would break our Jetty 12.
 *
 * <p>Looked for, in order: the system property {@value #PROPERTY} (the fake-cdns build sets it for tests,
 * pointing into {@code fake-cdns/target/s3proxy}), the environment variable {@value #ENVIRONMENT}, then the
 * local Maven repository ({@code maven.repo.local}, else {@code ~/.m2/repository}), where the build's copy
 * step resolved it.
 */
public final class S3ProxyJar {
    public static final String PROPERTY = "outagedrill.s3proxy.jar";
    public static final String ENVIRONMENT = "OUTAGEDRILL_S3PROXY_JAR";
    private static final String COORDINATES = "s3proxy.properties";

    private S3ProxyJar() {
    }

    /** The S3Proxy version this build copies ({@code s3proxy.version} in the root pom.xml). */
    public static String version() {
        return coordinates().getProperty("version");
    }

    /** Maven coordinates, e.g. {@code org.gaul:s3proxy:2.7.0:jar-with-dependencies}. */
    public static String coordinates(String separator) {
        Properties p = coordinates();
        return String.join(separator, p.getProperty("groupId"), p.getProperty("artifactId"),
                p.getProperty("version"), p.getProperty("classifier"));
    }

    /** The first existing candidate, if any. */
    public static Optional<Path> find() {
        return candidates().stream().filter(Files::isRegularFile).findFirst();
    }

    /** The jar, or an exception that lists where it looked and how to get it. */
    public static Path require() {
        return find().orElseThrow(() -> new ObjectStoreException(howToGet()));
    }

    /** Where it was looked for and the commands that put it there. */
    public static String howToGet() {
        return "S3Proxy server jar " + coordinates(":") + " not found; looked at " + candidates()
                + ". Build fake-cdns once (./mvnw -pl fake-cdns -am verify copies it), or run ./mvnw "
                + "dependency:get -Dartifact=" + coordinates(":").replaceFirst(":([^:]+)$", ":jar:$1")
                + " -Dtransitive=false, or point -D" + PROPERTY + " (or " + ENVIRONMENT + ") at the jar.";
    }

    static List<Path> candidates() {
        List<Path> paths = new ArrayList<>();
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            paths.add(Path.of(property));
        }
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isBlank()) {
            paths.add(Path.of(environment));
        }
        Properties p = coordinates();
        String repository = System.getProperty("maven.repo.local");
        Path repo = repository != null && !repository.isBlank() ? Path.of(repository)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        String artifact = p.getProperty("artifactId");
        String version = p.getProperty("version");
        paths.add(repo.resolve(p.getProperty("groupId").replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + "-" + p.getProperty("classifier") + ".jar"));
        return paths;
    }

    private static Properties coordinates() {
        Properties p = new Properties();
        try (InputStream in = S3ProxyJar.class.getResourceAsStream(COORDINATES)) {
            if (in == null) {
                throw new IllegalStateException(COORDINATES + " is missing from the fake-cdns jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
