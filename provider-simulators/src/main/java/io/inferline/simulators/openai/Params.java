package io.inferline.simulators.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import java.util.ArrayList;
import java.util.List;

/** OpenAI's checks of scalar parameters, with its wording. */
final class Params {

    private Params() {
    }

    /** gpt-5 and o-series models reason: they refuse sampling settings and the legacy max_tokens. */
    static boolean reasoningModel(String model) {
        return model.startsWith("gpt-5") || model.matches("o\\d.*");
    }

    static Integer optionalInt(JsonNode body, String field, int min) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToExactIntegral() || !value.isNumber()) {
            throw new InvalidRequest(400, "Invalid type for '" + field + "': expected an integer, but got " + kind(value) + " instead.", field);
        }
        if (value.asLong() < min) {
            throw new InvalidRequest(400, "Invalid '" + field + "': integer below minimum value. Expected a value >= " + min
                    + ", but got " + value.asLong() + " instead.", field);
        }
        return (int) Math.min(Integer.MAX_VALUE, value.asLong());
    }

    /** A number within [min, max]; on reasoning models only the default is accepted. */
    static void sampling(JsonNode body, String field, double max, String model) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber()) {
            throw new InvalidRequest(400, "Invalid type for '" + field + "': expected a decimal, but got " + kind(value) + " instead.", field);
        }
        double number = value.asDouble();
        if (number < 0 || number > max) {
            throw new InvalidRequest(400, "Invalid '" + field + "': decimal " + (number < 0 ? "below minimum" : "above maximum")
                    + " value. Expected a value " + (number < 0 ? ">= 0" : "<= " + max) + ", but got " + number + " instead.", field);
        }
        if (reasoningModel(model) && number != 1.0) {
            throw new InvalidRequest(400, "Unsupported value: '" + field + "' does not support " + number
                    + " with this model. Only the default (1) value is supported.", field);
        }
    }

    /** {@code stop}: a string or up to 4 strings. */
    static List<String> stops(JsonNode body) {
        JsonNode stop = body.get("stop");
        List<String> stops = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return stops;
        }
        if (stop.isTextual()) {
            stops.add(stop.asText());
            return stops;
        }
        if (!stop.isArray() || stop.size() > 4) {
            throw new InvalidRequest(400, "Invalid 'stop': expected a string or an array of at most 4 strings.", "stop");
        }
        for (JsonNode each : stop) {
            if (!each.isTextual()) {
                throw new InvalidRequest(400, "Invalid type for 'stop': expected strings.", "stop");
            }
            stops.add(each.asText());
        }
        return stops;
    }

    static String requiredText(JsonNode node, String field, String param) {
        String value = Json.text(node, field);
        if (value == null) {
            throw new InvalidRequest(400, Json.has(node, field)
                    ? "Invalid type for '" + param + "': expected a string, but got " + kind(node.get(field)) + " instead."
                    : "Missing required parameter: '" + param + "'.", param);
        }
        return value;
    }

    static String kind(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        return value.isNull() ? "null" : "a number";
    }
}
