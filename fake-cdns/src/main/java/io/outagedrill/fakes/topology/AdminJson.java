package io.outagedrill.fakes.topology;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.outagedrill.fakes.JsonSyntax;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON in and out of the admin API. Reading turns Jackson's exceptions into {@link AdminError}s that name the
 * field by its path in the body ({@code rule.code}, {@code scope.probability}) and say what was expected.
 */
final class AdminJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private AdminJson() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }

    /** The body as {@code type}; an empty body is {@code {}}. */
    static <T> T read(String body, Class<T> type) {
        try {
            return MAPPER.readValue(body.isBlank() ? "{}" : body, type);
        } catch (JacksonException e) {
            throw AdminError.badRequest(unknownFieldHiddenBy(e, body).orElseGet(() -> describe(e)));
        }
    }

    /**
     * A record is built before Jackson reports the fields it did not know (it buffers them for after the creator), so
     * when the constructor refuses a value that is missing because its field was misspelt, Jackson's error names the
     * missing value and never the misspelt field. This looks in the object the constructor was given for a field the
     * record does not have, and names that instead.
     */
    private static Optional<String> unknownFieldHiddenBy(JacksonException e, String body) {
        if (!(e instanceof ValueInstantiationException refused) || refused.getType() == null) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException unreadable) {
            return Optional.empty();
        }
        for (JsonMappingException.Reference ref : refused.getPath()) {
            node = ref.getFieldName() != null ? node.path(ref.getFieldName()) : node.path(ref.getIndex());
        }
        if (!node.isObject()) {
            return Optional.empty();
        }
        Class<?> type = refused.getType().getRawClass();
        BeanDescription bean = MAPPER.getDeserializationConfig().introspect(refused.getType());
        List<String> known = bean.findProperties().stream()
                .filter(p -> p.hasConstructorParameter() || p.hasSetter())
                .map(BeanPropertyDefinition::getName).toList();
        Set<String> typeIds = typeProperties(type);
        String field = path(refused);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name) && !typeIds.contains(name)) {
                return Optional.of(prefix(field) + name + ": unknown field; known: " + known);
            }
        }
        return Optional.empty();
    }

    /** The type-id fields ({@code type}, {@code family}) of the sealed families {@code type} belongs to. */
    private static Set<String> typeProperties(Class<?> type) {
        Set<String> properties = new HashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> family : c.getInterfaces()) {
                if (family.isAnnotationPresent(JsonTypeInfo.class)) {
                    properties.add(typeProperty(family));
                }
                properties.addAll(typeProperties(family));
            }
        }
        return properties;
    }

    private static String describe(JacksonException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "body: expected a JSON object, saw malformed JSON (" + JsonSyntax.words(e) + ")";
        }
        String field = path(mapping);
        return switch (mapping) {
            case InvalidTypeIdException type -> {
                Class<?> base = type.getBaseType().getRawClass();
                String kinds = subtypeNames(base);
                String property = prefix(field) + typeProperty(base);
                yield type.getTypeId() == null
                        ? property + ": required, one of " + kinds
                        : property + ": expected one of " + kinds + ", saw \"" + type.getTypeId() + "\"";
            }
            case UnrecognizedPropertyException unknown -> field + ": unknown field; known: "
                    + unknown.getKnownPropertyIds();
            // A record's constructor refused the values: its message names the field (e.g. "code: expected ...").
            case ValueInstantiationException refused -> (field.isEmpty() ? "body" : field) + ": "
                    + (refused.getCause() != null ? refused.getCause().getMessage() : refused.getOriginalMessage());
            case MismatchedInputException mismatch -> (field.isEmpty() ? "body" : field) + ": expected "
                    + (mismatch.getTargetType() == null ? "another value" : article(mismatch.getTargetType()))
                    + " (" + JsonSyntax.words(mismatch) + ")";
            default -> (field.isEmpty() ? "body" : field) + ": " + mapping.getOriginalMessage();
        };
    }

    private static String prefix(String field) {
        return field.isEmpty() ? "" : field + ".";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String article(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return type == String.class ? "a string" : "a " + type.getSimpleName();
    }

    /** The field naming a subtype: {@code type} for the fakes' behaviours, {@code family} for a fault. */
    private static String typeProperty(Class<?> base) {
        JsonTypeInfo info = base.getAnnotation(JsonTypeInfo.class);
        return info == null || info.property().isEmpty() ? "type" : info.property();
    }

    /** The JSON {@code type} names of a sealed fault family, from its {@link JsonSubTypes}. */
    static String subtypeNames(Class<?> base) {
        JsonSubTypes subtypes = base.getAnnotation(JsonSubTypes.class);
        return subtypes == null ? "(none)"
                : Arrays.stream(subtypes.value()).map(JsonSubTypes.Type::name).toList().toString();
    }

    static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
