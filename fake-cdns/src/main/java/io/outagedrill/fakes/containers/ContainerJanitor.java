package io.outagedrill.fakes.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Removes every container this project starts, by label, because Ryuk (Testcontainers' reaper) is disabled: its
 * image cannot be pulled where no registry is reachable. Each container carries {@value #ROLE_LABEL} (what it is)
 * and {@value #OWNER_LABEL} (the process that started it). At a JVM's end (normal end, failed test, Ctrl-C) its
 * own containers go in shutdown hooks: Testcontainers' (without Ryuk it removes its session's containers) and this
 * class's, for any other; before its first container a JVM removes those of owners that no longer run (a JVM
 * killed with -9 has no hooks). {@code containers/prepare.sh} also removes those of owners no longer running.
 */
public final class ContainerJanitor {
    public static final String ROLE_LABEL = "io.outagedrill.containers";
    public static final String OWNER_LABEL = "io.outagedrill.owner-pid";
    private static final String OWNER = Long.toString(ProcessHandle.current().pid());
    private static boolean armed;

    private ContainerJanitor() {
    }

    /** Labels the container as this JVM's, arming the cleanup on first use. */
    public static <C extends GenericContainer<?>> C adopt(C container, String role) {
        arm();
        container.withLabels(Map.of(ROLE_LABEL, role, OWNER_LABEL, OWNER)); // mutates and returns the container
        return container;
    }

    private static synchronized void arm() {
        if (armed) {
            return;
        }
        armed = true;
        removeOrphans();
        Runtime.getRuntime().addShutdownHook(new Thread(ContainerJanitor::removeOwnAtExit, "containers-janitor"));
    }

    /** Removes the containers whose owner process no longer runs. */
    static void removeOrphans() {
        removeWhere((owner, session) -> owner.isPresent() && ProcessHandle.of(owner.get()).isEmpty());
    }

    /** Removes this JVM's containers. */
    public static void removeOwn() {
        removeWhere((owner, session) -> owner.isPresent() && owner.get() == ProcessHandle.current().pid());
    }

    /** This JVM's containers, running or not: what a test expects to be none once its world is closed. */
    public static List<Container> own() {
        return ownedBy(ProcessHandle.current().pid());
    }

    /** The containers process {@code pid} started (a JMH fork, say), running or not. */
    public static List<Container> ownedBy(long pid) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(OWNER_LABEL, Long.toString(pid))).exec();
    }

    /**
     * The shutdown hook: this JVM's containers except those of this Testcontainers session. With Ryuk off,
     * Testcontainers' own shutdown hook removes its session's containers at the same moment, and whichever of two
     * removals comes second fails ("removal already in progress", a stack trace on every Ctrl-C); so those are
     * left to it, and anything it leaves behind goes as an orphan at the next start.
     */
    static void removeOwnAtExit() {
        removeWhere((owner, session) -> owner.isPresent() && owner.get() == ProcessHandle.current().pid()
                && !DockerClientFactory.SESSION_ID.equals(session));
    }

    private interface OwnerTest {
        boolean remove(Optional<Long> owner, String session);
    }

    private static void removeWhere(OwnerTest test) {
        DockerClient docker = DockerClientFactory.instance().client();
        List<Container> labelled = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ROLE_LABEL)).exec();
        for (Container container : labelled) {
            String session = container.getLabels() == null ? null
                    : container.getLabels().get(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL);
            if (test.remove(owner(container), session)) {
                try {
                    docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (NotFoundException | ConflictException alreadyGoing) {
                    // Stopped first by its owner (Testcontainers' stop), or being removed right now.
                }
            }
        }
    }

    private static Optional<Long> owner(Container container) {
        String owner = container.getLabels() == null ? null : container.getLabels().get(OWNER_LABEL);
        try {
            return owner == null ? Optional.empty() : Optional.of(Long.parseLong(owner));
        } catch (NumberFormatException notOurs) {
            return Optional.empty();
        }
    }
}
