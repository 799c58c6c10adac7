package io.outagedrill.fakes.topology;

import java.util.List;
import java.util.function.Consumer;

/**
 * Well-known providers with plausible settings, for topologies sized by a number ({@code drill topology up
 * --providers 3}) rather than described one by one. Groups follow who shares infrastructure: CloudFront sits
 * on AWS, B2 is Backblaze's own.
 */
public final class ProviderCatalog {
    /** A catalog entry: the name and how to set up its {@link ProviderSpec}. */
    public record Entry(String name, Consumer<ProviderSpec> setup) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("cloudflare", p -> p.region("global").group("cloudflare")),
            new Entry("fastly", p -> p.region("global").group("fastly")),
            new Entry("bunny", p -> p.region("eu-central").group("bunny")),
            new Entry("akamai", p -> p.region("global").group("akamai")),
            new Entry("cloudfront", p -> p.region("us-east-1").group("aws")),
            new Entry("b2", p -> p.kind(ProviderKind.OBJECT_STORE).region("us-west-004").group("backblaze").priority(2)),
            new Entry("gcore", p -> p.region("eu-west").group("gcore")),
            new Entry("origin", p -> p.kind(ProviderKind.ORIGIN).region("eu-west").group("origin").priority(3)));

    private ProviderCatalog() {
    }

    /** Every entry, in the order {@link #first} picks them. */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** The first {@code n} entries (1 to {@link #size()}). */
    public static List<Entry> first(int n) {
        if (n < 1 || n > ENTRIES.size()) {
            throw new IllegalArgumentException("providers: expected 1 to " + ENTRIES.size() + ", was " + n);
        }
        return ENTRIES.subList(0, n);
    }

    public static int size() {
        return ENTRIES.size();
    }
}
