package io.outagedrill.client.manifest;

import io.outagedrill.client.ClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileVersionStoreTest {

    private static final Instant T1 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-05-02T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void keepsTheHighestVersionWithWhenItWasFirstAccepted() {
        FileVersionStore store = new FileVersionStore(dir.resolve("versions.json"));
        store.record("a.mp4", 5, T1);
        store.record("a.mp4", 3, T2);
        store.record("a.mp4", 5, T2);

        assertThat(new FileVersionStore(dir.resolve("versions.json")).highest("a.mp4"))
                .contains(new VersionStore.Accepted(5, T1));
    }

    @Test
    void recordAtLeastRefusesALowerVersionKeepsTheSameAndRecordsAHigherOne() {
        FileVersionStore store = new FileVersionStore(dir.resolve("versions.json"));
        store.record("a.mp4", 5, T1);

        assertThat(store.recordAtLeast("a.mp4", 4, T2)).as("version 4 where 5 is recorded")
                .contains(new VersionStore.Accepted(5, T1));
        assertThat(store.recordAtLeast("a.mp4", 5, T2)).as("version 5 again (a renewal)").isEmpty();
        assertThat(store.highest("a.mp4")).as("the record after the renewal: when 5 was first published")
                .contains(new VersionStore.Accepted(5, T1));
        assertThat(store.recordAtLeast("a.mp4", 6, T2)).as("version 6").isEmpty();
        assertThat(new FileVersionStore(dir.resolve("versions.json")).highest("a.mp4")).as("the record on disk")
                .contains(new VersionStore.Accepted(6, T2));
        assertThat(store.recordAtLeast("b.mp4", 1, T2)).as("a file never published").isEmpty();
    }

    @Test
    void readingAnAbsentStoreCreatesNothing() {
        FileVersionStore store = new FileVersionStore(dir.resolve("sub/versions.json"));

        assertThat(store.highest("a.mp4")).isEmpty();
        assertThat(dir.resolve("sub")).doesNotExist();
    }

    @Test
    void forgetRemovesOneFileOnly() {
        FileVersionStore store = new FileVersionStore(dir.resolve("versions.json"));
        store.record("a.mp4", 5, T1);
        store.record("b.mp4", 7, T1);

        store.forget("a.mp4");

        assertThat(store.highest("a.mp4")).isEmpty();
        assertThat(store.highest("b.mp4")).contains(new VersionStore.Accepted(7, T1));
    }

    @Test
    void damagedFileIsAnErrorNotAnEmptyMemory() throws Exception {
        Path file = Files.writeString(dir.resolve("versions.json"), "{\"files\":{\"a.mp4\":{\"version\":\"x\"}}}");

        assertThatThrownBy(() -> new FileVersionStore(file).highest("a.mp4"))
                .isInstanceOf(ClientException.class)
                .hasMessageContaining("is damaged")
                .hasMessageContaining("delete the file to start over");
    }

    @Test
    void concurrentRecordsKeepTheMaximumAndLeaveNoTempFiles() throws Exception {
        Path file = dir.resolve("versions.json");
        try (var pool = Executors.newFixedThreadPool(8)) {
            IntStream.rangeClosed(1, 200).forEach(v -> pool.submit(() -> new FileVersionStore(file).record("a", v, T1)));
        }

        assertThat(new FileVersionStore(file).highest("a")).contains(new VersionStore.Accepted(200, T1));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("versions.json", "versions.json.lock");
        }
    }
}
