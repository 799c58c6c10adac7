package io.outagedrill.reports.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A results folder's runs.json that someone edited by hand or that was cut short. */
class RunsManifestTest {
    @TempDir
    Path results;

    @Test
    void aBrokenListIsNamedWithWhereItBreaksAndIsNotOverwritten() throws Exception {
        Path file = Files.writeString(results.resolve("runs.json"), "{\"runs\": [\n  {\"id\": \"a\",\n");

        assertThatThrownBy(() -> new RunsManifest(results).read()).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("not the list of runs this folder keeps")
                .hasMessageContaining("move it away to start a new list");
        assertThatThrownBy(() -> new RunsManifest(results).update(runs -> runs, runs -> { }))
                .as("a drill's update of a broken list").isInstanceOf(IOException.class);
        assertThat(file).as("left for the user to fix").hasContent("{\"runs\": [\n  {\"id\": \"a\",\n");
    }
}
