package io.outagedrill.reports.svg;

import static org.assertj.core.api.Assertions.assertThat;

import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunResult;
import io.outagedrill.reports.model.Records;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChunkTimelineTest {
    private static final Pattern CHUNK = Pattern.compile(
            "<rect x=\"([0-9.]+)\"[^>]*class=\"chunk\"><title>chunk (\\d+) ");
    private static final Pattern SWITCH = Pattern.compile(
            "<polygon points=\"[0-9.,]+ [0-9.,]+ ([0-9.]+),[0-9.]+\" fill=\"#c00\" class=\"switch\"><title>([^<]*)<");

    /** Chunks 0..3 at 1, 2, 3, 4 s from a.test, b.test, a.test, b.test, and one switch a.test → b.test. */
    private static String drawWithSwitchAt(Instant at) {
        DownloadRecord base = Records.download("d", 0, 4, true, 1, List.of("a.test", "b.test"), 4);
        DownloadRecord d = new DownloadRecord(base.id(), base.group(), base.client(), base.policy(), base.file(),
                base.size(), base.started(), base.ended(), base.elapsed(), 0, true, false, false, 0L, 4, 1, null,
                List.of(new DownloadRecord.MirrorSwitch(at, "a.test", "b.test", 2, "stalled")), Map.of(), null,
                base.progress(), base.chunks(), "");
        RunResult run = Records.run("s", "reference", "adaptive", 1, List.of(d), List.of(), List.of());
        return ChunkTimeline.draw(run);
    }

    private static double chunkCentre(String svg, int chunk) {
        Matcher m = CHUNK.matcher(svg);
        while (m.find()) {
            if (Integer.parseInt(m.group(2)) == chunk) {
                return Double.parseDouble(m.group(1)) + 2;
            }
        }
        throw new AssertionError("no mark for chunk " + chunk + " in " + svg);
    }

    private static double switchCentre(String svg) {
        Matcher m = SWITCH.matcher(svg);
        assertThat(m.find()).as("a switch marker in %s", svg).isTrue();
        assertThat(m.group(2)).isEqualTo("switch a.test → b.test: stalled");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aDownloadOfAClientThatReportsNoFailoversDoesNotSayItHadNone() {
        String svg = ChunkTimeline.draw(io.outagedrill.reports.SampleRuns.silentClient());

        assertThat(svg).as("the rows' titles of aria2c, which reports neither switches nor failed mirrors")
                .contains("c-0: completed after 12.0 s; failovers not reported").doesNotContain("failover(s)");
        assertThat(drawWithSwitchAt(Records.at(3))).as("the reference client's row").contains("; 1 failover(s)");
    }

    @Test
    void aSwitchIsMarkedWhenTheClientReportedIt() {
        String svg = drawWithSwitchAt(Records.at(3));

        assertThat(switchCentre(svg)).as("at 3 s, where chunk 2 was verified").isEqualTo(chunkCentre(svg, 2));
    }

    @Test
    void aSwitchFromAnOlderRecordWithoutATimeIsPinnedToTheNewMirrorsNextChunk() {
        String svg = drawWithSwitchAt(null);

        assertThat(switchCentre(svg)).as("at chunk 1, the first b.test delivered").isEqualTo(chunkCentre(svg, 1));
    }

    /**
     * Given the scenario's mirrors, a mirror keeps its colour from one group's chart to the next: cloudflare was
     * blue under the group that used two mirrors and orange under the one that used b2 as well.
     */
    @Test
    void aMirrorKeepsItsColourAcrossTheChartsOfAScenario() {
        RunResult two = Records.run("s", "reference", "sequential", 1, List.of(Records.download("d", 0, 4, true, 0,
                List.of("cloudflare.test", "fastly.test"), 4)), List.of(), List.of());
        RunResult three = Records.run("s", "reference", "parallel", 1, List.of(Records.download("e", 0, 4, true, 0,
                List.of("b2.test", "cloudflare.test", "fastly.test"), 3)), List.of(), List.of());
        List<String> scenario = ChunkTimeline.mirrors(List.of(two.downloads().getFirst(),
                three.downloads().getFirst()));

        assertThat(fillOf(ChunkTimeline.draw(two, scenario), "cloudflare.test"))
                .as("cloudflare's colour in the two groups' charts")
                .isEqualTo(fillOf(ChunkTimeline.draw(three, scenario), "cloudflare.test"))
                .isEqualTo(Palette.colour(1));
    }

    /** The fill of the first chunk mark from {@code mirror}. */
    private static String fillOf(String svg, String mirror) {
        Matcher m = Pattern.compile("fill=\"(#[0-9a-fA-F]+)\" class=\"chunk\"><title>chunk \\d+ from "
                + Pattern.quote(mirror)).matcher(svg);
        assertThat(m.find()).as("a chunk from %s in %s", mirror, svg).isTrue();
        return m.group(1);
    }

    /**
     * A fault that flaps 40 times in a minute names itself where there is room, not at each of its windows: each name
     * piled on the one before into a smear of red text. Every window is still shaded, with its tooltip.
     */
    @Test
    void aFlappingFaultIsNamedWhereThereIsRoomNotAtEveryWindow() {
        List<io.outagedrill.harness.run.FaultWindow> flaps = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            flaps.add(new io.outagedrill.harness.run.FaultWindow("cf-flap", "http.status", "cloudflare", null,
                    Records.at(i * 1.5), Records.at(i * 1.5 + 0.7)));
        }
        RunResult run = Records.run("s", "reference", "adaptive", 1, List.of(Records.download("d", 0, 60, true, 0,
                List.of("a.test"), 4)), List.of(), flaps);

        String svg = ChunkTimeline.draw(run);

        int names = svg.split(">cf-flap</text>", -1).length - 1;
        int windows = svg.split("data-fault=\"cf-flap\"", -1).length - 1;
        assertThat(windows).as("shaded windows").isEqualTo(40);
        assertThat(names).as("names drawn over %d windows about 21 px apart, each name about 46 px wide", windows)
                .isBetween(10, 20);
    }

    /**
     * Three faults that start together are each named, a line apart (only the first was); a cache flush is drawn as
     * the moment it is, not shaded to the run's end as if the caches stayed cold all run.
     */
    @Test
    void faultsThatStartTogetherAreEachNamedAndAFlushIsAMoment() {
        List<io.outagedrill.harness.run.FaultWindow> together = List.of(
                new io.outagedrill.harness.run.FaultWindow("caches-cold", "cache.flush", "fastly", null,
                        Records.at(5), null),
                new io.outagedrill.harness.run.FaultWindow("fastly-503-tail", "http.status", "fastly", null,
                        Records.at(5), Records.at(9)),
                new io.outagedrill.harness.run.FaultWindow("origin-load", "toxic.latency", "origin", null,
                        Records.at(5), Records.at(9)));
        RunResult run = Records.run("s", "reference", "adaptive", 1, List.of(Records.download("d", 0, 20, true, 0,
                List.of("a.test"), 4)), List.of(), together);

        String svg = ChunkTimeline.draw(run);

        assertThat(svg).contains(">caches-cold</text>", ">fastly-503-tail</text>", ">origin-load</text>");
        Matcher flush = Pattern.compile("<rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"([0-9.]+)\"[^>]*><title>"
                + "caches-cold \\(cache.flush on fastly\\): at 5 s").matcher(svg);
        assertThat(flush.find()).as("the flush's mark in %s", svg).isTrue();
        assertThat(Double.parseDouble(flush.group(1))).as("its width in pixels").isLessThanOrEqualTo(2.0);
    }
}
