package io.outagedrill.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.fakes.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A containers world's host folder (its TLS keys and a copy of the scenario's files) and an embedded topology's
 * folder (its CA and keys) do not outlive their JVM: one whose world never closed (Ctrl-C while it started) goes
 * at the JVM's exit, one of a JVM killed with -9 at the next world's start.
 */
class OwnedFoldersTest {

    @TempDir
    Path tmp;

    @Test
    void theFoldersOfOwnersThatNoLongerRunGoAndTheOthersStay() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).as("whether `true` ended").isTrue();
        Path orphan = Files.createDirectories(tmp.resolve(OwnedFolders.CONTAINERS.prefix() + gone.pid() + "-123/files-4"));
        Files.writeString(orphan.resolve("video.mp4"), "bytes");
        Path own = Files.createDirectory(tmp.resolve(OwnedFolders.CONTAINERS.prefix() + ProcessHandle.current().pid() + "-456"));
        Path olderForm = Files.createDirectory(tmp.resolve(OwnedFolders.CONTAINERS.prefix() + "789"));
        Path other = Files.createDirectory(tmp.resolve("outage-drill-topology-" + gone.pid() + "-1"));

        OwnedFolders.CONTAINERS.removeOrphans(tmp);

        assertThat(orphan.getParent()).as("the folder of pid %d, which has ended", gone.pid()).doesNotExist();
        assertThat(own).as("this JVM's folder").exists();
        assertThat(olderForm).as("a folder without an owner in its name").exists();
        assertThat(other).as("a folder of another name").exists();
    }

    @Test
    void aFolderWhoseWorldNeverClosedIsDeletedAtTheJvmsExit() throws Exception {
        ChildJvm.Result child = ChildJvm.of(OpensAndExits.class).jvmOptions("-Djava.io.tmpdir=" + tmp).run();
        ChildJvm.Result topology = ChildJvm.of(StartsATopologyAndExits.class).jvmOptions("-Djava.io.tmpdir=" + tmp)
                .run();
        assertThat(topology.exit()).as("the topology child's exit status; stderr %s", topology.stderr()).isZero();
        assertThat(Path.of(topology.stdout().strip())).as("the folder of a topology never closed, after its JVM "
                + "exited").doesNotExist();

        assertThat(child.exit()).as("the child's exit status; stderr %s", child.stderr()).isZero();
        Path work = Path.of(child.stdout().strip());
        assertThat(work.getParent()).as("where the child made its folder").isEqualTo(tmp);
        assertThat(OwnedFolders.CONTAINERS.owner(work)).as("the owner in the name of %s", work).isPresent()
                .isNotEqualTo(Optional.of(ProcessHandle.current().pid()));
        assertThat(work).as("the child's folder after it exited").doesNotExist();
        assertThat(tmp).as("the child's temporary folder").isEmptyDirectory();
    }

    /**
     * Ctrl-C while a containers world starts: the exit's hook swept the open folders while the world, on another
     * thread, went on to make its topology's folder, and the JVM halted with that one left behind (only the next
     * world's start would remove it, a copy of the scenario's files and its keys until then).
     */
    @Test
    void noFolderIsMadeAfterTheJvmsExitSweptThem() throws Exception {
        ChildJvm.Result child = ChildJvm.of(CreatesAfterTheSweep.class).jvmOptions("-Djava.io.tmpdir=" + tmp).run();

        assertThat(child.exit()).as("the child's exit status; stderr %s", child.stderr()).isZero();
        assertThat(child.stdout().strip()).as("what the child's late create() did")
                .matches("refused: the JVM is exiting: a new " + OwnedFolders.TOPOLOGY.prefix() + "[0-9]+-\\.\\.\\. "
                        + "folder would outlive it");
        assertThat(tmp).as("the child's temporary folder after it exited").isEmptyDirectory();
    }

    /**
     * The child: makes a containers folder, then exits; a shutdown hook of its own waits for OwnedFolders' hook to
     * end, as a world still starting would be slower than it, and only then makes a topology's folder.
     */
    static final class CreatesAfterTheSweep {
        public static void main(String[] args) throws Exception {
            Path first = OwnedFolders.CONTAINERS.create();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    // The sweep has begun once the first folder is gone; it has ended once its thread has.
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                            .until(() -> !Files.exists(first));
                    for (Thread sweep : Thread.getAllStackTraces().keySet()) {
                        if (sweep.getName().equals("owned-temporary-folders")) {
                            sweep.join(30_000);
                        }
                    }
                    System.out.println("made: " + OwnedFolders.TOPOLOGY.create());
                } catch (java.io.IOException refused) {
                    System.out.println("refused: " + refused.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.out.flush();
            }, "late-world"));
            System.exit(0);
        }
    }

    /** The child: makes a world's folder, puts a file in it and exits without deleting it. */
    static final class OpensAndExits {
        public static void main(String[] args) throws Exception {
            Path work = OwnedFolders.CONTAINERS.create();
            Files.writeString(work.resolve("fastly-key.pem"), "key");
            System.out.println(work);
        }
    }

    /**
     * The child: starts an embedded topology, the way drill topology up does, and exits without closing it, as a
     * Ctrl-C before the command's own hook is in place does (the JVM's exit runs its hooks; its servers' threads
     * would otherwise keep it alive).
     */
    static final class StartsATopologyAndExits {
        public static void main(String[] args) throws Exception {
            io.outagedrill.fakes.topology.Topology world = io.outagedrill.fakes.topology.Topology.builder()
                    .provider("fastly").file("v.bin", 1024).start();
            System.out.println(world.caCertificate().getParent());
            System.out.flush();
            System.exit(0);
        }
    }
}
