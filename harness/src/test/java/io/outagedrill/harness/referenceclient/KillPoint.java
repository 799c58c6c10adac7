package io.outagedrill.harness.referenceclient;

import java.util.ArrayList;
import java.util.List;

/** Where in a download a child client is killed with SIGKILL. */
sealed interface KillPoint {
    /** Once the download as a whole (chunks kept by a resume plus chunks verified since) has this many chunks. */
    record AtVerifiedChunks(int chunks) implements KillPoint {
    }

    /** This long after every chunk is verified: during the whole-file hash, the rename, or just after. */
    record AfterAllVerified(long delayMillis) implements KillPoint {
    }

    /**
     * {@code count} points spread evenly over a download of {@code chunks} chunks through a bandwidth-capped mirror,
     * where verified chunks grow linearly with time: most at evenly spaced chunk counts, the last eighth (at least
     * two) {@code tailStepMillis} apart from the moment the last chunk is verified, to land in the final hash and
     * around the rename.
     */
    static List<KillPoint> spread(int count, int chunks, long tailStepMillis) {
        int tail = Math.max(2, count / 8);
        int progress = count - tail;
        if (progress >= chunks) {
            throw new IllegalArgumentException(progress + " kill points need more than " + chunks + " chunks");
        }
        List<KillPoint> points = new ArrayList<>();
        for (int k = 1; k <= progress; k++) {
            points.add(new AtVerifiedChunks((int) Math.round((double) k * chunks / (progress + 1))));
        }
        for (int j = 0; j < tail; j++) {
            points.add(new AfterAllVerified(j * tailStepMillis));
        }
        return List.copyOf(points);
    }
}
