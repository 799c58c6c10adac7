package io.outagedrill.harness.scenario;

import java.time.Duration;
import java.util.Map;

/**
 * Identical downloaders started together: {@code count} of them, client {@code i} (from 0) starting at
 * scenario time {@code i × stagger}.
 *
 * @param name    label in reports; default {@code clients-N} (its place in the list, from 1)
 * @param policy  the client's policy or profile name (reference: sequential, parallel, adaptive; aria2c and
 *                curl: an adapter profile), null for the client's default
 * @param file    the file to fetch; null only when the topology has one file
 * @param options extra options passed to the adapter as-is (e.g. {@code stall-timeout: 2s})
 */
public record ClientGroup(String name, int count, Client client, String policy, Duration stagger,
                          String file, Map<String, Object> options) {
    public ClientGroup {
        options = Map.copyOf(options);
    }

    /**
     * Which downloader runs: {@code reference} (in process), {@code reference-cli} (its CLI, {@code drill get}, in a
     * process of its own), {@code aria2c}, {@code curl} or {@code cmd:TEMPLATE}.
     */
    public sealed interface Client {
        static Client parse(String text) {
            return switch (text) {
                case "reference" -> new Reference();
                case "reference-cli" -> new ReferenceCli();
                case "aria2c" -> new Aria2c();
                case "curl" -> new Curl();
                default -> new Command(text.substring("cmd:".length()).strip());
            };
        }

        /** The client as scenario files and {@code --client} name it: what {@link #parse} reads. */
        default String text() {
            return switch (this) {
                case Reference r -> "reference";
                case ReferenceCli r -> "reference-cli";
                case Aria2c a -> "aria2c";
                case Curl c -> "curl";
                case Command c -> "cmd:" + c.template();
            };
        }

        record Reference() implements Client {
        }

        /** The reference client's CLI; it takes the same {@code options} as {@link Reference}, as flags. */
        record ReferenceCli() implements Client {
        }

        record Aria2c() implements Client {
        }

        record Curl() implements Client {
        }

        /** Any program; the template's placeholders are filled by the runner (documented there). */
        record Command(String template) implements Client {
        }
    }
}
