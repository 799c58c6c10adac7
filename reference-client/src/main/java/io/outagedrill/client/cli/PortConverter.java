package io.outagedrill.client.cli;

import java.net.BindException;
import java.util.Optional;
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

    /**
     * What to tell the user when binding the port {@code option} gave failed because it is taken (a real Toxiproxy
     * on 8474, another run's metrics): that, if {@code e} or one of its causes says so; else empty, and the failure
     * is not the user's port.
     */
    public static Optional<String> taken(String option, int port, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                return Optional.of("%s: cannot listen on port %d: %s; choose another, or 0 for a free one"
                        .formatted(option, port, bind.getMessage()));
            }
        }
        return Optional.empty();
    }
}
