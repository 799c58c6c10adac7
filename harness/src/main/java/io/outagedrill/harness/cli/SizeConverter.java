package io.outagedrill.harness.cli;

import io.outagedrill.client.ByteSize;
import picocli.CommandLine;

/**
 * Reads sizes for the harness's options through the client's {@link ByteSize}, the grammar scenario files use
 * too, so {@code drill demo --size 1.5GiB} reads as a scenario's {@code size: 1.5GiB} does.
 */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return ByteSize.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
