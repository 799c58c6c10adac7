package io.outagedrill.client.transfer;

import io.outagedrill.client.events.FailureKind;
import io.outagedrill.client.manifest.Mirror;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The parallel policy's choice of mirror for the next request. */
class ParallelPolicyTest {
    private static final long MS = 1_000_000;

    private static MirrorHealth mirror(String name, int index) {
        return new MirrorHealth(new Mirror(name, URI.create("https://" + name + ".test/v.mp4"), 1, "", name), index,
                name);
    }

    private static void failOnce(MirrorHealth mirror) {
        assertThat(mirror.tryAcquire(0, 4)).isPresent();
        mirror.release(0);
        mirror.onFailure(FailureKind.STALL, "no data", Duration.ofMillis(20), 0, 10, 10);
    }

    @Test
    void aHealthyMirrorIsChosenBeforeBrokenOnesWhoseWaitIsOver() {
        // Fault storm seed -4692589843854393638: two broken mirrors with short backoffs passed one chunk back and
        // forth, each chosen as soon as its wait was over, while the honest third mirror stood idle.
        MirrorHealth cloudflare = mirror("cloudflare", 0);
        MirrorHealth fastly = mirror("fastly", 1);
        MirrorHealth bunny = mirror("bunny", 2);
        failOnce(cloudflare);
        failOnce(fastly);
        long later = 100 * MS;
        List<MirrorHealth> usable = List.of(cloudflare, fastly, bunny).stream()
                .filter(m -> m.usable(later, 4)).toList();
        assertThat(usable).as("every wait is over").hasSize(3);

        assertThat(new ParallelPolicy().choose(usable, later)).contains(bunny);
    }

    @Test
    void withoutFailuresTheMirrorWithFewestConnectionsIsChosen() {
        MirrorHealth cloudflare = mirror("cloudflare", 0);
        MirrorHealth fastly = mirror("fastly", 1);
        assertThat(cloudflare.tryAcquire(0, 4)).isPresent();

        assertThat(new ParallelPolicy().choose(List.of(cloudflare, fastly), 0)).contains(fastly);
    }
}
