package io.outagedrill.client.cli;

import picocli.CommandLine;

/** Reads a TCP port option ({@code --port}, {@code --metrics-port}): 0 to 65535, where 0 picks a free one. */
public final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new CommandLine.TypeConversionException(
                    "expected a port from 0 to 65535 (0 picks a free one), saw '" + value + "'");
        }
        return port;
    }
}
