package io.inferline.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to the fields of one JSON object of a batch line, with messages naming the field by
 * its full path ({@code "body.messages[2].role"}). A JSON {@code null} counts as absent.
 */
final class Fields {

    private final JsonNode node;
    private final String path;

    private Fields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Fields root(JsonNode node) {
        return new Fields(node, "");
    }

    /** The full name of {@code name} in this object, quoted, as messages show it. */
    String quoted(String name) {
        return "\"" + path + name + "\"";
    }

    String pathOf(String name) {
        return path + name;
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    JsonNode get(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Fails on any field not in {@code known}, naming the known ones (a typo must not silently drop a setting). */
    void rejectUnknown(Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new InvalidLine("unknown field " + quoted(name) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    String requiredText(String name) {
        JsonNode value = get(name);
        if (value == null) {
            throw new InvalidLine("missing " + quoted(name));
        }
        if (!value.isTextual()) {
            throw new InvalidLine(quoted(name) + " must be a string, got " + kind(value));
        }
        if (value.asText().isBlank()) {
            throw new InvalidLine(quoted(name) + " is empty");
        }
        return value.asText();
    }

    Optional<String> optionalText(String name) {
        return has(name) ? Optional.of(requiredText(name)) : Optional.empty();
    }

    Fields requiredObject(String name) {
        JsonNode value = get(name);
        if (value == null) {
            throw new InvalidLine("missing " + quoted(name));
        }
        if (!value.isObject()) {
            throw new InvalidLine(quoted(name) + " must be an object, got " + kind(value));
        }
        return new Fields(value, path + name + ".");
    }

    Optional<Fields> optionalObject(String name) {
        return has(name) ? Optional.of(requiredObject(name)) : Optional.empty();
    }

    /** An array field as the list of its elements; each element's path is {@code name[i]}. */
    List<JsonNode> requiredArray(String name) {
        JsonNode value = get(name);
        if (value == null) {
            throw new InvalidLine("missing " + quoted(name));
        }
        if (!value.isArray()) {
            throw new InvalidLine(quoted(name) + " must be an array, got " + kind(value));
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    /** Element {@code index} of array {@code name} as an object. */
    Fields element(String name, int index, JsonNode element) {
        if (!element.isObject()) {
            throw new InvalidLine("\"" + path + name + "[" + index + "]\" must be an object, got " + kind(element));
        }
        return new Fields(element, path + name + "[" + index + "].");
    }

    Optional<Integer> optionalPositiveInt(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidLine(quoted(name) + " must be a whole number, got " + kind(value));
        }
        if (value.intValue() <= 0) {
            throw new InvalidLine(quoted(name) + " must be positive, got " + value.intValue());
        }
        return Optional.of(value.intValue());
    }

    Optional<Long> optionalLong(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidLine(quoted(name) + " must be a whole number, got " + kind(value));
        }
        return Optional.of(value.longValue());
    }

    Optional<Double> optionalNumber(String name, double min, double max) {
        JsonNode value = get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw new InvalidLine(quoted(name) + " must be a number, got " + kind(value));
        }
        double number = value.doubleValue();
        if (number < min || number > max) {
            throw new InvalidLine(quoted(name) + " must be between " + trim(min) + " and " + trim(max) + ", got " + value.asText());
        }
        return Optional.of(number);
    }

    /** A string or an array of strings (OpenAI's {@code stop}), as a list. */
    List<String> stringOrStrings(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        if (value.isArray()) {
            List<String> strings = new ArrayList<>();
            int i = 0;
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    throw new InvalidLine("\"" + path + name + "[" + i + "]\" must be a string, got " + kind(element));
                }
                strings.add(element.asText());
                i++;
            }
            return strings;
        }
        throw new InvalidLine(quoted(name) + " must be a string or an array of strings, got " + kind(value));
    }

    /** An object of string values ({@code metadata}). */
    Map<String, String> stringMap(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new InvalidLine(quoted(name) + " must be an object of strings, got " + kind(value));
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.properties().forEach(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new InvalidLine("\"" + path + name + "." + entry.getKey() + "\" must be a string, got " + kind(entry.getValue()));
            }
            map.put(entry.getKey(), entry.getValue().asText());
        });
        return map;
    }

    static String kind(JsonNode value) {
        if (value.isTextual()) {
            String text = value.asText();
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "an object";
        }
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
