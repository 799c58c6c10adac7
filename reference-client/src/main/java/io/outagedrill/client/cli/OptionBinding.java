package io.outagedrill.client.cli;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Where a programmatically built option keeps its value: a getter and a setter over the command's own field.
 * Picocli's binding interfaces have generic methods, which a lambda cannot implement; this is the one adapter.
 */
final class OptionBinding<V> implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
    private final Supplier<V> getter;
    private final Consumer<V> setter;

    private OptionBinding(Supplier<V> getter, Consumer<V> setter) {
        this.getter = getter;
        this.setter = setter;
    }

    /** {@code option} reading and writing its value through the two. */
    static <V> OptionSpec.Builder bind(OptionSpec.Builder option, Supplier<V> getter, Consumer<V> setter) {
        OptionBinding<V> binding = new OptionBinding<>(getter, setter);
        return option.getter(binding).setter(binding);
    }

    /**
     * An option holding a path, bound to a field; {@link Path#of} as its converter, so that picocli looks no
     * converter up by reflection.
     */
    static OptionSpec.Builder path(Supplier<Path> getter, Consumer<Path> setter, String... names) {
        return bind(OptionSpec.builder(names), getter, setter).type(Path.class).converters(Path::of);
    }

    /** {@code parameter} reading and writing its value through the two. */
    static <V> PositionalParamSpec.Builder bind(PositionalParamSpec.Builder parameter, Supplier<V> getter,
                                                Consumer<V> setter) {
        OptionBinding<V> binding = new OptionBinding<>(getter, setter);
        return parameter.getter(binding).setter(binding);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
        return (T) getter.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
        T previous = (T) getter.get();
        setter.accept((V) value);
        return previous;
    }
}
