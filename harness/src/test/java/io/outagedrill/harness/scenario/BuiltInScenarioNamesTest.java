package io.outagedrill.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in scenarios' names, which a misspelt name is matched against: in a build the harness is a jar (the
 * Maven plugin's class path), in this module's tests a folder, and both must list them.
 */
class BuiltInScenarioNamesTest {
    @TempDir
    Path dir;

    @Test
    void theRepositorysScenariosAreListedFromTheClassPath() {
        assertThat(ScenarioLoader.builtInNames()).as("the scenarios shipped with the harness")
                .contains("fastly-2021-06-08", "primary-blackhole-mid-transfer", "demo").isSorted();
    }

    @Test
    void aJarsScenariosFolderListsItsOwnFilesOnly() throws Exception {
        Path jar = dir.resolve("harness.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : new String[] {"scenarios/", "scenarios/b-outage.yaml", "scenarios/a-outage.yml",
                    "scenarios/README.md", "scenarios/media/episode.yaml", "other/c-outage.yaml"}) {
                out.putNextEntry(new JarEntry(entry));
                write(out, entry);
            }
        }
        URL folder = URI.create("jar:" + jar.toUri() + "!/scenarios").toURL();

        assertThat(ScenarioLoader.builtInNamesIn(folder)).as("the .yaml/.yml files directly under scenarios/ in "
                + jar).containsExactlyInAnyOrder("a-outage", "b-outage");
    }

    private static void write(OutputStream out, String entry) throws IOException {
        if (!entry.endsWith("/")) {
            out.write(("name: " + entry + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
