package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One program the bench times: how to run it so that it downloads and verifies the file into a folder (or, for
 * openssl, only hashes it), and how to tell that it did. Each runs with its defaults; only what is needed to
 * reach the loopback mirrors (the test CA), to check the result and to keep the console quiet is given.
 */
sealed interface Contender {
    /** Short stable name, as {@code --contenders} takes it and the JSON prints it. */
    String name();

    /** What it is, for the table. */
    String description();

    /** The command line, run in {@code out} (an empty folder for this run). */
    List<String> command(Setup setup, Path out);

    /** Empty when the run produced the verified file; else what is wrong. */
    Optional<String> problem(Setup setup, Path out, TimedProcess.Usage usage) throws IOException;

    /** Whether this run downloads (and so reads the mirrors' logs for its first request). */
    default boolean downloads() {
        return true;
    }

    /** Whether it downloads from all three mirrors (so one of them can fail under it). */
    default boolean multiMirror() {
        return this instanceof DrillGet || this instanceof Aria2c;
    }

    /**
     * Whether it prints the reference client's JSON events on stdout ({@code --json}), which the bench keeps in a
     * file to time detection and recovery from.
     */
    default boolean events() {
        return false;
    }

    /** The same contender printing its JSON events, where it has them; else itself. */
    default Contender withEvents() {
        return this;
    }

    /** The program it needs on PATH, and how to install it. */
    default Optional<Tool> tool() {
        return Optional.empty();
    }

    /**
     * An untimed run before the rounds that prepares this contender's timed runs (the JVM floor's AOT cache);
     * empty when it needs none.
     */
    default Optional<List<String>> warmUp(Setup setup, Path out) {
        return Optional.empty();
    }

    List<String> ALL = List.of("drill-https", "drill-http", "aria2c-https", "curl-https", "curl-https-sync",
            "curl-http", "openssl",
            "receive-floor", "jvm-receive-floor", "jvm-download-floor", "write-floor");

    /** The suffix of a contender run through the baseline launcher ({@code drill bench peers --baseline}). */
    String BASELINE = "@baseline";

    static Contender named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "drill-https" -> new DrillGet(true, false, false);
            case "drill-http" -> new DrillGet(false, false, false);
            case "drill-https" + BASELINE -> new DrillGet(true, false, true);
            case "drill-http" + BASELINE -> new DrillGet(false, false, true);
            case "aria2c-https" -> new Aria2c();
            case "curl-https" -> new CurlThenSha256sum(true, false);
            case "curl-https-sync" -> new CurlThenSha256sum(true, true);
            case "curl-http" -> new CurlThenSha256sum(false, false);
            case "openssl" -> new OpensslDgst();
            case "receive-floor" -> new ReceiveFloor();
            case "jvm-receive-floor" -> new JvmFloor(JvmFloor.Program.RECEIVE);
            case "jvm-download-floor" -> new JvmFloor(JvmFloor.Program.DOWNLOAD);
            case "write-floor" -> new WriteFloor();
            default -> throw new IllegalArgumentException("unknown contender '%s'; expected one of %s (and "
                    .formatted(name, String.join(", ", ALL)) + "drill-https" + BASELINE + ", drill-http" + BASELINE
                    + " with a baseline launcher)");
        };
    }

    /**
     * {@code ./drill get} with its defaults, as a user runs it: the launcher script, a fresh JVM; with
     * {@code events}, {@code --json} too (events on stdout instead of the progress display on stderr); with
     * {@code baseline}, through the baseline launcher (another build, timed side by side with this one).
     */
    record DrillGet(boolean https, boolean events, boolean baseline) implements Contender {
        @Override
        public Contender withEvents() {
            return new DrillGet(https, true, baseline);
        }

        @Override
        public String name() {
            return (https ? "drill-https" : "drill-http") + (baseline ? BASELINE : "");
        }

        @Override
        public String description() {
            return "drill get, " + (https ? "HTTPS" : "HTTP (--allow-http)") + (events ? ", --json" : "")
                    + (baseline ? ", baseline build" : "");
        }

        /** The launcher this contender runs. */
        Path launcher(Setup setup) {
            return baseline ? setup.baseline().orElseThrow(() -> new IllegalStateException(
                    name() + " needs a baseline launcher (--baseline)")) : setup.drill();
        }

        @Override
        public List<String> command(Setup setup, Path out) {
            List<String> command = new ArrayList<>(List.of(launcher(setup).toString(), "get",
                    "--trust", setup.trustJwks().toString(), "--ca-cert", setup.caPem().toString(),
                    "--versions", out.resolve("versions.json").toString(), "-o", out.toString()));
            if (!https) {
                command.add("--allow-http");
            }
            if (events) {
                command.add("--json");
            }
            command.add((https ? setup.httpsManifest() : setup.httpManifest()).toString());
            return command;
        }

        @Override
        public Optional<String> problem(Setup setup, Path out, TimedProcess.Usage usage) throws IOException {
            Optional<String> rebuilt = rebuilt(usage.output());
            if (rebuilt.isPresent()) {
                return rebuilt;
            }
            return exitAndSize(setup, out, usage); // drill renames the file only after its whole SHA-256 matched
        }

        /** What the launcher prints on stderr when it builds the project before running the command. */
        static final String BUILDING = "drill: building (";

        /**
         * A timed run in which the launcher built the project first (a source changed after the warm-up run) timed
         * the build, and its JVM then trained a new class archive: such a run is a failure, not a sample.
         */
        static Optional<String> rebuilt(String stderr) {
            int at = stderr.indexOf(BUILDING);
            if (at < 0) {
                return Optional.empty();
            }
            int end = stderr.indexOf('\n', at);
            return Optional.of("the launcher built the project in this timed run (\"%s\"): a source file changed "
                    .formatted(stderr.substring(at, end < 0 ? stderr.length() : end))
                    + "after the warm-up, so the run timed a build; leave the sources alone while a bench runs");
        }
    }

    /** aria2c with its defaults over all three mirrors, checking the whole file's SHA-256 itself. */
    record Aria2c() implements Contender {
        @Override
        public String name() {
            return "aria2c-https";
        }

        @Override
        public String description() {
            return "aria2c, 3 mirrors, --checksum, HTTPS";
        }

        @Override
        public List<String> command(Setup setup, Path out) {
            List<String> command = new ArrayList<>(List.of("aria2c", "--quiet=true",
                    "--checksum=sha-256=" + setup.file().sha256(), "--ca-certificate=" + setup.caPem(),
                    "--dir=" + out, "--out=" + setup.fileName()));
            setup.httpsUrls().forEach(u -> command.add(u.toString()));
            return command;
        }

        @Override
        public Optional<String> problem(Setup setup, Path out, TimedProcess.Usage usage) throws IOException {
            return exitAndSize(setup, out, usage); // aria2c exits non-zero when --checksum fails
        }

        @Override
        public Optional<Tool> tool() {
            return Optional.of(new Tool("aria2c", "aria2"));
        }
    }

    /**
     * curl from one mirror into a file, then sha256sum over it: the plain shell way. With {@code durable}, then
     * {@code sync FILE} too (an fsync of that file): as durable as {@code drill get} leaves its file, which forces
     * it to disk before the rename. curl and sha256sum leave the file's write-back to the kernel, after the timed
     * run; {@code drill get} pays it inside, so this is the like-for-like peer.
     */
    record CurlThenSha256sum(boolean https, boolean durable) implements Contender {
        @Override
        public String name() {
            return (https ? "curl-https" : "curl-http") + (durable ? "-sync" : "");
        }

        @Override
        public String description() {
            return "curl then sha256sum" + (durable ? " then sync FILE" : "") + ", " + (https ? "HTTPS" : "HTTP");
        }

        @Override
        public List<String> command(Setup setup, Path out) {
            URI url = (https ? setup.httpsUrls() : setup.httpUrls()).getFirst();
            return List.of("sh", "-c", "curl -sS --fail --cacert \"$1\" -o \"$2\" \"$3\" && sha256sum \"$2\""
                    + (durable ? " && sync \"$2\"" : ""), "curl-then-sha256sum", setup.caPem().toString(),
                    out.resolve(setup.fileName()).toString(), url.toString());
        }

        @Override
        public Optional<String> problem(Setup setup, Path out, TimedProcess.Usage usage) throws IOException {
            Optional<String> basic = exitAndSize(setup, out, usage);
            if (basic.isPresent()) {
                return basic;
            }
            return usage.output().startsWith(setup.file().sha256()) ? Optional.empty()
                    : Optional.of("sha256sum printed '%s', expected %s".formatted(usage.output().strip(),
                    setup.file().sha256()));
        }

        @Override
        public Optional<Tool> tool() {
            return Optional.of(Tool.CURL);
        }
    }

    /** {@code openssl dgst -sha256} of the served file (in the page cache): the hashing rate to compare with. */
    record OpensslDgst() implements Contender {
        @Override
        public String name() {
            return "openssl";
        }

        @Override
        public String description() {
            return "openssl dgst -sha256 (no download)";
        }

        @Override
        public List<String> command(Setup setup, Path out) {
            return List.of("openssl", "dgst", "-sha256", setup.file().path().toString());
        }

        @Override
        public Optional<String> problem(Setup setup, Path out, TimedProcess.Usage usage) {
            return failedExit(usage).or(() -> usage.output().strip().endsWith(setup.file().sha256())
                    ? Optional.empty()
                    : Optional.of("printed '%s', expected %s".formatted(usage.output().strip(), setup.file().sha256())));
        }

        @Override
        public boolean downloads() {
            return false;
        }

        @Override
        public Optional<Tool> tool() {
            return Optional.of(new Tool("openssl", "openssl"));
        }
    }

    /**
     * curl from one mirror over HTTPS into {@code /dev/null}: what receiving and decrypting the file costs in C, with
     * nothing written and nothing hashed (a part of {@link Floor}).
     */
    record ReceiveFloor() implements Contender {
        @Override
        public String name() {
            return Floor.RECEIVE;
        }

        @Override
        public String description() {
            return "floor: curl into /dev/null, HTTPS (receive and decrypt only)";
        }

        @Override
        public List<String> command(Setup setup, Path out) {
            return List.of("curl", "-sS", "--fail", "--cacert", setup.caPem().toString(), "-o", "/dev/null",
                    "-w", "%{size_download}", setup.httpsUrls().getFirst().toString());
        }

        @Override
        public Optional<String> problem(Setup setup, Path out, TimedProcess.Usage usage) {
            return printedTheFileSize(setup, usage);
        }

        @Override
        public Optional<Tool> tool() {
            return Optional.of(Tool.CURL);
        }
    }

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
            return program == Program.RECEIVE ? printedTheFileSize(setup, usage)
                    : exitAndSize(setup, out, usage).or(() -> printedTheFileSize(setup, usage));
        }
    }

    /**
     * dd writing as many zero bytes as the file has into a new file in the run's folder, flushed to disk at the end:
     * what writing the file costs on this file system, for any client (a part of {@link Floor}).
     */
    record WriteFloor() implements Contender {
        @Override
        public String name() {
            return Floor.WRITE;
        }

        @Override
        public String description() {
            return "floor: dd into a new file, fdatasync (write only)";
        }

        @Override
        public List<String> command(Setup setup, Path out) {
            return List.of("dd", "if=/dev/zero", "of=" + out.resolve(setup.fileName()), "bs=64K",
                    "count=" + setup.file().size(), "iflag=count_bytes", "conv=fdatasync", "status=none");
        }

        @Override
        public Optional<String> problem(Setup setup, Path out, TimedProcess.Usage usage) throws IOException {
            return exitAndSize(setup, out, usage);
        }

        @Override
        public boolean downloads() {
            return false;
        }

        @Override
        public Optional<Tool> tool() {
            return Optional.of(new Tool("dd", "coreutils"));
        }
    }

    /** A non-zero exit code with the end of what the program printed, where the reason usually stands. */
    private static Optional<String> failedExit(TimedProcess.Usage usage) {
        if (usage.exitCode() == 0) {
            return Optional.empty();
        }
        String tail = usage.output().strip();
        tail = tail.length() > 600 ? "…" + tail.substring(tail.length() - 600) : tail;
        return Optional.of("exit code %d: %s".formatted(usage.exitCode(), tail));
    }

    /** For a receiving floor, which writes nothing: exit code 0 and the body's length printed. */
    static Optional<String> printedTheFileSize(Setup setup, TimedProcess.Usage usage) {
        // The last line: a profiler's agent in the floor's JVM may print a line of its own first.
        List<String> lines = usage.output().strip().lines().toList();
        String printed = lines.isEmpty() ? "" : lines.getLast().strip();
        return failedExit(usage).or(() -> printed.equals(Long.toString(setup.file().size()))
                ? Optional.empty()
                : Optional.of("received '%s' bytes, expected %d".formatted(usage.output().strip(),
                setup.file().size())));
    }

    private static Optional<String> exitAndSize(Setup setup, Path out, TimedProcess.Usage usage) throws IOException {
        Optional<String> failed = failedExit(usage);
        if (failed.isPresent()) {
            return failed;
        }
        Path file = out.resolve(setup.fileName());
        if (!Files.isRegularFile(file)) {
            return Optional.of("no " + file + " after exit code 0");
        }
        long size = Files.size(file);
        return size == setup.file().size() ? Optional.empty()
                : Optional.of("%s has %d bytes, expected %d".formatted(file, size, setup.file().size()));
    }
}
