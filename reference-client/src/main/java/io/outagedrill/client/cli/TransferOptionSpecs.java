package io.outagedrill.client.cli;

import io.outagedrill.client.transfer.TransferOption;
import io.outagedrill.client.transfer.TransferOptions;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import static io.outagedrill.client.cli.OptionBinding.bind;

/**
 * Adds one {@code --NAME} option to {@code get} per entry of {@link TransferOptions}, with its default, help and
 * value grammar; values land in {@link GetCommand#transferValues} by name. Picocli's {@code --config} defaults
 * look options up by the same names, so a config file takes every knob without a line here.
 */
final class TransferOptionSpecs {
    private TransferOptionSpecs() {
    }

    static void addTo(CommandSpec command, Map<String, Object> values) {
        for (TransferOption<?> option : TransferOptions.ALL) {
            command.addOption(optionFor(option, values));
        }
    }

    /** How help names another knob: by its flag. */
    static String flag(String name) {
        return "--" + name;
    }

    private static OptionSpec optionFor(TransferOption<?> option, Map<String, Object> values) {
        OptionSpec.Builder builder = bind(OptionSpec.builder(flag(option.name())), () -> values.get(option.name()),
                (Object value) -> {
                    if (value == null) {
                        values.remove(option.name());
                    } else {
                        values.put(option.name(), value);
                    }
                })
                .paramLabel(option.valueLabel())
                .description(option.describe(TransferOptionSpecs::flag));
        option.defaultText().ifPresent(builder::defaultValue);
        if (option.isSwitch()) {
            // An on/off switch as picocli spells them: --hedging, --no-hedging, hedging=false in a config file.
            return builder.type(boolean.class).arity("0").negatable(true).fallbackValue("true").build();
        }
        return builder.type(option.type()).converters(text -> {
            try {
                return option.parse().apply(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }).build();
    }
}
