package io.outagedrill.client.cli;

import io.outagedrill.client.ByteSize;
import picocli.CommandLine;

/**
 * Reads a size option ({@code 500MiB}, {@code 10GiB}) through {@link ByteSize}; picocli puts the option's name
 * in front of the message, also when the value came from a {@code --config} file. Zero is refused: no size
 * option of the client means anything at zero (a cache that keeps nothing is {@code --no-cache}).
 */
public final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        long bytes;
        try {
            bytes = ByteSize.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
        if (bytes <= 0) {
            throw new CommandLine.TypeConversionException("expected a size of at least 1 byte, saw '" + value + "'");
        }
        return bytes;
    }
}
