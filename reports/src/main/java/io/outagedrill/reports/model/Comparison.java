package io.outagedrill.reports.model;

import java.util.List;

/**
 * One metric across the clients and policies that ran the same scenario with the same seed: same world, same
 * faults, so the difference is the downloader.
 *
 * @param rows one per client/policy; {@code best} marks the best value (ties all marked)
 */
public record Comparison(String scenario, long seed, String metric, String label, boolean higherIsBetter,
                         List<Row> rows) {

    public record Row(String client, String policy, Double value, String display, boolean best) {
        public String label() {
            return client + " / " + policy;
        }
    }
}
