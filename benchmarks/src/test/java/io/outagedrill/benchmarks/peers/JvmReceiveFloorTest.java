package io.outagedrill.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outagedrill.fakes.cdn.FakeCdn;
import io.outagedrill.fakes.content.HostedContent;
import io.outagedrill.fakes.tls.CertificateKind;
import io.outagedrill.fakes.tls.TestCertificateAuthority;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM floor receives exactly the body over real HTTPS (a Jetty server with a certificate from a test CA), and
 * refuses what the client refuses: a certificate the CA did not issue, one for another host, and an answer other
 * than a 200. A floor that accepted any server would time something the client never does.
 */
// Started among the first (the module runs its classes at once, longest first): about 20 s, which started last
// would end the module alone.
@Order(1)
class JvmReceiveFloorTest {
    /** Several records and several 256 KiB reads, not a multiple of either. */
    private static final byte[] BODY = new byte[3 * 1024 * 1024 + 12_345];
    private static TestCertificateAuthority ca;
    private static FakeCdn server;
    @TempDir
    static Path dir;
    private static Path caPem;

    @BeforeAll
    static void serve() throws IOException {
        new Random(7).nextBytes(BODY);
        ca = TestCertificateAuthority.create();
        caPem = ca.writePem(dir.resolve("ca.pem"));
        server = FakeCdn.builder("mirror.test").https(ca).host("/file.bin", HostedContent.ofBytes("file", BODY))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The file's URL by the server's address, which its certificate names beside its host name. */
    private static URI url(String path) {
        return URI.create("https://%s:%d%s".formatted(server.address().getAddress().getHostAddress(), server.port(),
                path));
    }

    @Test
    void receivesTheWholeBodyAndCountsNoHeaderByte() throws Exception {
        server.useCertificate(CertificateKind.VALID);

        assertThat(JvmReceiveFloor.receive(url("/file.bin"), caPem)).as("bytes of the body").isEqualTo(BODY.length);
    }

    @Test
    void refusesACertificateFromAnotherCa() throws Exception {
        server.useCertificate(CertificateKind.VALID);
        Path otherCa = TestCertificateAuthority.create().writePem(dir.resolve("other-ca.pem"));

        assertThatThrownBy(() -> JvmReceiveFloor.receive(url("/file.bin"), otherCa))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void refusesACertificateForAnotherHost() {
        server.useCertificate(CertificateKind.WRONG_HOST);
        try {
            assertThatThrownBy(() -> JvmReceiveFloor.receive(url("/file.bin"), caPem))
                    .isInstanceOf(SSLException.class);
        } finally {
            server.useCertificate(CertificateKind.VALID);
        }
    }

    @Test
    void anAnswerOtherThanA200IsAnErrorThatQuotesIt() {
        server.useCertificate(CertificateKind.VALID);

        assertThatThrownBy(() -> JvmReceiveFloor.receive(url("/missing.bin"), caPem))
                .isInstanceOf(IOException.class).hasMessageStartingWith("expected HTTP/1.1 200, the server said "
                        + "'HTTP/1.1 404 ");
    }

    @Test
    void aUrlThatIsNotHttpsWithAPortIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> JvmReceiveFloor.receive(URI.create("http://127.0.0.1:1/x"), caPem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected an https URL with a port, was http://127.0.0.1:1/x");
    }

    /**
     * The bench's warm-up trains the floor's AOT cache, and its timed runs then start from it, as {@code drill get}'s
     * do. The module's tests load the floor from a classes folder, which no AOT cache takes, so here it is put in a
     * jar first. {@code -XX:AOTMode=on} makes the timed JVM fail if it cannot use the cache.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES) // its reads block
    void theWarmUpTrainsAnAotCacheThatTheTimedRunStartsFrom() throws Exception {
        Path work = java.nio.file.Files.createDirectories(dir.resolve("aot"));
        List<String> timed = trainThenRunFromTheCache(work, work.resolve("drill"));
        assertThat(timed).as("the timed command, with no split Conscrypt beside its launcher")
                .noneMatch(flag -> flag.startsWith("-Djava.library.path="));
    }

    /**
     * Where the build split Conscrypt for {@code ./drill} (reference-client's package step, before this module's
     * tests in a reactor build), the floor runs it split as {@code drill get} does: its classes' jar instead of
     * Conscrypt's own, and the folder of its native libraries as the library path.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
    void theFloorLinksConscryptAsTheLauncherDoesWhereTheBuildSplitIt() throws Exception {
        Path launcher = Path.of("..", "drill").toAbsolutePath().normalize();
        java.util.Optional<JvmFloor.SplitConscrypt> split =
                JvmFloor.SplitConscrypt.besideLauncher(launcher);
        org.junit.jupiter.api.Assumptions.assumeTrue(split.isPresent(), "needs reference-client packaged");
        Path work = java.nio.file.Files.createDirectories(dir.resolve("split"));

        List<String> timed = trainThenRunFromTheCache(work, launcher);

        assertThat(timed).as("the timed command")
                .contains("-Djava.library.path=" + split.get().libraries())
                .anyMatch(arg -> arg.contains(split.get().classes().toString()))
                .noneMatch(arg -> arg.contains("conscrypt-openjdk-uber"));
    }

    /**
     * The floor stands for {@code drill get}'s JVM, so it takes every flag the launcher gives it: a flag added to
     * the launcher and not here fails this test. The launcher runs in a folder of its own with a stub JDK of this
     * JVM's version whose {@code java} writes its arguments down, and with an AOT cache in place (the flags of
     * every run after the first).
     */
    @Test
    void theFloorRunsWithEveryJvmFlagTheLauncherGivesGet() throws Exception {
        Path root = java.nio.file.Files.createDirectories(dir.resolve("launcher"));
        Path repo = Path.of("..").toAbsolutePath().normalize();
        java.nio.file.Files.createDirectories(root.resolve(".mvn"));
        java.nio.file.Files.copy(repo.resolve("drill"), root.resolve("drill"));
        java.nio.file.Files.copy(repo.resolve(".mvn/find-jdk.sh"), root.resolve(".mvn/find-jdk.sh"));
        java.nio.file.Files.copy(repo.resolve(".mvn/drill-kept.sh"), root.resolve(".mvn/drill-kept.sh"));
        Path jdk = java.nio.file.Files.createDirectories(root.resolve("jdk-stub/bin"));
        Path argsFile = root.resolve("java-args.txt");
        for (String tool : List.of("java", "javac")) {
            java.nio.file.Files.writeString(jdk.resolve(tool), "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + argsFile + "'\n");
            assertThat(jdk.resolve(tool).toFile().setExecutable(true)).isTrue();
        }
        int feature = Runtime.version().feature();
        java.nio.file.Files.writeString(jdk.resolveSibling("release"),
                "JAVA_VERSION=\"" + feature + ".0.1\"\nOS_ARCH=\"x86_64\"\nOS_NAME=\"Linux\"\n");
        Path clientJar = touch(root.resolve("reference-client/target/reference-client-1.jar"));
        Path picocliJar = touch(root.resolve("picocli-java21/target/picocli-java21-1.jar"));
        touch(root.resolve("app/target/drill-1.jar"));
        String classPath = clientJar + ":" + picocliJar;
        java.nio.file.Files.writeString(root.resolve("app/target/drill.classpath"), classPath + "\n");
        java.nio.file.Files.writeString(touch(root.resolve("reference-client/target/client.classpath")), "\n");
        String archive = feature >= 25 ? "drill-client-jdk-stub.aot" : "drill-client-jdk-stub.jsa";
        touch(root.resolve("app/target").resolve(archive));
        // The class path the launcher builds for get (client.classpath is empty here), as if the archive was made for it.
        java.nio.file.Files.writeString(root.resolve("app/target/drill-client-jdk-stub.classpath"), classPath + "\n");

        ProcessBuilder launch = new ProcessBuilder(root.resolve("drill").toString(), "get", "manifest.jws")
                .redirectErrorStream(true);
        launch.environment().put("JAVA_HOME", jdk.getParent().toString());
        launch.environment().remove("DRILL_JAVA_OPTS");
        Run run = run(launch.command(), launch.environment());
        assertThat(run.exit()).as("the launcher with a stub JDK; it printed: %s", run.output()).isZero();
        List<String> launcherArgs = java.nio.file.Files.readAllLines(argsFile);
        List<String> launcherFlags = launcherArgs.subList(0, launcherArgs.indexOf("-cp")).stream()
                // The client's own settings (-Doutagedrill.*, such as whether stderr is a terminal) are no JVM's.
                .filter(flag -> !flag.startsWith("-XX:AOTCache=") && !flag.startsWith("-XX:SharedArchiveFile=")
                        && !flag.startsWith("-Xlog:") && !flag.startsWith("-Djava.library.path=")
                        && !flag.startsWith("-Doutagedrill."))
                .toList();
        assertThat(launcherArgs).as("the launcher's arguments to java for get").contains("-XX:TieredStopAtLevel=1")
                .anyMatch(arg -> arg.startsWith("-XX:AOTCache=") || arg.startsWith("-XX:SharedArchiveFile="))
                .endsWith("io.outagedrill.client.cli.ClientMain", "get", "manifest.jws");

        Path work = java.nio.file.Files.createDirectories(dir.resolve("flags"));
        BenchFile file = new BenchFile(work.resolve("file.bin"), 1, "unused", 1, List.of());
        Setup setup = new Setup(file, List.of(url("/file.bin")), List.of(), work.resolve("unused.jws"),
                work.resolve("unused.jws"), caPem, work.resolve("unused.jwks"), work.resolve("drill"),
                java.util.Optional.empty(), work);
        JvmFloor receiveFloor = new JvmFloor(JvmFloor.Program.RECEIVE, List.of(clientJar));
        touch(receiveFloor.aotCache(setup));
        List<String> floor = receiveFloor.command(setup, work);

        assertThat(floor).as("the floor's command").containsAll(launcherFlags);
    }

    private static Path touch(Path file) throws IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        return java.nio.file.Files.exists(file) ? file : java.nio.file.Files.createFile(file);
    }

    /** Trains the floor's AOT cache with the warm-up, runs the timed command from it; returns that command. */
    private List<String> trainThenRunFromTheCache(Path work, Path launcher) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "an AOT cache needs JDK 25");
        server.useCertificate(CertificateKind.VALID);
        JvmFloor floor = new JvmFloor(JvmFloor.Program.RECEIVE, List.of(floorJar(work.resolve("floor.jar")),
                Path.of(org.conscrypt.Conscrypt.class.getProtectionDomain().getCodeSource().getLocation().toURI())));
        assertThat(floor.aotCacheable()).as("a class path of jars on JDK 25").isTrue();
        BenchFile file = new BenchFile(work.resolve("file.bin"), BODY.length, "unused", BODY.length, List.of());
        Setup setup = new Setup(file, List.of(url("/file.bin")), List.of(), work.resolve("unused.jws"),
                work.resolve("unused.jws"), caPem, work.resolve("unused.jwks"), launcher,
                java.util.Optional.empty(), work);

        Run warmUp = run(floor.warmUp(setup, work).orElseThrow());
        assertThat(warmUp.exit()).as("the warm-up's exit code; it printed: %s", warmUp.output()).isZero();
        assertThat(floor.aotCache(setup)).as("the cache the warm-up writes").isRegularFile();

        List<String> timed = new java.util.ArrayList<>(floor.command(setup, work));
        assertThat(timed).as("the timed command").contains("-XX:AOTCache=" + floor.aotCache(setup));
        timed.add(1, "-XX:AOTMode=on");
        Run cached = run(timed);
        assertThat(cached.exit()).as("the timed run's exit code; it printed: %s", cached.output()).isZero();
        assertThat(cached.output().strip()).as("bytes received").isEqualTo(Integer.toString(BODY.length));
        return timed;
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command) throws Exception {
        return run(command, Map.of());
    }

    private static Run run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment.isEmpty() ? System.getenv() : environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("finished in 60 s").isTrue();
        return new Run(process.exitValue(), output);
    }

    /** The floor's classes (the program and its nested classes) in a jar, as the packaged bench has them. */
    private static Path floorJar(Path jar) throws Exception {
        Path classes = Path.of(JvmReceiveFloor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path folder = classes.resolve(JvmReceiveFloor.class.getPackageName().replace('.', '/'));
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar));
             var entries = java.nio.file.Files.list(folder)) {
            for (Path each : entries.filter(p -> p.getFileName().toString().startsWith("JvmReceiveFloor")
                    || p.getFileName().toString().startsWith("EngineConnection")).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(each).toString().replace('\\', '/')));
                java.nio.file.Files.copy(each, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
