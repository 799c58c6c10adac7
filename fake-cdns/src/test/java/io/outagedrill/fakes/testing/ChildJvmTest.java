package io.outagedrill.fakes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The child gets its arguments, JVM options and environment (set, added and taken away), and its exit status and
 * both streams come back whole; a child that outlives its limit is killed and fails the test saying so.
 */
class ChildJvmTest {

    @Test
    void argumentsOptionsAndEnvironmentReachTheChildAndItsExitAndOutputComeBack() throws Exception {
        ChildJvm.Result child = ChildJvm.of(Echo.class).args("one", "two").args(List.of("three"))
                .jvmOptions("-Dchild.flag=on").env("CHILD_JVM_TEST_SET", "given").withoutEnv("PATH").run();

        assertThat(child.exit()).as("exit status; stderr %s", child.stderr()).isEqualTo(3);
        assertThat(child.stdout().lines().toList()).as("what the child printed").containsExactly(
                "args one two three", "flag on", "set given", "PATH null");
        assertThat(child.stderr()).as("the child's stderr").isEqualTo("to stderr\n");
    }

    @Test
    void aChildThatOutlivesItsLimitIsKilledAndTheTestFailsWithItsStderr() {
        assertThatThrownBy(() -> ChildJvm.of(Blocked.class).timeout(Duration.ofSeconds(1)).run())
                .isInstanceOf(AssertionError.class)
                // What it wrote by then depends on how fast it started on a loaded machine, so only the start.
                .hasMessageStartingWith("Blocked was expected to end within PT1S and did not; stderr: ");
    }

    /** Prints what it was given, then exits 3. */
    static final class Echo {
        public static void main(String[] args) {
            System.out.println("args " + String.join(" ", args));
            System.out.println("flag " + System.getProperty("child.flag"));
            System.out.println("set " + System.getenv("CHILD_JVM_TEST_SET"));
            System.out.println("PATH " + System.getenv("PATH"));
            System.err.println("to stderr");
            System.exit(3);
        }
    }

    /** Waits for input that never comes (its stdin is a pipe nobody writes to). */
    static final class Blocked {
        public static void main(String[] args) throws IOException {
            System.in.read();
        }
    }
}
