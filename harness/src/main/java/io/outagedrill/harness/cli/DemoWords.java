package io.outagedrill.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.outagedrill.harness.run.DownloadRecord;
import io.outagedrill.harness.run.RunListener;
import io.outagedrill.harness.sut.Observation;
import java.io.PrintStream;
import java.util.Set;

/**
 * What {@code drill demo} prints while it runs: what broke (the timeline's notes, in plain words) and how the
 * client coped (rejected chunks, mirror switches and abandoned mirrors), or with {@code --json} every
 * observation as one JSON line.
 */
final class DemoWords implements RunListener {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final PrintStream out;
    private final boolean json;
    private final Set<String> faultNotes;

    /** {@code faultNotes}: the scenario's words for what breaks, told apart from the runner's own steps. */
    DemoWords(PrintStream out, boolean json, Set<String> faultNotes) {
        this.out = out;
        this.json = json;
        this.faultNotes = Set.copyOf(faultNotes);
    }

    @Override
    public void step(String what) {
        if (faultNotes.contains(what)) {
            say("[fault] " + what);
        } else if (!what.startsWith("fault ")) { // "fault X on/off" repeats the note in the runner's terms
            say("[drill] " + what);
        }
    }

    @Override
    public void observed(String clientId, Observation observation) {
        if (json) {
            ObjectNode line = JSON.createObjectNode().put("event", observation.getClass().getSimpleName());
            line.setAll((ObjectNode) JSON.valueToTree(observation));
            say(line.toString());
            return;
        }
        switch (observation) {
            case Observation.ChunkRejected r -> say("  client: chunk %d from %s rejected (%s); fetching it elsewhere",
                    r.chunk(), r.mirror(), r.reason().words());
            case Observation.MirrorSwitched s -> say("  client: chunk %d moved from %s to %s (%s)", s.chunk(),
                    s.from(), s.to(), s.reason());
            case Observation.MirrorAbandoned a -> say("  client: gave up on %s (%s)", a.mirror(), a.reason());
            case Observation.HedgeStarted h -> say("  client: chunk %d is slow on %s; racing a copy on %s",
                    h.chunk(), h.slowMirror(), h.fastMirror());
            default -> {
            }
        }
    }

    @Override
    public void clientFinished(DownloadRecord record) {
        if (!json) {
            say("  client: %s", record.succeeded() ? "done" : "failed");
        }
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
        }
    }

    private void say(String format, Object... args) {
        say(format.formatted(args));
    }
}
