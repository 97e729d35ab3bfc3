package io.inferline.workers.provider.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the fields an answer must have, failing with {@link InvalidAnswerException} that names the
 * missing field by its path (e.g. {@code choices[0].message}), and the ones it may have.
 */
public final class AnswerFields {

    private AnswerFields() {
    }

    public static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (!node.isObject()) {
            throw missing(path, "an object");
        }
        return node;
    }

    public static JsonNode array(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (!node.isArray()) {
            throw missing(path, "an array");
        }
        return node;
    }

    public static JsonNode nonEmptyArray(JsonNode parent, String field, String path) {
        JsonNode node = array(parent, field, path);
        if (node.isEmpty()) {
            throw new InvalidAnswerException("the answer's " + path + " is empty");
        }
        return node;
    }

    public static String text(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (!node.isTextual()) {
            throw missing(path, "a string");
        }
        return node.asText();
    }

    /** A string field, when present and a string. */
    public static Optional<String> optionalText(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** A whole-number field, when present; a token count sent as anything else is an invalid answer. */
    public static OptionalLong optionalCount(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
            throw new InvalidAnswerException("the answer's " + path + " is not a non-negative whole number");
        }
        return OptionalLong.of(node.asLong());
    }

    public static long count(JsonNode parent, String field, String path) {
        return optionalCount(parent, field, path).orElseThrow(() -> missing(path, "a number"));
    }

    private static InvalidAnswerException missing(String path, String what) {
        return new InvalidAnswerException("the answer has no " + path + " (" + what + ")");
    }
}
