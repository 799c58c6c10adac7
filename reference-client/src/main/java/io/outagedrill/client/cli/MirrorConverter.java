package io.outagedrill.client.cli;

import io.outagedrill.client.manifest.Mirror;
import picocli.CommandLine;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code --mirror} value: the file's URL on that mirror, then optional {@code ,key=value} settings:
 * {@code provider}, {@code group}, {@code region}, {@code priority}, {@code status}. Without {@code provider},
 * it is the host name's second-level label ({@code v.fastly.example} gives {@code fastly}, an address stays as
 * it is), which names the operator in most CDN host names; the group defaults to the provider.
 */
public final class MirrorConverter implements CommandLine.ITypeConverter<Mirror> {
    private static final Set<String> KEYS = Set.of("provider", "group", "region", "priority", "status");

    @Override
    public Mirror convert(String value) {
        String[] parts = value.split(",");
        URI url = uri(parts[0].trim(), "URL");
        if (url.getScheme() == null || url.getHost() == null) {
            throw new CommandLine.TypeConversionException(
                    "expected an absolute URL such as https://cdn.example/movie.mp4, saw '" + parts[0] + "'");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String key = eq < 0 ? parts[i].trim() : parts[i].substring(0, eq).trim();
            if (eq < 0 || !KEYS.contains(key)) {
                throw new CommandLine.TypeConversionException(("'%s' in '%s': expected key=value with a key among "
                        + "provider, group, region, priority, status").formatted(parts[i], value));
            }
            if (settings.put(key, parts[i].substring(eq + 1).trim()) != null) {
                throw new CommandLine.TypeConversionException("'%s' given twice in '%s'".formatted(key, value));
            }
        }
        String provider = settings.getOrDefault("provider", providerOf(url.getHost()));
        if (provider.isBlank()) {
            // The manifest's rule too, but said after hashing, as mirrors[0].provider and exit 3, it named no option.
            throw new CommandLine.TypeConversionException(("provider: expected a name such as fastly, saw an empty "
                    + "value in '%s'; leave provider= out to take the host's").formatted(value));
        }
        int priority = priority(settings.getOrDefault("priority", "1"));
        URI status = settings.containsKey("status") ? uri(settings.get("status"), "status") : null;
        return new Mirror(provider, url, priority, settings.get("region"), settings.get("group"), status);
    }

    /** The second-level label of a host name, the operator in most CDN host names; addresses stay whole. */
    static String providerOf(String host) {
        if (host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return host;
        }
        String[] labels = host.split("\\.");
        return labels.length >= 2 ? labels[labels.length - 2] : host;
    }

    private static int priority(String text) {
        try {
            int priority = Integer.parseInt(text);
            if (priority >= 0) {
                return priority;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new CommandLine.TypeConversionException("priority: expected a whole number of 0 or more, saw '"
                + text + "'");
    }

    private static URI uri(String text, String what) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new CommandLine.TypeConversionException("%s: '%s' is not a URL: %s"
                    .formatted(what, text, e.getReason()));
        }
    }
}
