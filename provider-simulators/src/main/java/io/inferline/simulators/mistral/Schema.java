package io.inferline.simulators.mistral;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** The schema checks Mistral's validator makes, with its wording: every object forbids fields it does not name. */
final class Schema {

    private Schema() {
    }

    static List<Object> loc(Object... parts) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        loc.addAll(List.of(parts));
        return loc;
    }

    static List<Object> child(List<Object> parent, Object part) {
        List<Object> loc = new ArrayList<>(parent);
        loc.add(part);
        return loc;
    }

    static void onlyFields(JsonNode node, Set<String> allowed, List<Object> at) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new Unprocessable("extra_forbidden", child(at, name), "Extra inputs are not permitted");
            }
        }
    }

    static JsonNode required(JsonNode node, String field, List<Object> at) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new Unprocessable("missing", child(at, field), "Field required");
        }
        return value;
    }

    static String string(JsonNode node, String field, List<Object> at) {
        JsonNode value = required(node, field, at);
        if (!value.isTextual()) {
            throw new Unprocessable("string_type", child(at, field), "Input should be a valid string");
        }
        return value.asText();
    }

    /** An optional number within [min, max]; JSON null is absent. */
    static void number(JsonNode node, String field, double min, double max, List<Object> at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber()) {
            throw new Unprocessable("float_type", child(at, field), "Input should be a valid number");
        }
        if (value.asDouble() < min) {
            throw new Unprocessable("greater_than_equal", child(at, field), "Input should be greater than or equal to " + min);
        }
        if (value.asDouble() > max) {
            throw new Unprocessable("less_than_equal", child(at, field), "Input should be less than or equal to " + max);
        }
    }

    /** An optional whole number of at least {@code min}, or null when absent. */
    static Long integer(JsonNode node, String field, long min, List<Object> at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw new Unprocessable("int_type", child(at, field), "Input should be a valid integer");
        }
        if (value.asLong() < min) {
            throw new Unprocessable("greater_than_equal", child(at, field), "Input should be greater than or equal to " + min);
        }
        return value.asLong();
    }

    static void oneOf(JsonNode node, String field, Set<String> values, List<Object> at) {
        JsonNode value = node.get(field);
        if (value != null && !(value.isTextual() && values.contains(value.asText()))) {
            throw new Unprocessable("enum", child(at, field), "Input should be " + String.join(", ", values));
        }
    }
}
