package io.outagedrill.client.cli;

import io.outagedrill.client.EditDistance;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --config FILE}: a properties file whose keys are option names without dashes ({@code stall-timeout=2s})
 * supplies defaults that the command line overrides. Its keys for transfer knobs are therefore the names in
 * {@link io.outagedrill.client.transfer.TransferOptions}, from which {@code get}'s options are made. It must be
 * known before the other options are parsed, so it is read from the raw arguments.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    /**
     * Makes the file named by {@code --config} in {@code args}, if any, the defaults of {@code command}. Every key
     * must be one of {@code knownKeys} (one file serves get and cache alike): picocli's provider would otherwise
     * skip a misspelt key without a word, and the download would run on the default the user meant to change.
     */
    static Optional<String> apply(CommandLine command, String[] args, Supplier<Set<String>> knownKeys) {
        String applied = null;
        for (int i = 0; i < args.length; i++) {
            String path = null;
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
            if (path != null) {
                InputFiles.require(command, "--config", java.nio.file.Path.of(path));
                File file = new File(path);
                // Read once, as the provider will use it: a second read could differ (its own reads ISO-8859-1).
                command.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(
                        knownOnly(command, path, file, knownKeys.get())));
                applied = path;
            }
        }
        return Optional.ofNullable(applied);
    }

    /**
     * {@code e} with "(from --config PATH)" added when the option it names was not on the command line, so its
     * value came from the file: picocli words a bad value the same either way, and the user would look for it in
     * the command they typed.
     */
    static CommandLine.ParameterException naming(CommandLine.ParameterException e, String[] args, String path) {
        if (!(e.getArgSpec() instanceof OptionSpec option) || e instanceof CommandLine.UnmatchedArgumentException) {
            return e;
        }
        for (String arg : args) {
            for (String name : option.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    return e; // typed: the message is about what the user typed
                }
            }
        }
        return new CommandLine.ParameterException(e.getCommandLine(), e.getMessage() + " (from --config " + path
                + ")", e, e.getArgSpec(), e.getValue());
    }

    /**
     * The keys a file may set: for each option of {@code commands} and their subcommands, its longest name without
     * dashes, the one picocli's properties provider looks up ({@code output}, not {@code o}).
     */
    static Set<String> keysOf(Collection<CommandLine> commands) {
        Set<String> keys = new TreeSet<>();
        for (CommandLine command : commands) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp() || option.longestName().equals("--config")) {
                    continue;
                }
                keys.add(option.longestName().replaceFirst("^-+", ""));
            }
            keys.addAll(keysOf(command.getSubcommands().values()));
        }
        return keys;
    }

    private static Properties knownOnly(CommandLine command, String path, File file, Set<String> knownKeys) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (java.nio.charset.CharacterCodingException e) {
            // Another file given as --config (the download itself, say): the decoder's own words are "Input length".
            throw new CommandLine.ParameterException(command, "--config " + path + ": expected a properties file "
                    + "(lines such as stall-timeout=2s), saw bytes that are not UTF-8 text");
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, "--config " + path + ": cannot be read: "
                    + e.getMessage());
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!knownKeys.contains(key)) {
                throw new CommandLine.ParameterException(command, "--config %s: unknown key '%s'%s; a key is an "
                        .formatted(path, key, EditDistance.closest(key, knownKeys).map(k -> " (did you mean '"
                                + k + "'?)").orElse("")) + "option's name without dashes, e.g. stall-timeout=2s");
            }
        }
        return properties;
    }
}
