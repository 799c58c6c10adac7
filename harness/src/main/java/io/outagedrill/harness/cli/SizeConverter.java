package io.outagedrill.harness.cli;

import io.outagedrill.fakes.topology.ByteSize;
import picocli.CommandLine;

/** Reads sizes as people type them ({@code 256MiB}, {@code 1GiB}) for options, through {@link ByteSize}. */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return ByteSize.parse(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
