package io.outagedrill.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.outagedrill.client.Conscrypts;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Isolated: it claims the JVM and installs a provider JVM-wide, which no other class may see meanwhile. */
@Isolated
class CliProcessTest {

    @AfterEach
    void giveTheJvmBack() {
        CliProcess.release();
        Provider conscrypt = Conscrypts.providerOrNull();
        if (conscrypt != null) {
            Security.removeProvider(conscrypt.getName());
        }
    }

    @Test
    void aJvmTheCommandLineDoesNotOwnKeepsItsProviders() {
        Provider[] before = Security.getProviders();

        boolean installed = CliProcess.preferConscrypt();

        assertThat(installed).as("installed a provider JVM-wide in a JVM that only runs the commands in-process")
                .isFalse();
        assertThat(Security.getProviders()).as("the JVM's providers, in order").containsExactly(before);
    }

    @Test
    void theWarmUpOfAGetChangesNoProvider() {
        Provider[] before = Security.getProviders();

        CliProcess.claim(new String[] {"get", "--help"});
        await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("warm-up")));

        assertThat(Security.getProviders()).as("the JVM's providers, in order, after the warm-up thread ended")
                .containsExactly(before);
    }

    @Test
    void theInstallAfterAGetsWarmUpPutsConscryptFirst() {
        assumeTrue(Conscrypts.available(), () -> "Conscrypt does not load here: " + Conscrypts.unavailableReason());
        CliProcess.claim(new String[] {"get", "--help"});

        boolean installed = CliProcess.preferConscrypt();

        assertThat(installed).as("installed Conscrypt while the warm-up thread ran").isTrue();
        assertThat(Security.getProviders()[0]).as("the first provider").isSameAs(Conscrypts.providerOrNull());
    }

    @Test
    void theCommandLinesOwnProcessChecksSignaturesInBoringSsl() throws Exception {
        assumeTrue(Conscrypts.available(), () -> "Conscrypt does not load here: " + Conscrypts.unavailableReason());
        CliProcess.claim(new String[] {"manifest"});

        boolean installed = CliProcess.preferConscrypt();
        boolean again = CliProcess.preferConscrypt();

        assertThat(installed).as("installed Conscrypt in the command line's own process").isTrue();
        assertThat(again).as("a second call finds it first").isTrue();
        assertThat(Arrays.stream(Security.getProviders()).filter(p -> p == Conscrypts.providerOrNull()).count())
                .as("Conscrypt installed once").isEqualTo(1);
        // What a certificate chain check asks for: the signature of the first provider that has it.
        assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName())
                .as("provider of SHA256withECDSA, which X509Certificate.verify(key) takes").isEqualTo("Conscrypt");
    }

    @Test
    void theCommandLinesOwnProcessTellsPicocliNotToLookForGroovyUnlessTheUserSaidOtherwise() {
        String before = System.getProperty("picocli.disable.closures");
        try {
            System.clearProperty("picocli.disable.closures");
            CliProcess.claim(new String[] {"manifest"});
            assertThat(System.getProperty("picocli.disable.closures")).as("set by claim").isEqualTo("true");

            System.setProperty("picocli.disable.closures", "false");
            CliProcess.claim(new String[] {"manifest"});
            assertThat(System.getProperty("picocli.disable.closures")).as("a value the user set").isEqualTo("false");
        } finally {
            if (before == null) {
                System.clearProperty("picocli.disable.closures");
            } else {
                System.setProperty("picocli.disable.closures", before);
            }
        }
    }
}
