package io.outagedrill.client.cli;

import java.io.File;
import picocli.CommandLine;

/**
 * {@code --config FILE}: a properties file whose keys are option names without dashes ({@code stall-timeout=2s})
 * supplies defaults that the command line overrides. Its keys for transfer knobs are therefore the names in
 * {@link io.outagedrill.client.transfer.TransferOptions}, from which {@code get}'s options are made. It must be
 * known before the other options are parsed, so it is read from the raw arguments.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    /** Makes the file named by {@code --config} in {@code args}, if any, the defaults of {@code command}. */
    static void apply(CommandLine command, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String path = null;
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
            if (path != null) {
                File file = new File(path);
                if (!file.isFile()) {
                    throw new CommandLine.ParameterException(command, "--config " + path + ": no such file");
                }
                command.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(file));
            }
        }
    }
}
