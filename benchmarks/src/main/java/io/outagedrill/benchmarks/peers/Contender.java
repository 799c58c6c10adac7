package io.outagedrill.benchmarks.peers;

import java.io.IOException;
import java.net.URI;
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
sealed interface Contender permits Contender.DrillGet, Contender.Aria2c, Contender.CurlThenSha256sum,
        Contender.OpensslDgst, Contender.ReceiveFloor, Contender.WriteFloor, JvmFloor {
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
        return false;
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

    List<String> ALL = List.of(PeersBench.ALL_CONTENDERS.split(","));

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
        public boolean multiMirror() {
            return true;
        }

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
            return RunChecks.exitAndSize(setup, out, usage); // drill renames the file only after its whole SHA-256 matched
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
        public boolean multiMirror() {
            return true;
        }

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
            return RunChecks.exitAndSize(setup, out, usage); // aria2c exits non-zero when --checksum fails
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
            Optional<String> basic = RunChecks.exitAndSize(setup, out, usage);
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
            return RunChecks.failedExit(usage).or(() -> usage.output().strip().endsWith(setup.file().sha256())
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
            return RunChecks.printedTheFileSize(setup, usage);
        }

        @Override
        public Optional<Tool> tool() {
            return Optional.of(Tool.CURL);
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
            return RunChecks.exitAndSize(setup, out, usage);
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
}
