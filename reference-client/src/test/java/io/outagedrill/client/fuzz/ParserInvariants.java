package io.outagedrill.client.fuzz;

import org.junit.jupiter.api.function.ThrowingSupplier;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The contract every parser of untrusted input keeps, as assertions for fuzz tests: on any input it returns
 * within {@link #PER_INPUT}, and either gives a result or throws its own documented exception with a message
 * that says what was wrong. Anything else (an unchecked exception such as IllegalArgumentException or
 * NullPointerException, a StackOverflowError, a hang) fails with what was expected and what was seen.
 */
public final class ParserInvariants {

    /**
     * Far above a real parse, which takes milliseconds, because the first input in a JVM also loads and (while
     * fuzzing) instruments the parser's classes, which took over 10 s on a loaded 2-core machine; a hang is a
     * loop that never ends, so the bound only has to end it.
     */
    public static final Duration PER_INPUT = Duration.ofSeconds(60);

    private ParserInvariants() {
    }

    /** What a parser did with one input, once it kept the contract. */
    public sealed interface Outcome<T, E extends Exception> {
        /** It gave a result. */
        record Parsed<T, E extends Exception>(T value) implements Outcome<T, E> {
        }

        /** It refused the input with its documented exception, which has a message. */
        record Rejected<T, E extends Exception>(E exception) implements Outcome<T, E> {
        }

        /** The result, or empty when the input was rejected. */
        default Optional<T> result() {
            return this instanceof Parsed<T, E> parsed ? Optional.of(parsed.value()) : Optional.empty();
        }
    }

    /** Runs {@code parse} on its own thread, bounded by {@link #PER_INPUT}, and checks the contract. */
    public static <T, E extends Exception> Outcome<T, E> outcome(Class<E> documented, ThrowingSupplier<T> parse) {
        Throwable thrown;
        try {
            T result = assertTimeoutPreemptively(PER_INPUT, parse,
                    () -> "expected the parser to answer within " + PER_INPUT + ", saw it still running (a hang)");
            if (result == null) {
                throw new AssertionError("expected a result or a " + documented.getSimpleName() + ", saw null");
            }
            return new Outcome.Parsed<>(result);
        } catch (AssertionError failed) {
            throw failed;
        } catch (Throwable t) {
            thrown = t;
        }
        if (!documented.isInstance(thrown)) {
            throw new AssertionError("expected a result or a %s, saw %s".formatted(documented.getSimpleName(), thrown),
                    thrown);
        }
        String message = thrown.getMessage();
        if (message == null || message.isBlank()) {
            throw new AssertionError("expected the %s to say what was wrong, saw the message \"%s\""
                    .formatted(documented.getSimpleName(), message), thrown);
        }
        return new Outcome.Rejected<>(documented.cast(thrown));
    }

    /** {@link #outcome} for a parser that documents no exception at all: every exception is a finding. */
    public static <T> T result(ThrowingSupplier<T> parse) {
        return outcome(NoException.class, parse).result().orElseThrow();
    }

    /** Thrown by nothing, so that any exception fails {@link #result}. */
    private static final class NoException extends Exception {
    }
}
