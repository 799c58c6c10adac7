package io.outagedrill.client.transfer;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One knob of a transfer as users set it: by {@link #name} on the command line ({@code --stall-timeout 2s}), in a
 * {@code --config} file ({@code stall-timeout=2s}) and in a scenario's client {@code options} ({@code
 * stall-timeout: 2s}). {@link TransferOptions#ALL} lists every one; {@link TransferConfig.Builder} starts from
 * their defaults.
 *
 * @param name        the knob's name, lowercase with dashes
 * @param type        the type of its value
 * @param valueLabel  how help names the value ({@code N}, {@code DURATION})
 * @param defaultText the default as a user would write it; empty when the builder derives it (a fresh seed) or
 *                    there is none (no pinned mirror)
 * @param doc         help text: {@code {default}} stands for the default, {@code {other-knob}} for how the
 *                    reader's surface names that other knob ({@code --other-knob} on the command line)
 * @param parse       reads a value as written; throws {@link IllegalArgumentException} saying what it expected
 * @param apply       sets the value on a builder
 * @param <T>         the value's type
 */
public record TransferOption<T>(String name, Class<T> type, String valueLabel, Optional<String> defaultText,
                                String doc, Function<String, T> parse,
                                BiConsumer<TransferConfig.Builder, T> apply) {
    private static final Pattern REFERENCE = Pattern.compile("\\{([a-z-]+)}");

    public TransferOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(valueLabel, "valueLabel");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(parse, "parse");
        Objects.requireNonNull(apply, "apply");
    }

    /** Whether this is an on/off switch (the command line also offers {@code --no-NAME}). */
    public boolean isSwitch() {
        return type == Boolean.class;
    }

    /** Reads {@code text} and sets the value on {@code builder}; the message of a bad value names the knob. */
    public void set(TransferConfig.Builder builder, String text) {
        T value;
        try {
            value = parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        apply.accept(builder, value);
    }

    /** Sets an already typed value (one a command-line parser converted through {@link #parse}). */
    public void setValue(TransferConfig.Builder builder, Object value) {
        apply.accept(builder, type.cast(value));
    }

    /** The help text, with other knobs named by {@code nameOf} ({@code n -> "--" + n} for a command line). */
    public String describe(UnaryOperator<String> nameOf) {
        Matcher m = REFERENCE.matcher(doc);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String text = ref.equals("default") ? defaultText.orElse("none") : nameOf.apply(ref);
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        return m.appendTail(out).toString();
    }
}
