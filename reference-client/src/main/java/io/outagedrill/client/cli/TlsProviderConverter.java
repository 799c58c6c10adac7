package io.outagedrill.client.cli;

import io.outagedrill.client.transfer.TlsProvider;
import picocli.CommandLine;

/** Reads {@code --tls auto|conscrypt|jdk} in any case, with a message that lists the choices. */
public final class TlsProviderConverter implements CommandLine.ITypeConverter<TlsProvider> {
    @Override
    public TlsProvider convert(String value) {
        try {
            return TlsProvider.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
