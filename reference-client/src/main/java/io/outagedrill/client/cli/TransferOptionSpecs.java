package io.outagedrill.client.cli;

import io.outagedrill.client.transfer.TransferOption;
import io.outagedrill.client.transfer.TransferOptions;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds one {@code --NAME} option to {@code get} per entry of {@link TransferOptions}, with its default, help and
 * value grammar; values land in {@link GetCommand#transferValues} by name. Picocli's {@code --config} defaults
 * look options up by the same names, so a config file takes every knob without a line here.
 */
final class TransferOptionSpecs implements CommandLine.IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        Map<String, Object> values = ((GetCommand) spec.userObject()).transferValues;
        for (TransferOption<?> option : TransferOptions.ALL) {
            spec.addOption(optionFor(option, values));
        }
        return spec;
    }

    /** How help names another knob: by its flag. */
    static String flag(String name) {
        return "--" + name;
    }

    private static OptionSpec optionFor(TransferOption<?> option, Map<String, Object> values) {
        OptionSpec.Builder builder = OptionSpec.builder(flag(option.name()))
                .paramLabel(option.valueLabel())
                .description(option.describe(TransferOptionSpecs::flag))
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) {
                        Object previous = value == null ? values.remove(option.name())
                                : values.put(option.name(), value);
                        @SuppressWarnings("unchecked") T old = (T) previous;
                        return old;
                    }
                })
                .getter(new CommandLine.Model.IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) values.get(option.name());
                    }
                });
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
