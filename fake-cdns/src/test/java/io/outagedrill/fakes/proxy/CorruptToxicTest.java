package io.outagedrill.fakes.proxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The {@code corrupt} extension: bit flips in a window, reproducible by seed, and how clients see it. */
@org.junit.jupiter.api.Timeout(value = 30, unit = TimeUnit.SECONDS)
class CorruptToxicTest {
    private static final byte[] PAYLOAD = Wire.randomBytes(200_000, 7);
    private static ToxiproxyTarget target;
    private static UpstreamServer source;
    private CorruptToxics corrupt;

    @BeforeAll
    static void startServers() throws IOException {
        target = ToxiproxyTarget.start();
        source = UpstreamServer.sending(PAYLOAD);
    }

    @AfterAll
    static void stopServers() throws IOException {
        source.close();
        target.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void helper() {
        corrupt = CorruptToxics.at(target.controlUri());
    }

    @AfterEach
    void cleanUp() throws IOException {
        target.deleteOwnProxies();
    }

    @Test
    void aRealToxiproxyRefusesTheType() throws IOException {
        assumeTrue(!target.isEmbedded(), "only meaningful against a real Toxiproxy");
        Proxy proxy = target.createProxy("corrupt-real", source.address());
        assertThatThrownBy(() -> corrupt.add(proxy.getName(), "flip", StreamDirection.DOWNSTREAM, 1, 0, 0, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("invalid toxic type");
    }

    @Test
    void flipsOneBitPerByteOnlyInsideItsWindow() throws IOException {
        assumeTrue(target.isEmbedded(), "corrupt is an Outage Drill extension");
        Proxy proxy = target.createProxy("corrupt-window", source.address());
        corrupt.add(proxy.getName(), "flip", StreamDirection.DOWNSTREAM, 1.0, 70_000, 100, 42);

        byte[] received = download(proxy);

        assertThat(received).hasSize(PAYLOAD.length);
        for (int i = 0; i < PAYLOAD.length; i++) {
            int diff = (PAYLOAD[i] ^ received[i]) & 0xff;
            if (i >= 70_000 && i < 70_100) {
                assertThat(Integer.bitCount(diff)).as("bits flipped at %d", i).isEqualTo(1);
            } else {
                assertThat(diff).as("byte %d outside the window", i).isZero();
            }
        }
    }

    @Test
    void sameSeedSameFlipsOtherSeedOtherFlips() throws IOException {
        assumeTrue(target.isEmbedded(), "corrupt is an Outage Drill extension");
        Proxy proxy = target.createProxy("corrupt-seed", source.address());
        corrupt.add(proxy.getName(), "flip", StreamDirection.DOWNSTREAM, 0.01, 0, 0, 1234);

        byte[] first = download(proxy);
        byte[] second = download(proxy);
        assertThat(second).isEqualTo(first);
        long flipped = countDifferences(first);
        assertThat(flipped).isBetween(1_000L, 3_000L); // about 1 % of 200 000

        corrupt.remove(proxy.getName(), "flip");
        corrupt.add(proxy.getName(), "flip", StreamDirection.DOWNSTREAM, 0.01, 0, 0, 4321);
        assertThat(download(proxy)).isNotEqualTo(first);
    }

    @Test
    void theJavaClientCannotListACorruptToxicButTheHelperCan() throws IOException {
        assumeTrue(target.isEmbedded(), "corrupt is an Outage Drill extension");
        Proxy proxy = target.createProxy("corrupt-client", source.address());
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1);
        ToxicConfig added = corrupt.add(proxy.getName(), "flip", StreamDirection.UPSTREAM, 0.5, 10, 20, 99);
        assertThat(added.attributes()).containsEntry("seed", 99L).containsEntry("offset", 10L);

        // Documented limitation of toxiproxy-java: its ToxicType enum has no CORRUPT.
        assertThatThrownBy(() -> proxy.toxics().getAll()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proxy.toxics().get("flip")).isInstanceOf(IllegalArgumentException.class);

        // Upstream toxics are listed first, as Toxiproxy lists them.
        assertThat(corrupt.list(proxy.getName())).extracting(ToxicConfig::name).containsExactly("flip", "lat");
        ToxicConfig read = corrupt.get(proxy.getName(), "flip");
        assertThat(read.type()).isEqualTo("corrupt");
        assertThat(read.stream()).isEqualTo(StreamDirection.UPSTREAM);
        assertThat(read.attributes().get("probability").doubleValue()).isEqualTo(0.5);
    }

    @Test
    void aCorruptToxicWithoutSeedGetsOneThatReadsBack() throws IOException {
        assumeTrue(target.isEmbedded(), "corrupt is an Outage Drill extension");
        Proxy proxy = target.createProxy("corrupt-default", source.address());
        var response = target.send("POST", "/proxies/" + proxy.getName() + "/toxics",
                "{\"type\":\"corrupt\",\"attributes\":{\"probability\":0.001}}");
        assertThat(response.statusCode()).isEqualTo(200);
        ToxicConfig read = corrupt.get(proxy.getName(), "corrupt_downstream");
        assertThat(read.attributes()).containsKeys("probability", "offset", "length", "seed");

        var invalid = target.send("POST", "/proxies/" + proxy.getName() + "/toxics",
                "{\"name\":\"bad\",\"type\":\"corrupt\",\"attributes\":{\"probability\":2}}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("bad request body: probability");
    }

    @Test
    void aDrawnSeedSurvivesAJsonClientThatReadsNumbersAsDoubles() throws IOException {
        assumeTrue(target.isEmbedded(), "corrupt is an Outage Drill extension");
        Proxy proxy = target.createProxy("corrupt-drawn", source.address());
        long maxSafeInteger = (1L << 53) - 1; // JavaScript's Number.MAX_SAFE_INTEGER; jq and Python's float alike
        for (int i = 0; i < 8; i++) {
            var response = target.send("POST", "/proxies/" + proxy.getName() + "/toxics",
                    "{\"name\":\"drawn-" + i + "\",\"type\":\"corrupt\",\"attributes\":{\"probability\":0.001}}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            long seed = corrupt.get(proxy.getName(), "drawn-" + i).attributes().get("seed").longValue();
            assertThat(Math.abs(seed)).as("drawn seed %d must read back exactly as a double, for replay from "
                    + "toxiproxy-node-client or jq", seed).isLessThanOrEqualTo(maxSafeInteger);
        }
    }

    private static byte[] download(Proxy proxy) throws IOException {
        try (Socket socket = Wire.connect(proxy.getListen())) {
            return Wire.readToEnd(socket.getInputStream());
        }
    }

    private static long countDifferences(byte[] received) {
        long count = 0;
        for (int i = 0; i < PAYLOAD.length; i++) {
            if (PAYLOAD[i] != received[i]) {
                count++;
            }
        }
        return count;
    }
}
