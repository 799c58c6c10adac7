package io.outagedrill.client.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Reads an option that names a folder to read or write into ({@code --results}, {@code --out}, {@code --keep}):
 * one that does not exist yet is fine (it is made when needed), a file there is a usage error named at once,
 * before a scenario plays or a report is built, where it would otherwise end the command with the file system's
 * exception after the work was done.
 */
public final class FolderConverter implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        Path folder;
        try {
            folder = Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("not a path: " + e.getMessage());
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new CommandLine.TypeConversionException(value + " is a file, not a folder");
        }
        return folder;
    }
}
