package io.outagedrill.client.transfer;

import io.outagedrill.client.manifest.Mirror;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The adaptive policy draws among the publisher's best tier of mirrors still usable. */
class AdaptivePolicyTest {

    private static MirrorHealth mirror(String name, int priority, int index) {
        return new MirrorHealth(new Mirror(name, URI.create("https://" + name + ".test/v.mp4"), priority, "", name),
                index, name);
    }

    private static Set<String> drawn(List<MirrorHealth> usable) {
        AdaptivePolicy policy = new AdaptivePolicy(new SplittableRandom(1));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(policy.choose(usable, 0).orElseThrow().mirror().provider());
        }
        return seen;
    }

    @Test
    void mirrorsOfEqualPriorityAreAllDrawn() {
        assertThat(drawn(List.of(mirror("fastly", 1, 0), mirror("b2", 1, 1), mirror("cloudflare", 1, 2))))
                .containsExactlyInAnyOrder("fastly", "b2", "cloudflare");
    }

    @Test
    void aMirrorListedInALaterTierIsNotDrawnWhileAnEarlierTierIsUsable() {
        assertThat(drawn(List.of(mirror("fastly", 1, 0), mirror("b2", 1, 1), mirror("cloudflare", 2, 2))))
                .as("a routing controller demoted cloudflare to priority 2")
                .containsExactlyInAnyOrder("fastly", "b2");
    }

    @Test
    void aLaterTierServesOnceTheEarlierOnesAreGone() {
        assertThat(drawn(List.of(mirror("cloudflare", 2, 2)))).containsExactly("cloudflare");
    }
}
