package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JVM floor, {@link JvmReceiveFloor} or {@link JvmDownloadFloor}, in a fresh JVM with the flags the launcher
 * gives {@code drill get} (the serial collector, a 128 MiB heap with its start sized as the launcher sizes it, C1
 * alone with its thresholds scaled, native access for Conscrypt, reflection through JNI; JvmReceiveFloorTest
 * compares them with what the launcher passes) and, on JDK 25 and later, an AOT cache that
 * the bench's warm-up trains, as the launcher's first run trains the client's (on JDK 25 without replaying its
 * training, as the launcher runs it), and Conscrypt split as the launcher runs it where the build split it
 * ({@link SplitConscrypt}): what receiving and decrypting the file costs in Java, start included (a part of
 * {@link Floor}, for a JVM client), or a verifying download with no code but what the targets ask for.
 *
 * @param program   which floor
 * @param classPath its own code and Conscrypt's jars, as a program that does nothing else would have
 */
record JvmFloor(Program program, List<Path> classPath) implements Contender {
    /** The two programs: what each runs and with what arguments. */
    enum Program {
        RECEIVE(Floor.JVM_RECEIVE, JvmReceiveFloor.class,
                "floor: a JVM receiving over Conscrypt's SSLEngine, nothing written (receive and decrypt only)"),
        DOWNLOAD(Floor.JVM_DOWNLOAD, JvmDownloadFloor.class, "floor: a JVM downloading from the three mirrors "
                + "with no HTTP library, each chunk and the whole file checked, written (no code of a client's own)");

        private final String contender;
        private final Class<?> main;
        private final String description;

        Program(String contender, Class<?> main, String description) {
            this.contender = contender;
            this.main = main;
            this.description = description;
        }

        List<String> arguments(Setup setup, Path out) {
            return switch (this) {
                case RECEIVE -> List.of(setup.httpsUrls().getFirst().toString(), setup.caPem().toString());
                case DOWNLOAD -> {
                    List<String> args = new ArrayList<>(List.of(out.resolve(setup.fileName()).toString(),
                            Long.toString(setup.file().size()), setup.file().sha256(),
                            Long.toString(setup.file().chunkSize()), setup.chunkHashes().toString(),
                            setup.caPem().toString()));
                    setup.httpsUrls().forEach(url -> args.add(url.toString()));
                    yield args;
                }
            };
        }
    }

    public JvmFloor {
        classPath = List.copyOf(classPath);
    }

    public JvmFloor(Program program) {
        this(program, ownClassPath());
    }

    @Override
    public String name() {
        return program.contender;
    }

    @Override
    public String description() {
        return program.description;
    }

    /** The timed run: from the AOT cache the warm-up trained, with {@link #EXTRA_JAVA_OPTIONS}' flags if set. */
    @Override
    public List<String> command(Setup setup, Path out) {
        Path cache = aotCache(setup);
        List<String> flags = new ArrayList<>();
        if (Files.isRegularFile(cache)) {
            flags.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off"));
            if (Runtime.version().feature() == 25) { // as the launcher does for drill get on C1 alone
                flags.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining"));
            }
        }
        // Not in the warm-up: the cache is trained with the floor's own flags, as the launcher trains drill get's.
        flags.addAll(extraJavaOptions(System.getenv(EXTRA_JAVA_OPTIONS)));
        return command(setup, out, flags);
    }

    @Override
    public Optional<List<String>> warmUp(Setup setup, Path out) {
        return aotCacheable() ? Optional.of(command(setup, out, List.of("-XX:AOTCacheOutput=" + aotCache(setup))))
                : Optional.empty();
    }

    /**
     * The heap as ./drill starts drill get: a 20 MiB young generation in transparent huge pages where the kernel
     * gives 2 MiB ones on request, a 16 MiB heap otherwise (the launcher says why).
     */
    static List<String> clientHeapFlags() {
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage");
        String mode;
        String size;
        try {
            mode = Files.readString(thp.resolve("enabled"));
            size = Files.readString(thp.resolve("hpage_pmd_size")).strip();
        } catch (IOException | RuntimeException e) {
            mode = "";
            size = "";
        }
        return size.equals("2097152") && (mode.contains("[madvise]") || mode.contains("[always]"))
                ? List.of("-Xms32m", "-Xmn20m", "-XX:+UseTransparentHugePages", "-Xlog:pagesize=off")
                : List.of("-Xms16m");
    }

    private List<String> command(Setup setup, Path out, List<String> cacheFlags) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC"));
        command.addAll(clientHeapFlags());
        command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=4",
                "--enable-native-access=ALL-UNNAMED", "-Djdk.reflect.useNativeAccessorOnly=true"));
        if (Runtime.version().feature() >= 22) {
            command.add("-XX:UserThreadWaitAttemptsAtExit=0"); // as ./drill: no wait at exit for native calls
        }
        command.addAll(cacheFlags);
        List<Path> path = classPath;
        Optional<SplitConscrypt> split = SplitConscrypt.besideLauncher(setup.drill());
        if (split.isPresent() && classPath.stream().anyMatch(SplitConscrypt::isConscryptsOwnJar)) {
            // As ./drill runs drill get: Conscrypt's classes alone, its library linked where the build put it.
            path = new ArrayList<>(classPath.stream().filter(p -> !SplitConscrypt.isConscryptsOwnJar(p)).toList());
            path.add(split.get().classes());
            command.add("-Djava.library.path=" + split.get().libraries());
        }
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, path.stream()
                .map(Path::toString).toList()), program.main.getName()));
        command.addAll(program.arguments(setup, out));
        return command;
    }

    /**
     * JVM flags added after the floor's own, as {@code DRILL_JAVA_OPTS} adds them to {@code drill get}'s: a
     * profiler's agent, to profile a floor inside the bench beside a {@code --drill} wrapper that profiles the
     * client. Separate from {@code DRILL_JAVA_OPTS}, which the bench's own JVM may have been started with.
     */
    static final String EXTRA_JAVA_OPTIONS = "DRILL_FLOOR_JAVA_OPTS";

    static List<String> extraJavaOptions(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }

    /**
     * Conscrypt as {@code reference-client}'s build splits it for the launcher: its classes in a jar of their
     * own, its native libraries in a folder (so it links one in place instead of inflating a copy on every
     * start).
     */
    record SplitConscrypt(Path classes, Path libraries) {
        static Optional<SplitConscrypt> besideLauncher(Path drill) {
            Path target = drill.toAbsolutePath().getParent().resolve("reference-client").resolve("target");
            Path libraries = target.resolve("conscrypt-native").resolve("META-INF").resolve("native");
            if (!Files.isDirectory(libraries)) {
                return Optional.empty();
            }
            try (java.util.stream.Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-conscrypt-classes.jar"))
                        .toList();
                // One, or it is not clear which build the launcher runs: the floor keeps Conscrypt's own jar.
                return jars.size() == 1 ? Optional.of(new SplitConscrypt(jars.getFirst(), libraries))
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty(); // a folder it cannot list: the floor runs Conscrypt's own jar
            }
        }

        static boolean isConscryptsOwnJar(Path jar) {
            return jar.getFileName().toString().startsWith("conscrypt-openjdk");
        }
    }

    Path aotCache(Setup setup) {
        return setup.dir().resolve(program.contender + ".aot");
    }

    /** Where this JVM loaded it and Conscrypt from. */
    private static List<Path> ownClassPath() {
        return java.util.stream.Stream.of(JvmReceiveFloor.class, org.conscrypt.Conscrypt.class).map(c -> {
            try {
                return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException("where " + c.getName() + " was loaded from", e);
            }
        }).distinct().toList();
    }

    /** An AOT cache needs JDK 25 (one-step training, JEP 514) and holds classes from jars only. */
    boolean aotCacheable() {
        return Runtime.version().feature() >= 25
                && classPath.stream().allMatch(p -> Files.isRegularFile(p) && p.toString().endsWith(".jar"));
    }

    @Override
    public Optional<String> problem(Setup setup, Path out, TimedProcess.Usage usage) throws IOException {
        return program == Program.RECEIVE ? RunChecks.printedTheFileSize(setup, usage)
                : RunChecks.exitAndSize(setup, out, usage).or(() -> RunChecks.printedTheFileSize(setup, usage));
    }
}
