package io.outagedrill.fakes.objectstore;

import io.outagedrill.fakes.cdn.LoopbackAddresses;
import io.outagedrill.fakes.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A JVM that exits while its S3Proxy is still starting (Ctrl-C in the seconds {@code drill topology up --s3proxy}
 * waits for it) takes the server and its folder with it: neither a JVM left running on its loopback port nor the
 * uploaded files left in the temporary folder.
 */
@Timeout(60)
class S3ProxyProcessExitTest {
    @TempDir
    Path tmp;

    @Test
    void aJvmThatExitsWhileS3ProxyStartsLeavesNoServerAndNoFolder() throws Exception {
        assumeTrue(S3ProxyJar.find().isPresent(), S3ProxyJar::howToGet);
        ChildJvm.Result child = ChildJvm.of(ExitsWhileS3ProxyStarts.class)
                .jvmOptions("-Djava.io.tmpdir=" + tmp, "-D" + S3ProxyJar.PROPERTY + "=" + S3ProxyJar.require(),
                        "-D" + S3ProxyProcess.JVM_OPTIONS_PROPERTY + "="
                                + System.getProperty(S3ProxyProcess.JVM_OPTIONS_PROPERTY, ""))
                .run();
        assertThat(child.exit()).as("the child's exit status; stderr %s", child.stderr()).isZero();
        long serverPid = Long.parseLong(child.stdout().strip());
        Optional<ProcessHandle> server = ProcessHandle.of(serverPid);
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ProcessHandle.of(serverPid)
                    .filter(ProcessHandle::isAlive)).as("the S3Proxy process %d after the JVM that started it exited",
                    serverPid).isEmpty());
            assertThat(tmp).as("the child's temporary folder, where S3Proxy's folder was").isEmptyDirectory();
        } finally {
            server.ifPresent(ProcessHandle::destroyForcibly); // never leave it running for the next test
        }
    }

    /** The child: starts an S3Proxy and exits as soon as its process exists, before it answers. */
    static final class ExitsWhileS3ProxyStarts {
        public static void main(String[] args) {
            Thread starting = new Thread(() -> S3ProxyProcess.builder().address(LoopbackAddresses.next()).start(),
                    "starting-s3proxy");
            starting.setDaemon(true);
            starting.start();
            List<ProcessHandle> started = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                    .until(() -> ProcessHandle.current().children().toList(), children -> !children.isEmpty());
            System.out.println(started.getFirst().pid());
            System.exit(0); // what Ctrl-C does: the JVM's shutdown hooks run, and then it halts
        }
    }
}
