package io.outagedrill.control;

import io.outagedrill.client.manifest.Mirror;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingTableTest {
    private static final Mirror CLOUDFLARE = mirror("cloudflare", 1);
    private static final Mirror FASTLY = mirror("fastly", 1);
    private static final Mirror S3 = mirror("s3", 2);

    private final List<RoutingEvent> events = new ArrayList<>();
    private final RoutingTable table = new RoutingTable(List.of(CLOUDFLARE, FASTLY, S3),
            new RoutingPolicy(2, 3, Duration.ofSeconds(1)));

    private static Mirror mirror(String name, int priority) {
        return new Mirror(name, URI.create("https://" + name + ".example/movie.mp4"), priority, "", null);
    }

    private void ok(Mirror mirror) {
        table.observe(new ProbeResult.Healthy(mirror, Instant.EPOCH, 0, Duration.ofMillis(20), 1e8), events::add);
    }

    private void fail(Mirror mirror) {
        table.observe(new ProbeResult.Failed(mirror, Instant.EPOCH, 0, "HTTP 503"), events::add);
    }

    private List<String> order() {
        return table.order().stream().map(m -> m.provider() + ":" + m.priority()).toList();
    }

    @Test
    void oneFailedProbeChangesNothingTwoInARowDemote() {
        fail(CLOUDFLARE);
        assertThat(order()).as("one failure is not enough").containsExactly("cloudflare:1", "fastly:1", "s3:2");

        fail(CLOUDFLARE);

        assertThat(order()).as("demoted behind every healthy mirror").containsExactly("fastly:1", "s3:2", "cloudflare:3");
        assertThat(events).singleElement().isInstanceOfSatisfying(RoutingEvent.Demoted.class, d -> {
            assertThat(d.mirror()).isEqualTo("cloudflare at cloudflare.example");
            assertThat(d.reason()).isEqualTo("2 failed probes in a row, the last: HTTP 503");
        });
    }

    @Test
    void aStatusPageThatAdmitsAnOutageMakesOneFailedProbeEnoughButNeverDemotesAHealthyMirror() {
        table.status(FASTLY, StatusReader.Indicator.MAJOR);
        ok(FASTLY);
        ok(FASTLY);
        assertThat(order()).as("the page cries wolf; the probes pass").containsExactly("cloudflare:1", "fastly:1",
                "s3:2");

        fail(FASTLY);

        assertThat(order()).containsExactly("cloudflare:1", "s3:2", "fastly:3");
        assertThat(((RoutingEvent.Demoted) events.getFirst()).reason())
                .isEqualTo("1 failed probe in a row and its status page admits a major outage, the last: HTTP 503");
    }

    @Test
    void aStatusPageThatSaysAllIsWellDoesNotKeepAFailingMirrorInFront() {
        table.status(CLOUDFLARE, StatusReader.Indicator.NONE);
        fail(CLOUDFLARE);
        fail(CLOUDFLARE);
        assertThat(order()).containsExactly("fastly:1", "s3:2", "cloudflare:3");
    }

    @Test
    void aFlappingMirrorIsNeverDemoted() {
        for (int i = 0; i < 10; i++) {
            fail(CLOUDFLARE);
            ok(CLOUDFLARE);
        }
        assertThat(order()).containsExactly("cloudflare:1", "fastly:1", "s3:2");
        assertThat(events).isEmpty();
    }

    @Test
    void aDemotedMirrorComesBackOnlyAfterEnoughHealthyProbesInARow() {
        fail(CLOUDFLARE);
        fail(CLOUDFLARE);
        ok(CLOUDFLARE);
        ok(CLOUDFLARE);
        fail(CLOUDFLARE);
        ok(CLOUDFLARE);
        ok(CLOUDFLARE);
        assertThat(order()).as("a failure restarts the count").containsExactly("fastly:1", "s3:2", "cloudflare:3");

        ok(CLOUDFLARE);

        assertThat(order()).containsExactly("cloudflare:1", "fastly:1", "s3:2");
        assertThat(events.getLast()).isInstanceOfSatisfying(RoutingEvent.Restored.class,
                r -> assertThat(r.reason()).isEqualTo(
                        "3 healthy probes in a row (after: 2 failed probes in a row, the last: HTTP 503)"));
    }

    @Test
    void aSlowFirstByteCountsAsAFailure() {
        for (int i = 0; i < 2; i++) {
            table.observe(new ProbeResult.Healthy(FASTLY, Instant.EPOCH, 0, Duration.ofMillis(1500), 1e3), events::add);
        }
        assertThat(order()).containsExactly("cloudflare:1", "s3:2", "fastly:3");
        assertThat(((RoutingEvent.Demoted) events.getFirst()).reason()).contains("first byte after 1500 ms");
    }

    @Test
    void wrongBytesDemoteAtOnceAndGoBehindMirrorsThatMerelyFail() {
        fail(FASTLY);
        fail(FASTLY);
        table.observe(new ProbeResult.WrongBytes(CLOUDFLARE, Instant.EPOCH, 3, "SHA-256 mismatch"), events::add);

        assertThat(order()).containsExactly("s3:2", "fastly:3", "cloudflare:4");
        assertThat(table.reasons()).containsExactly(
                "cloudflare at cloudflare.example last: served wrong bytes for chunk 3: SHA-256 mismatch",
                "fastly at fastly.example demoted: 2 failed probes in a row, the last: HTTP 503");
    }

    @Test
    void whenEveryMirrorIsDemotedAlikeThePublishersOrderStands() {
        for (Mirror mirror : List.of(CLOUDFLARE, FASTLY, S3)) {
            fail(mirror);
            fail(mirror);
        }
        assertThat(order()).as("nothing better to offer: no change to publish")
                .containsExactly("cloudflare:1", "fastly:1", "s3:2");

        table.observe(new ProbeResult.WrongBytes(FASTLY, Instant.EPOCH, 0, "bad"), events::add);

        assertThat(order()).containsExactly("cloudflare:1", "s3:2", "fastly:3");
    }

    @Test
    void whenEveryMirrorLiesNoOrderIsSafe() {
        for (Mirror mirror : List.of(CLOUDFLARE, FASTLY, S3)) {
            assertThat(table.everyMirrorServesWrongBytes()).isFalse();
            table.observe(new ProbeResult.WrongBytes(mirror, Instant.EPOCH, 0, "bad"), events::add);
        }
        assertThat(table.everyMirrorServesWrongBytes()).isTrue();
        assertThat(table.order()).as("no mirror is ever removed").hasSize(3);
    }
}
