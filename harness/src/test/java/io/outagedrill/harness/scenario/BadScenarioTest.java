package io.outagedrill.harness.scenario;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way a user can get a file wrong, with the message they see: file, line, column, field, what was
 * expected. The base file is small so line numbers in the assertions can be checked by eye.
 */
class BadScenarioTest {
    static final String BASE = """
            name: fastly
            description: test
            seed: 1
            topology:
              providers:
                - {name: cloudflare, kind: cdn-edge}
                - {name: fastly, kind: cdn-edge}
              files:
                - {name: f.bin, size: 8MiB}
            clients:
              - {count: 2}
            timeline:
              - at: 10s
                apply: {id: a, fault: toxic.latency, target: fastly, latency: 100}
              - at: 20s
                apply: {id: b, fault: http.status, target: cloudflare, code: 503}
              - at: 30s
                clear: a
            slos:
              - corruptFilesAccepted: 0
            """;

    static String message(String yaml) {
        try {
            ScenarioLoader.parse("scenarios/fastly.yaml", "fastly", yaml);
        } catch (ScenarioException e) {
            return e.getMessage();
        }
        throw new AssertionError("loaded without error:\n" + yaml);
    }

    static String with(String from, String to) {
        if (!BASE.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return BASE.replace(from, to);
    }

    @Test
    void routingTimingsHaveTheLimitsDrillRouteHas() {
        String routed = with("clients:", "routing: {interval: 0s}\nclients:");
        assertThat(message(routed)).isEqualTo("scenarios/fastly.yaml:10:21: routing.interval: expected at least 100 ms between rounds, saw \"0s\"");
        assertThat(message(with("clients:", "routing: {probeTimeout: 0s}\nclients:")))
                .contains("routing.probeTimeout: expected at least 1 ms, saw \"0s\"");
        assertThat(message(with("clients:", "routing: {slowFirstByte: 0ms}\nclients:")))
                .contains("routing.slowFirstByte: expected at least 1 ms (at 0 every probe would count as failed), "
                        + "saw \"0ms\"");
    }

    @Test
    void otherFileMustNameAnotherFileOfTheTopology() {
        assertThat(message(with("{id: b, fault: http.status, target: cloudflare, code: 503}",
                "{id: b, fault: manifest.other-file, file: f.bin}")))
                .contains("scenarios/fastly.yaml").contains("timeline[1].apply.file: expected another file than the "
                        + "clients download, saw \"f.bin\", which every client downloads: the fault would serve each "
                        + "its own manifest (add a second file to topology.files)");
        assertThat(message(with("{id: b, fault: http.status, target: cloudflare, code: 503}",
                "{id: b, fault: manifest.other-file, file: g.bin}")))
                .contains("timeline[1].apply.file: unknown file \"g.bin\"");
    }

    @Test
    void unknownFieldIsATypoWithASuggestion() {
        assertThat(message(with("  - at: 20s", "  - atProgres: 20s"))).isEqualTo("scenarios/fastly.yaml:15:5: "
                + "timeline[1].atProgres: unknown field \"atProgres\" (did you mean \"atProgress\"?); "
                + "valid fields here: apply, at, atProgress, clear, note, progressOf, repeat");
        assertThat(message(with("latency: 100}", "latency: 100, jiter: 5}")))
                .startsWith("scenarios/fastly.yaml:14:72: timeline[0].apply.jiter: unknown field \"jiter\" "
                        + "(did you mean \"jitter\"?); valid fields here: fault, id, jitter, latency, stream, "
                        + "target, toxicity");
    }

    /** An edge in front of an object store: the message says why not, and how. */
    @Test
    void anEdgeOfAProviderThatIsNotAnOriginSaysWhatItIs() {
        String edged = BASE.replace("  files:", "    - {name: b2, kind: object-store}\n"
                + "    - {name: b2-edge, kind: cdn-edge, edgeOf: b2}\n  files:");
        assertThat(message(edged)).contains("edgeOf: expected the name of an origin provider, saw \"b2\", which is an "
                + "object-store: an edge caches a provider of kind: origin only (to put an edge in front of b2, make "
                + "it kind: origin)");
    }

    /** thenDownload means exit 0 with the file: an exit code beside it, or no reason to look for, cannot hold. */
    @Test
    void thenDownloadTakesAReasonAndNoExitCode() {
        String message = "expectRejection with thenDownload needs reason (the refusal each download reports) and no "
                + "exitCode (it ends with the file, exit 0)";
        assertThat(message(with("  - corruptFilesAccepted: 0",
                "  - expectRejection: {exitCode: 3, reason: EXPIRED, thenDownload: true}"))).contains(message);
        assertThat(message(with("  - corruptFilesAccepted: 0", "  - expectRejection: {thenDownload: true}")))
                .contains(message);
    }

    /** A path without its leading slash matched no request: the fault never acted, and the run passed. */
    @Test
    void aScopePathWithoutItsSlashIsRefusedAtItsField() {
        assertThat(message(with("code: 503}", "code: 503, path: f.bin}"))).isEqualTo("scenarios/fastly.yaml:16:77: "
                + "timeline[1].apply.path: a request's path starts with /, so \"f.bin\" matches no request; write "
                + "\"/f.bin\" (on an object store, under its bucket: \"/outage-drill/f.bin\")");
    }

    /** A 1xx is not a final answer: 100 would leave the client waiting, 101 announces a protocol switch. */
    @Test
    void anInformationalStatusIsRefusedAtItsField() {
        for (String informational : new String[]{"100", "101", "199"}) {
            assertThat(message(with("code: 503", "code: " + informational))).isEqualTo("scenarios/fastly.yaml:16:66: "
                    + "timeline[1].apply.code: expected an integer between 200 and 599, saw " + informational);
        }
    }

    @Test
    void wrongTypeSaysWhatWasExpectedAndSeen() {
        assertThat(message(with("code: 503", "code: five hundred"))).isEqualTo("scenarios/fastly.yaml:16:66: "
                + "timeline[1].apply.code: expected an integer between 200 and 599, saw \"five hundred\"");
        assertThat(message(with("code: 503", "code: 700")))
                .endsWith("expected an integer between 200 and 599, saw 700");
        assertThat(message(with("{count: 2}", "{count: [2]}")))
                .isEqualTo("scenarios/fastly.yaml:11:13: clients[0].count: expected an integer between 1 and 100000, saw [2]");
        assertThat(message(with("latency: 100}", "latency: 100, stream: sideways}")))
                .isEqualTo("scenarios/fastly.yaml:14:80: timeline[0].apply.stream: expected one of upstream, "
                        + "downstream, saw \"sideways\"");
    }

    @Test
    void aPolicyTheGroupsClientDoesNotHaveIsNamedWithThoseItHas() {
        assertThat(message(with("{count: 2}", "{count: 2, policy: adaptiv}"))).isEqualTo("scenarios/fastly.yaml:11:"
                + "24: clients[0].policy: unknown policy 'adaptiv' for reference; expected one of sequential, parallel, "
                + "adaptive");
        assertThat(message(with("{count: 2}", "{count: 2, client: aria2c, policy: adaptive}")))
                .isEqualTo("scenarios/fastly.yaml:11:40: clients[0].policy: unknown policy 'adaptive' for aria2c; "
                        + "expected one of default, tuned");
        assertThat(message(with("{count: 2}", "{count: 2, client: curl, policy: tuned}")))
                .isEqualTo("scenarios/fastly.yaml:11:38: clients[0].policy: curl has no policies (reference, "
                        + "reference-cli and aria2c have)");
    }

    @Test
    void referenceClientOptionsAreCheckedWhenTheFileLoadsByTheRulesTheRunReadsThemWith() {
        assertThat(message(with("{count: 2}", "{count: 2, options: {stal-timeout: 2s}}")))
                .startsWith("scenarios/fastly.yaml:11:26: clients[0].options.stal-timeout: unknown option for the "
                        + "reference client (did you mean \"stall-timeout\"?); known: mirror, connections, ")
                .doesNotContain("\n");
        assertThat(message(with("{count: 2}", "{count: 2, options: {stall-timeout: 5, seed: 3}}"))).isEqualTo("""
                scenarios/fastly.yaml:11:44: clients[0].options.seed: set by the scenario, not in options: the \
                group's policy is its own field, the seed is the scenario's, and the deadline comes from the run's \
                time limit
                scenarios/fastly.yaml:11:41: clients[0].options.stall-timeout: expected a duration such as 500ms, \
                60s, 5m, 1h30m or PT1M, saw '5'""");
        assertThat(message(with("{count: 2}", "{count: 2, options: {connections: 0}}"))).isEqualTo(
                "scenarios/fastly.yaml:11:39: clients[0].options.connections: expected 1 to 64, saw 0");
        // Other clients' options are their adapters' to read.
        assertThat(ScenarioLoader.parse("scenarios/fastly.yaml", "fastly",
                with("{count: 2}", "{count: 2, client: aria2c, options: {split: 4}}")).clients().getFirst().options())
                .containsEntry("split", 4);
    }

    /** aria2c reads "--async-dns false" as the option and a URL: said where the flags are written, as the file loads. */
    @Test
    void aria2cFlagsItWouldMisreadAreRefusedWhereTheyAreWritten() {
        assertThat(message(with("{count: 2}", "{count: 2, client: aria2c, options: {flags: '--async-dns false'}}")))
                .startsWith("scenarios/fastly.yaml:11:")
                .contains(": clients[0].options.flags: aria2c flags '--async-dns false': aria2c takes "
                        + "'--async-dns false' as --async-dns (on) and a URL 'false' to download")
                .endsWith("write --async-dns=false");
        assertThat(ScenarioLoader.parse("scenarios/fastly.yaml", "fastly", with("{count: 2}",
                "{count: 2, client: aria2c, options: {flags: '--async-dns=false --max-tries=2'}}")).clients()
                .getFirst().options()).as("flags aria2c reads as written").containsEntry("flags",
                        "--async-dns=false --max-tries=2");
    }

    /** The clients a scenario may name are the ones --client takes, said in words, not as the schema's regex. */
    @Test
    void aClientNoRunnerKnowsIsNamedWithTheOnesItTakesAndTheReferenceCliIsOne() {
        assertThat(message(with("{count: 2}", "{count: 2, client: wget}")))
                .isEqualTo("scenarios/fastly.yaml:11:24: clients[0].client: expected one of reference, reference-cli, "
                        + "aria2c, curl, or cmd: and a command line of your own, saw \"wget\"");
        Scenario cli = ScenarioLoader.parse("scenarios/fastly.yaml", "fastly",
                with("{count: 2}", "{count: 2, client: reference-cli, options: {stall-timeout: 2s}}"));
        assertThat(cli.clients().getFirst().client()).isEqualTo(new ClientGroup.Client.ReferenceCli());
        assertThat(cli.clients().getFirst().client().text()).isEqualTo("reference-cli");
        assertThat(message(with("{count: 2}", "{count: 2, client: reference-cli, options: {stal-timeout: 2s}}")))
                .as("the CLI takes the reference client's options, checked the same way")
                .contains("clients[0].options.stal-timeout: unknown option for the reference client (did you mean "
                        + "\"stall-timeout\"?)");
    }

    @Test
    void aCommandTemplateWithAnUnknownPlaceholderIsRefusedWhereItIsWritten() {
        assertThat(message(with("{count: 2}", "{count: 2, client: 'cmd:dl {url} -o {output}'}")))
                .startsWith("scenarios/fastly.yaml:11:")
                .contains(": clients[0].client: cmd: unknown placeholder {url} (did you mean {urls}?)");
    }

    @Test
    void missingRequiredFieldPointsAtItsMapping() {
        assertThat(message(with("{name: fastly, kind: cdn-edge}", "{name: fastly}")))
                .isEqualTo("scenarios/fastly.yaml:7:7: topology.providers[1]: missing required field \"kind\"");
        assertThat(message(with("seed: 1\n", ""))).isEqualTo("scenarios/fastly.yaml:1:1: missing required field \"seed\"");
        assertThat(message(with("description: test", "description: test\ntags: [real-incident]")))
                .isEqualTo("scenarios/fastly.yaml:1:1: missing required field \"source\": a real-incident scenario "
                        + "cites its post-mortem URL");
    }

    @Test
    void aScenarioWithoutSlosIsRefusedSinceItsRunsWouldAlwaysPass() {
        String why = "a scenario needs at least one SLO, or every run of it passes whatever happens (e.g. slos: "
                + "[{completeWithin: {share: 100%, within: 60s}}, {corruptFilesAccepted: 0}])";
        assertThat(message(with("slos:\n  - corruptFilesAccepted: 0\n", "")))
                .isEqualTo("scenarios/fastly.yaml:1:1: slos: " + why);
        assertThat(message(with("slos:\n  - corruptFilesAccepted: 0\n", "slos: []\n")))
                .isEqualTo("scenarios/fastly.yaml:19:7: slos: " + why);
    }

    @Test
    void unknownFaultKindListsTheValidOnes() {
        assertThat(message(with("fault: http.status", "fault: http.stauts")))
                .startsWith("scenarios/fastly.yaml:16:27: timeline[1].apply.fault: unknown fault kind \"http.stauts\" "
                        + "(did you mean \"http.status\"?); valid kinds: toxic.latency, toxic.bandwidth,")
                .contains("dns.servfail", "tls.expired", "status-page.major-outage", "cache.flush",
                        "manifest.wrong-file-mirror")
                .doesNotContain("\n");
    }

    @Test
    void unknownReferencesNameTheKnownOnes() {
        assertThat(message(with("target: cloudflare", "target: cloudfare"))).isEqualTo("scenarios/fastly.yaml:16:48: "
                + "timeline[1].apply.target: unknown provider or group \"cloudfare\" (did you mean \"cloudflare\"?); "
                + "known: cloudflare, fastly");
        assertThat(message(with("{count: 2}", "{count: 2, file: g.bin}"))).isEqualTo("scenarios/fastly.yaml:11:22: "
                + "clients[0].file: unknown file \"g.bin\" (did you mean \"f.bin\"?); known: f.bin");
        assertThat(message(with("- corruptFilesAccepted: 0", "- {corruptFilesAccepted: 0, during: c}")))
                .isEqualTo("scenarios/fastly.yaml:20:39: slos[0].during: unknown fault id \"c\" (did you mean "
                        + "\"a\"?); known: a, b");
    }

    /**
     * Windows no run could ever fill: before, each of these loaded and failed every run as "not judged" after
     * playing it in full, whatever the client did.
     */
    @Test
    void anSloWhoseWindowNoRunCanFillIsRefused() {
        // b is applied at 20s and never cleared: nothing starts after its clear.
        assertThat(message(with("- corruptFilesAccepted: 0", "- {corruptFilesAccepted: 0, after: b}")))
                .isEqualTo("scenarios/fastly.yaml:20:38: slos[0].after: \"b\" is never cleared (no step clears it, "
                        + "nor clears all), so no download starts after its clear and the SLO could never be judged; "
                        + "add a step that clears it, or judge during: b");
        assertThat(message(with("- corruptFilesAccepted: 0", "- timeToRecover: {after: b clear, within: 5s}")))
                .isEqualTo("scenarios/fastly.yaml:20:28: slos[0].timeToRecover.after: \"b\" is never cleared (no "
                        + "step clears it, nor clears all), so there is no clear to recover from and the SLO could "
                        + "never be judged; add a step that clears it, or write \"b start\"");
        // Steps at 0s apply before any client starts: no download ends before them.
        assertThat(message(with("- corruptFilesAccepted: 0", "- {corruptFilesAccepted: 0, before: a}")
                .replace("- at: 10s", "- at: 0s"))).isEqualTo("scenarios/fastly.yaml:20:39: slos[0].before: \"a\" "
                + "is applied at 0s, before any client starts, so no download ends before it and the SLO could never "
                + "be judged; apply it later, or judge another window");
        // What can be judged still loads: a clear (or clear: all) exists, or the apply comes after the start.
        ScenarioLoader.parse("scenarios/fastly.yaml", "fastly", with("- corruptFilesAccepted: 0",
                "- {corruptFilesAccepted: 0, after: a}\n  - timeToRecover: {after: a clear, within: 5s}\n"
                        + "  - {corruptFilesAccepted: 0, before: a}"));
        ScenarioLoader.parse("scenarios/fastly.yaml", "fastly", with("- corruptFilesAccepted: 0",
                "- {corruptFilesAccepted: 0, after: b}").replace("clear: a", "clear: all"));
    }

    /** Before, "within: 0s" loaded and failed every run, "expected within 0.00 s, measured worst 0.08 s". */
    @Test
    void anSloDurationOfZeroIsRefused() {
        assertThat(message(with("- corruptFilesAccepted: 0", "- completeWithin: {share: 100%, within: 0s}")))
                .isEqualTo("scenarios/fastly.yaml:20:43: slos[0].completeWithin.within: expected a duration above "
                        + "0s (nothing happens in no time, so every run would fail it), saw 0s");
        assertThat(message(with("- corruptFilesAccepted: 0", "- timeToRecover: {after: a start, within: 0ms}")))
                .contains("slos[0].timeToRecover.within: expected a duration above 0s");
    }

    @Test
    void clearOfAnUnknownIdIsRefused() {
        assertThat(message(with("clear: a", "clear: z"))).isEqualTo("scenarios/fastly.yaml:18:12: timeline[2].clear: "
                + "clears \"z\", which no earlier step applies (did you mean \"a\"?); known: a, b");
    }

    @Test
    void aClearMustComeAfterItsApplyInTimeNotOnlyInTheFile() {
        assertThat(message(with("  - at: 30s\n    clear: a", "  - at: 5s\n    clear: a"))).isEqualTo(
                "scenarios/fastly.yaml:18:12: timeline[2].clear: clears \"a\" at 5s, but it is applied at 10s: the "
                        + "clear comes first and does nothing, so the fault stays on");
        String applyA = "  - at: 10s\n    apply: {id: a, fault: toxic.latency, target: fastly, latency: 100}\n";
        String clearFirst = BASE.replace(applyA, "").replace("  - at: 30s\n    clear: a\n", "");
        clearFirst = clearFirst.replace("timeline:\n", "timeline:\n  - at: 10s\n    clear: a\n" + applyA);
        assertThat(message(clearFirst)).isEqualTo("scenarios/fastly.yaml:14:12: timeline[0].clear: clears \"a\" at "
                + "10s, but it is applied at 10s: steps due together fire in file order, so the clear must come after "
                + "the apply in the file");
        // Later in the file but sooner in time is in order: the player goes by time.
        Scenario sooner = ScenarioLoader.parse("scenarios/fastly.yaml", "fastly",
                clearFirst.replace("  - at: 10s\n    clear: a", "  - at: 30s\n    clear: a"));
        assertThat(sooner.timeline()).hasSize(3);

        assertThat(message(with("  - at: 30s\n    clear: a", "  - atProgress: 50%\n    clear: a"))).isEqualTo(
                "scenarios/fastly.yaml:18:12: timeline[2].clear: clears \"a\" at 50% of the fleet's bytes, but it is "
                        + "applied at 10s: which comes first depends on how fast the downloads go, and a clear that "
                        + "comes first does nothing; trigger both by time, or both by the same progress");
        String progress = with("  - at: 10s\n", "  - atProgress: 60%\n")
                .replace("  - at: 30s\n    clear: a", "  - atProgress: 40%\n    clear: a");
        assertThat(message(progress)).isEqualTo("scenarios/fastly.yaml:18:12: timeline[2].clear: clears \"a\" at 40% "
                + "of the fleet's bytes, but it is applied at 60% of the fleet's bytes: the clear comes first and does "
                + "nothing, so the fault stays on");
        assertThat(ScenarioLoader.parse("scenarios/fastly.yaml", "fastly", with("  - at: 10s\n", "  - at: 0s\n")
                .replace("  - at: 30s\n    clear: a", "  - atProgress: 40%\n    clear: a")).timeline())
                .as("a fault applied at 0s is on before any client starts, so before any progress").hasSize(3);
    }

    @Test
    void insideARepeatAClearMustComeAfterItsApplyInEachIteration() {
        String flapping = with("  - at: 30s\n    clear: a", String.join("\n",
                "  - at: 30s",
                "    repeat:",
                "      every: 1m",
                "      times: 3",
                "      steps:",
                "        - {at: 0s, clear: flap}",
                "        - {at: 10s, apply: {id: flap, fault: toxic.down, target: fastly}}"));
        assertThat(message(flapping)).isEqualTo("""
                scenarios/fastly.yaml:22:27: timeline[2].repeat.steps[0].clear: clears "flap" at 0s, but it is \
                applied at 10s: the clear comes first and does nothing, so the fault stays on
                scenarios/fastly.yaml:23:33: timeline[2].repeat.steps[1].apply.id: "flap" is applied in a repeat but \
                never cleared in it; add a step that clears it before the period ends""");
    }

    @Test
    void badDurationsSizesAndSharesSayTheSyntax() {
        assertThat(message(with("at: 30s", "at: 90x"))).isEqualTo("scenarios/fastly.yaml:17:9: timeline[2].at: "
                + "expected a scenario time: a duration such as 90s or 12m, or a clock time such as \"09:05\" or "
                + "\"11:28\" (24-hour, two digits each; needs the top-level clock), saw \"90x\"");
        // An hour of one digit, as people write it, was refused with an example it seemed to follow.
        assertThat(message(with("seed: 1\n", "seed: 1\nclock: \"9:40\"\n"))).isEqualTo("scenarios/fastly.yaml:4:8: "
                + "clock: expected a clock time such as \"09:05\", \"11:28\" or \"11:28:30\" (24-hour, two digits "
                + "each), saw \"9:40\"");
        assertThat(message(with("size: 8MiB", "size: 8MeB"))).isEqualTo("scenarios/fastly.yaml:9:27: "
                + "topology.files[0].size: expected a size such as 65536, 512KiB, 64MiB, 1GiB or 10MB, saw \"8MeB\"");
        assertThat(message(with("code: 503}", "code: 503, probability: 140%}"))).isEqualTo(
                "scenarios/fastly.yaml:16:84: timeline[1].apply.probability: expected a share such as 28% or 0.28 "
                        + "(between 0 and 1), saw \"140%\"");
        assertThat(message(with("code: 503}", "code: 503, retryAfter: 5}"))).isEqualTo(
                "scenarios/fastly.yaml:16:83: timeline[1].apply.retryAfter: expected a duration such as 500ms, 90s, "
                        + "12m or 1h30m, saw 5");
        assertThat(message(with("at: 30s", "at: \"11:40\""))).isEqualTo("scenarios/fastly.yaml:17:9: timeline[2].at: "
                + "a clock time needs the top-level clock (the incident's time at scenario time 0, e.g. clock: \"11:05\")");
    }

    /**
     * Values that loaded and made the fault do less than it says, or that were refused in the fake's own terms: a
     * retryAfter of 500ms was sent as "Retry-After: 0", a dribble every 0s did not slow the body at all, a chunk of 0
     * was refused as "http.dribble: bytesPerInterval must be positive" at the fault rather than at its field, and a
     * swap to the file every client downloads served the bytes asked for.
     */
    @Test
    void aFaultValueThatWouldMakeTheFaultDoNothingIsRefusedAtItsField() {
        assertThat(message(with("code: 503}", "code: 503, retryAfter: 500ms}"))).isEqualTo(
                "scenarios/fastly.yaml:16:83: timeline[1].apply.retryAfter: expected whole seconds (it is sent as an "
                        + "HTTP Retry-After, which counts seconds), such as 5s or 1m, saw \"500ms\"");
        ScenarioLoader.parse("scenarios/fastly.yaml", "fastly", with("code: 503}", "code: 503, retryAfter: 1m30s}"));
        String status = "fault: http.status, target: cloudflare, code: 503";
        assertThat(message(with(status, "fault: http.dribble, target: cloudflare, chunk: 0, every: 1s")))
                .isEqualTo("scenarios/fastly.yaml:16:68: timeline[1].apply.chunk: expected a size above 0 (the bytes "
                        + "sent each interval), saw 0");
        assertThat(message(with(status, "fault: http.dribble, target: cloudflare, chunk: 1KiB, every: 0s")))
                .isEqualTo("scenarios/fastly.yaml:16:81: timeline[1].apply.every: expected a duration above 0s (at 0s "
                        + "no byte waits, so the body is not slowed), saw \"0s\"");
        assertThat(message(with(status, "fault: http.swap-content, target: cloudflare, file: f.bin")))
                .isEqualTo("scenarios/fastly.yaml:16:72: timeline[1].apply.file: expected another file than the "
                        + "clients download, saw \"f.bin\", which every client downloads: the fault would serve each "
                        + "the bytes it asked for (add a second file to topology.files)");
    }

    /** Before, both loaded, and a run passed with a fault that no request ever reached. */
    @Test
    void anOffsetPastTheEndOfEveryFileIsRefused() {
        String status = "fault: http.status, target: cloudflare, code: 503";
        assertThat(message(with(status, "fault: http.corrupt-bytes, target: cloudflare, offsets: [100, 8MiB]")))
                .isEqualTo("scenarios/fastly.yaml:16:82: timeline[1].apply.offsets[1]: expected an offset below "
                        + "8388608 (the size of f.bin, the largest file), saw 8388608: no request reaches it, so the "
                        + "fault would change nothing");
        assertThat(message(with("code: 503}", "code: 503, bytes: 9MiB-10MiB}"))).isEqualTo("scenarios/fastly.yaml:16:"
                + "78: timeline[1].apply.bytes: expected an offset below 8388608 (the size of f.bin, the largest "
                + "file), saw a range from 9437184: no request reaches it, so the fault would change nothing");
        // The last byte of the file, and a range that starts inside it, are reached.
        ScenarioLoader.parse("scenarios/fastly.yaml", "fastly", with(status,
                "fault: http.corrupt-bytes, target: cloudflare, offsets: [8388607], bytes: 8MiB-9MiB")
                .replace("8MiB}", "9MiB}"));
    }

    @Test
    void aNumberTooLargeForTheModelIsAFieldErrorNotACrash() {
        assertThat(message(with("- corruptFilesAccepted: 0", "- maxFailoversPerDownload: 3000000000"))).isEqualTo(
                "scenarios/fastly.yaml:20:30: slos[0].maxFailoversPerDownload: expected an integer between 0 and "
                        + "2147483647, saw 3000000000");
        assertThat(message(with("code: 503}", "code: 503, afterRequests: 3000000000}"))).isEqualTo(
                "scenarios/fastly.yaml:16:86: timeline[1].apply.afterRequests: expected an integer between 0 and "
                        + "2147483647, saw 3000000000");
        String status = "fault: http.status, target: cloudflare, code: 503";
        assertThat(message(with(status, "fault: http.dribble, target: cloudflare, chunk: 3GiB, every: 1s")))
                .isEqualTo("scenarios/fastly.yaml:16:68: timeline[1].apply.chunk: expected a size of at most "
                        + "2147483647 bytes (2GiB less one byte), saw \"3GiB\"");
        assertThat(message(with("code: 503}", "code: 503, retryAfter: 3000000000s}"))).isEqualTo(
                "scenarios/fastly.yaml:16:83: timeline[1].apply.retryAfter: expected a duration of at most "
                        + "87600h (ten years), saw \"3000000000s\"");
        assertThat(message(with(status, "fault: http.slow-first-byte, target: cloudflare, delay: 9300000000000000s")))
                .isEqualTo("scenarios/fastly.yaml:16:76: timeline[1].apply.delay: expected a duration of at most "
                        + "87600h (ten years), saw \"9300000000000000s\"");
        // A time the run would turn into nanoseconds of wall time: the reader's error, not an overflow mid-run.
        assertThat(message(with("at: 30s", "at: 900000h"))).isEqualTo("scenarios/fastly.yaml:17:9: timeline[2].at: "
                + "expected a duration of at most 87600h (ten years), saw \"900000h\"");
    }

    @Test
    void duplicateFaultIdsAreRefused() {
        assertThat(message(with("{id: b,", "{id: a,"))).isEqualTo("scenarios/fastly.yaml:16:17: timeline[1].apply.id: "
                + "duplicate fault id \"a\"; ids must be unique in a scenario");
    }

    /** Before, both groups' first clients were "early-001", downloading into one folder, and failed with LOCAL_IO. */
    @Test
    void duplicateClientGroupNamesAreRefused() {
        assertThat(message(with("  - {count: 2}", "  - {name: early, count: 2}\n  - {name: early, count: 1}")))
                .isEqualTo("scenarios/fastly.yaml:12:12: clients[1].name: duplicate client group name \"early\" "
                        + "(clients[0] has it): each group's clients need their own ids and folders; rename one");
        // A name that is another group's default: the message says where the default comes from.
        assertThat(message(with("  - {count: 2}", "  - {count: 2}\n  - {name: clients-1, count: 1}")))
                .isEqualTo("scenarios/fastly.yaml:12:12: clients[1].name: duplicate client group name "
                        + "\"clients-1\" (clients[0] has it; a group without a name is called clients-N, N its place "
                        + "in the list from 1): each group's clients need their own ids and folders; rename one");
    }

    @Test
    void yamlSyntaxErrorsAndDuplicateKeysStopAtTheirLine() {
        assertThat(message(with("seed: 1", "seed: [1"))).isEqualTo("scenarios/fastly.yaml:4:9: YAML syntax error: "
                + "expected ',' or ']', but got : (while parsing a flow sequence that began at line 3, column 7)");
        assertThat(message(with("seed: 1", "seed: 1\nseed: 2")))
                .isEqualTo("scenarios/fastly.yaml:4:1: seed: duplicate key \"seed\" (first at line 3)");
        assertThat(message("")).isEqualTo("scenarios/fastly.yaml:1:1: the file is empty; expected a scenario (a YAML mapping)");
        assertThat(message("- a\n")).isEqualTo("scenarios/fastly.yaml:1:1: expected a scenario (a YAML mapping of "
                + "fields), saw [\"a\"]");
    }

    /**
     * Nesting past the YAML parser's limit was refused with no line, in Jackson's words ("from
     * `StreamReadConstraints.getMaxNestingDepth()`"): the line is where the parser stopped, at the level too deep.
     */
    @Test
    void nestingPastTheParsersLimitIsRefusedAtItsLine() {
        StringBuilder deep = new StringBuilder();
        for (int level = 0; level <= 1000; level++) {
            deep.append(" ".repeat(level)).append("k").append(level).append(":\n");
        }
        String tooDeep = with("seed: 1\n", "seed: 1\n" + deep); // k0 at line 4, k1000 at line 1004
        assertThat(message(tooDeep)).isEqualTo("scenarios/fastly.yaml:1004:1001: YAML nested too deep: more than "
                + "1000 mappings and lists inside each other here (a scenario needs fewer than 10)");
        String flow = with("seed: 1", "seed: " + "[".repeat(1001) + "]".repeat(1001));
        assertThat(message(flow)).as("a flow sequence, the 1001st [ at column 1007 of line 3")
                .isEqualTo("scenarios/fastly.yaml:3:1007: YAML nested too deep: more than 1000 mappings and lists "
                        + "inside each other here (a scenario needs fewer than 10)");
    }

    /** SnakeYAML's own size limit, reached by text given to parse (a file that large is refused before it is read). */
    @Test
    void textPastTheParsersCodePointLimitIsRefusedNamingTheFile() {
        String comments = ("# " + "c".repeat(98) + "\n").repeat(32_000); // 3,200,000 code points
        assertThat(message(comments + BASE)).isEqualTo("scenarios/fastly.yaml:1:1: YAML syntax error: The incoming "
                + "YAML document exceeds the limit: 3145728 code points.");
    }

    @Test
    void yamlAliasesAreRefusedWhereTheyAreNotReadAsTheAnchorsName() {
        // Before, "compress: *s" read as the text "s": "expected a number of at least 1, saw \"s\"".
        assertThat(message(with("seed: 1", "seed: &s 1\ncompress: *s"))).isEqualTo("scenarios/fastly.yaml:4:11: "
                + "compress: YAML aliases are not supported in scenario files: write out the value of *s here");
        // Shared client options, the usual reason to reach for one, are refused the same way, not as a "mapping".
        assertThat(message(with("  - {count: 2}", "  - {count: 2, options: &o {connections: 2}}\n"
                + "  - {count: 1, options: *o}"))).isEqualTo("scenarios/fastly.yaml:12:25: clients[1].options: "
                + "YAML aliases are not supported in scenario files: write out the value of *o here");
    }

    @Test
    void yamlSyntaxErrorsPointAtTheProblemNotAtTheTokenBefore() {
        // A tab-indented line: the tab is at line 4, column 1, not at the end of line 3's "1".
        assertThat(message(with("seed: 1\n", "seed: 1\n\tcompress: 2\n"))).as("a tab indenting a line")
                .startsWith("scenarios/fastly.yaml:4:1: YAML syntax error: found character '\\t(TAB)' that cannot "
                        + "start any token");
        // A list item where a field was expected: the "-" on line 4, not the end of line 3.
        assertThat(message(with("seed: 1\n", "seed: 1\n- 2\n"))).as("a list item among fields")
                .startsWith("scenarios/fastly.yaml:4:1: YAML syntax error: expected <block end>, but found '-'");
        // A quote never closed: the end of the file, with where the quote began.
        String unclosed = "name: fastly\ndescription: \"test\nseed: 1\n";
        assertThat(message(unclosed)).as("a quote never closed").isEqualTo("scenarios/fastly.yaml:4:1: YAML syntax "
                + "error: found unexpected end of stream (while scanning a quoted scalar that began at line 2, column 14)");
    }

    @Test
    void timelineRules() {
        assertThat(message(with("  - at: 30s\n    clear: a", "  - at: 30s\n    atProgress: 50%\n    clear: a")))
                .isEqualTo("scenarios/fastly.yaml:17:5: timeline[2]: a step fires at a time or at a progress, not both");
        assertThat(message(with("    clear: a", "    clear: a\n    apply: {id: c, fault: toxic.down, target: fastly}")))
                .isEqualTo("scenarios/fastly.yaml:17:5: timeline[2]: a step does one thing; this one has apply and "
                        + "clear (split it in two)");
        String flapping = with("  - at: 30s\n    clear: a", String.join("\n",
                "  - at: 30s",
                "    repeat:",
                "      every: 1m",
                "      times: 3",
                "      steps:",
                "        - {at: 0s, apply: {id: flap, fault: toxic.down, target: fastly}}",
                "        - {at: 90s, clear: flap}",
                "        - {at: 10s, apply: {id: stuck, fault: toxic.down, target: cloudflare}}"));
        assertThat(message(flapping)).isEqualTo("""
                scenarios/fastly.yaml:23:16: timeline[2].repeat.steps[1].at: an offset inside a repeat must be below \
                its period (every: 1m), saw 90s
                scenarios/fastly.yaml:24:33: timeline[2].repeat.steps[2].apply.id: "stuck" is applied in a repeat but \
                never cleared in it; add a step that clears it before the period ends""");
    }

    @Test
    void aRepeatStartsAtATimeNotAtAProgress() {
        String atProgress = with("  - at: 30s\n    clear: a", String.join("\n",
                "  - at: 30s",
                "    clear: a",
                "  - atProgress: 50%",
                "    repeat:",
                "      every: 1m",
                "      times: 3",
                "      steps:",
                "        - {at: 0s, apply: {id: flap, fault: toxic.down, target: fastly}}",
                "        - {at: 30s, clear: flap}"));
        assertThat(message(atProgress)).isEqualTo("scenarios/fastly.yaml:19:17: timeline[3].atProgress: a repeat "
                + "starts at a scenario time (\"at\"), not at a progress");
    }

    @Test
    void anS3ProxyBackendIsAnObjectStoreThatTakesNoHttpOrTlsFaults() {
        assertThat(message(with("{name: fastly, kind: cdn-edge}", "{name: fastly, kind: cdn-edge, backend: minio}")))
                .isEqualTo("scenarios/fastly.yaml:7:47: topology.providers[1].backend: expected one of in-process, "
                        + "s3proxy, saw \"minio\"");
        assertThat(message(with("{name: fastly, kind: cdn-edge}", "{name: fastly, kind: cdn-edge, backend: s3proxy}")))
                .isEqualTo("scenarios/fastly.yaml:7:47: topology.providers[1].backend: s3proxy serves object-store "
                        + "providers only, and \"fastly\" is a cdn-edge (make it kind: object-store, or drop the "
                        + "backend)");

        String cloudflareOnS3Proxy = with("{name: cloudflare, kind: cdn-edge}",
                "{name: cloudflare, kind: object-store, backend: s3proxy, group: cloud}");
        String why = " served by S3Proxy (backend: s3proxy), a process of its own, not the harness's fake server; "
                + "toxic.*, dns.* and status-page.* faults reach it, http.* and tls.* do not (drop backend: s3proxy "
                + "for those)";
        assertThat(message(cloudflareOnS3Proxy)).isEqualTo("scenarios/fastly.yaml:16:48: timeline[1].apply.target: "
                + "http.status cannot act on \"cloudflare\": it is" + why);
        assertThat(message(cloudflareOnS3Proxy.replace("target: cloudflare", "target: cloud"))).isEqualTo(
                "scenarios/fastly.yaml:16:48: timeline[1].apply.target: http.status cannot act on \"cloud\": it "
                        + "includes cloudflare," + why);
        assertThat(message(cloudflareOnS3Proxy.replace("fault: http.status, target: cloudflare, code: 503",
                "fault: tls.expired, target: cloudflare"))).startsWith("scenarios/fastly.yaml:16:48: "
                + "timeline[1].apply.target: tls.expired cannot act on \"cloudflare\"");
        Scenario toxic = ScenarioLoader.parse("scenarios/fastly.yaml", "fastly", cloudflareOnS3Proxy.replace(
                "fault: http.status, target: cloudflare, code: 503", "fault: toxic.down, target: cloudflare"));
        assertThat(toxic.topology().provider("cloudflare").orElseThrow().backend())
                .isEqualTo(Topology.Backend.S3PROXY);
    }

    @Test
    void nameMustMatchTheFile() {
        assertThat(message(BASE.replace("name: fastly\n", "name: fastly-2021\n"))).isEqualTo(
                "scenarios/fastly.yaml:1:7: name: expected the file's name \"fastly\", saw \"fastly-2021\" (rename one "
                        + "so they match)");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        String twoTypos = with("  - at: 20s", "  - atProgres: 20s").replace("latency: 100}", "latency: 100, jiter: 1}");
        assertThat(message(twoTypos).lines()).hasSize(2);
    }

    @Test
    void anUnquotedClockTimeIsReadAsAClockTimeNotABase60Number() {
        assertThat(message(with("at: 30s", "at: 11:40"))).isEqualTo("scenarios/fastly.yaml:17:9: timeline[2].at: "
                + "a clock time needs the top-level clock (the incident's time at scenario time 0, e.g. clock: \"11:05\")");
    }

    /**
     * A wrong unit in a scenario time ({@code 10000h} for {@code 10000s}) made a run that would wait for weeks, and
     * past about 292 years of wall time one that stopped on "long overflow" without naming the field.
     */
    @Test
    void aScenarioTimeOrSloDurationPastADayOfWallTimeIsRefusedAtItsField() {
        assertThat(message(with("{count: 2}", "{count: 2, stagger: 10000h}"))).isEqualTo("scenarios/fastly.yaml:11:"
                + "25: clients[0].stagger: the last of the group's 2 clients would start 10000h of wall time after the "
                + "first (1 × 10000h, not compressed); a run may take at most 24h of wall time: check the unit, or "
                + "raise compress");
        assertThat(message(with("seed: 1\n", "seed: 1\ncompress: 60\n").replace("{count: 2}",
                "{count: 6, stagger: 80000h}"))).isEqualTo("scenarios/fastly.yaml:12:25: clients[0].stagger: the "
                + "last of the group's 6 clients would start 6666h40m of wall time after the first (5 × 80000h "
                + "at compress 60); a run may take at most 24h of wall time: check the unit, or raise compress");
        assertThat(message(with("  - at: 30s\n", "  - at: 80000h\n"))).startsWith("scenarios/fastly.yaml:17:9: "
                + "timeline[2].at: this step would fire 80000h of wall time after the start (80000h, not "
                + "compressed); a run may take at most 24h");
        assertThat(message(with("  - at: 30s\n    clear: a\n", """
                  - at: 30s
                    repeat:
                      every: 80000h
                      times: 2
                      steps:
                        - {at: 0s, apply: {id: flap, fault: toxic.down, target: fastly}}
                        - {at: 1m, clear: flap}
                  - {at: 40s, clear: a}
                """))).startsWith("scenarios/fastly.yaml:19:14: timeline[2].repeat.every: the repeat would end "
                + "160000h30s of wall time after the start (30s + 2 × 80000h, not compressed)");
        assertThat(message(with("  - corruptFilesAccepted: 0", "  - completeWithin: {share: 100%, within: 80000h}")))
                .isEqualTo("scenarios/fastly.yaml:20:43: slos[0].completeWithin.within: expected at most 24h (SLO "
                        + "durations are wall-clock time, never compressed), saw 80000h");
        assertThat(ScenarioLoader.parse("scenarios/fastly.yaml", "fastly", with("seed: 1\n", "seed: 1\ncompress: 600\n")
                .replace("{count: 2}", "{count: 2, stagger: 240h}")).clients().getFirst().stagger())
                .as("240 h at 600x: 24 min of wall time").isEqualTo(java.time.Duration.ofHours(240));
    }

    /** {@code every: 0s} was reported once per step of the repeat, as an offset "below its period (every: 0s)". */
    @Test
    void aRepeatWithNoPeriodIsRefusedOnceAtItsEvery() {
        assertThat(message(with("  - at: 30s\n    clear: a\n", """
                  - at: 30s
                    repeat:
                      every: 0s
                      times: 2
                      steps:
                        - {at: 0s, apply: {id: flap, fault: toxic.down, target: fastly}}
                        - {at: 1m, clear: flap}
                  - {at: 40s, clear: a}
                """))).isEqualTo("scenarios/fastly.yaml:19:14: timeline[2].repeat.every: expected a period above 0s "
                + "(the time from one iteration's start to the next), saw 0s");
    }

    /**
     * An SLO held by one client group: named after a group the scenario has, never after a client or a misspelt
     * group (it would judge no download), and never on an SLO of the routing controller, which judges no download.
     */
    @Test
    void anSloOfOneClientGroupNamesAGroupOfTheScenario() throws Exception {
        String twoGroups = with("  - {count: 2}", "  - {name: warm, count: 2}\n  - {name: cold, count: 1}");
        Scenario loaded = ScenarioLoader.parse("scenarios/fastly.yaml", "fastly", twoGroups.replace(
                "  - corruptFilesAccepted: 0", """
                  - corruptFilesAccepted: 0
                  - {completeWithin: {share: 100%, within: 30s}, clients: cold}
                  - {timeToRecover: {after: b start, within: 5s}, clients: warm}"""));
        assertThat(loaded.slos().get(1).window()).isEqualTo(new Slo.Window(Slo.Phase.WHOLE_RUN, null, "cold"));
        assertThat(loaded.slos().get(2).window()).isEqualTo(new Slo.Window(Slo.Phase.DURING, "b", "warm"));

        assertThat(message(twoGroups.replace("  - corruptFilesAccepted: 0",
                "  - {corruptFilesAccepted: 0, during: b, clients: warn}")))
                .isEqualTo("scenarios/fastly.yaml:21:51: slos[0].clients: unknown client group \"warn\" (did you mean "
                        + "\"warm\"?); known: warm, cold");
        assertThat(message(with("  - corruptFilesAccepted: 0", "  - {corruptFilesAccepted: 0, clients: reference}")))
                .as("a client's name is not a group's").contains("slos[0].clients: unknown client group "
                        + "\"reference\"").contains("known: clients-1");
        assertThat(message(with("clients:", "routing: {interval: 1s}\nclients:").replace(
                "  - corruptFilesAccepted: 0", "  - {maxRepublications: 1, clients: clients-1}")))
                .contains("slos[0].clients: maxRepublications judges the routing controller, not downloads; drop "
                        + "clients");
    }
}
