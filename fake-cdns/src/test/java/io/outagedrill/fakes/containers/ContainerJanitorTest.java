package io.outagedrill.fakes.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.testcontainers.DockerClientFactory;

/**
 * The cleanup that replaces Ryuk, on a real engine: containers (created, never started, so this takes a moment)
 * labelled with an owner that has exited are removed as orphans, this JVM's own by {@link ContainerJanitor#removeOwn},
 * and a container of a live other owner is left alone.
 */
@RequiresImages("outage-drill/nginx:current")
// Alone: it removes every container of this JVM, which would pull the containers of a test running beside it.
@Isolated
class ContainerJanitorTest {
    private final DockerClient docker = DockerClientFactory.instance().client();
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void removeWhatThisTestCreated() {
        for (String id : created) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException alreadyGone) {
                // The janitor removed it, as it should.
            }
        }
    }

    @Test
    void orphansOfAnExitedOwnerAndOwnContainersAreRemovedOthersStay() throws IOException, InterruptedException {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        long deadPid = exited.pid();
        // A live process that is not this JVM: the parent (Maven's surefire booter or the IDE).
        long liveOtherPid = ProcessHandle.current().parent().orElseThrow().pid();

        String orphan = create(deadPid);
        String own = create(ProcessHandle.current().pid());
        String othersLive = create(liveOtherPid);

        ContainerJanitor.removeOrphans();
        assertThat(exists(orphan)).as("container of exited pid %d after removeOrphans", deadPid).isFalse();
        assertThat(exists(own)).as("this JVM's container after removeOrphans").isTrue();
        assertThat(exists(othersLive)).as("container of live pid %d after removeOrphans", liveOtherPid).isTrue();

        ContainerJanitor.removeOwn();
        assertThat(exists(own)).as("this JVM's container after removeOwn").isFalse();
        assertThat(exists(othersLive)).as("container of live pid %d after removeOwn", liveOtherPid).isTrue();
    }

    private String create(long ownerPid) {
        String id = docker.createContainerCmd(LocalImages.NGINX.asCanonicalNameString())
                .withLabels(Map.of(ContainerJanitor.ROLE_LABEL, "janitor-test",
                        ContainerJanitor.OWNER_LABEL, Long.toString(ownerPid)))
                .exec().getId();
        created.add(id);
        return id;
    }

    private boolean exists(String id) {
        return docker.listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec().size() == 1;
    }
}
