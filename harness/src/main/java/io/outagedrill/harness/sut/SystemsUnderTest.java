package io.outagedrill.harness.sut;

import java.time.Clock;
import java.util.List;

/** The built-in systems under test by the names scenarios and {@code --client} use. */
public final class SystemsUnderTest {
    public static final List<String> BUILT_IN = List.of("reference", "reference-cli", "aria2c", "curl", "cmd:...");

    private SystemsUnderTest() {
    }

    public static SystemUnderTest named(String name, Clock clock) {
        if (name.startsWith("cmd:")) {
            return new CommandTemplate(name.substring(4), clock);
        }
        return switch (name) {
            case "reference" -> new ReferenceClientInProcess();
            case "reference-cli" -> new ReferenceClientProcess(clock);
            case "aria2c" -> new Aria2c(clock);
            case "curl" -> new CurlSequential(clock);
            default -> throw new IllegalArgumentException("unknown client '%s'; expected one of %s"
                    .formatted(name, String.join(", ", BUILT_IN)));
        };
    }
}
