package io.outagedrill.client.cli;

import io.outagedrill.client.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads a duration option through {@link Durations}, the project's one duration grammar. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
