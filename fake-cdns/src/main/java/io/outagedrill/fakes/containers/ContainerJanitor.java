package io.outagedrill.fakes.containers;

import com.github.dockerjava.api.DockerClient;
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
 * and {@value #OWNER_LABEL} (the process that started it). A JVM removes its own containers in a shutdown hook
 * (normal end, failed test, Ctrl-C), and, before its first container, those of owners that no longer run (a JVM
 * killed with -9 has no hooks). {@code containers/prepare.sh} also removes all of them before a run.
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
        Runtime.getRuntime().addShutdownHook(new Thread(ContainerJanitor::removeOwn, "containers-janitor"));
    }

    /** Removes the containers whose owner process no longer runs. */
    static void removeOrphans() {
        removeWhere(owner -> owner.isPresent() && ProcessHandle.of(owner.get()).isEmpty());
    }

    /** Removes this JVM's containers; also called by the shutdown hook. */
    public static void removeOwn() {
        removeWhere(owner -> owner.isPresent() && owner.get() == ProcessHandle.current().pid());
    }

    private interface OwnerTest {
        boolean remove(Optional<Long> owner);
    }

    private static void removeWhere(OwnerTest test) {
        DockerClient docker = DockerClientFactory.instance().client();
        List<Container> labelled = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ROLE_LABEL)).exec();
        for (Container container : labelled) {
            if (test.remove(owner(container))) {
                try {
                    docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (NotFoundException alreadyGone) {
                    // Testcontainers stopped it first.
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
