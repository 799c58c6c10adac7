package io.outagedrill.harness.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The third-party JavaScript libraries the tests check the project against (installed by {@code npm ci --prefix
 * harness/src/test/node}), each driven by a script of ours that prints one JSON document. A script runs with its
 * input and output in files, so one that hangs is stopped at the limit and killed (a read of its pipe would block
 * past any timeout), never left behind; without Node.js or the package, the test is skipped saying what to install.
 */
public final class NodeScripts {
    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final long LIMIT_SECONDS = 30;

    private NodeScripts() {
    }

    /** Skips the test unless the npm package {@code name} is installed. */
    public static void requirePackage(String name) {
        Assumptions.assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules").resolve(name)),
                "the npm package " + name + " is not installed: npm ci --prefix harness/src/test/node (.ci/run does)");
    }

    /** Runs {@code script} with {@code args} and {@code input} on its standard input; returns what it printed. */
    public static JsonNode run(Path work, String input, String script, String... args)
            throws IOException, InterruptedException {
        Path in = Files.writeString(work.resolve("node-in.txt"), input);
        Path out = work.resolve("node-out.json");
        Path err = work.resolve("node-err.txt");
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process node;
        try {
            node = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectInput(in.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            Assumptions.abort("Node.js is not installed: apt-get install nodejs (.ci/run does)");
            throw e;
        }
        try {
            assertThat(node.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)).as("node %s finished within %d s", script,
                    LIMIT_SECONDS).isTrue();
            assertThat(node.exitValue()).as("node %s's exit code; it said:%n%s", script, Files.readString(err))
                    .isZero();
            return new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            node.destroyForcibly();
        }
    }
}
