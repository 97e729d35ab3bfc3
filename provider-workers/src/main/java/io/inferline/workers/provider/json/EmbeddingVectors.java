package io.inferline.workers.provider.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads one embedding vector, an array of numbers, from an answer. */
public final class EmbeddingVectors {

    private EmbeddingVectors() {
    }

    /** @throws InvalidAnswerException when the field is not a non-empty array of numbers */
    public static List<Float> read(JsonNode parent, String field, String path) {
        JsonNode values = AnswerFields.nonEmptyArray(parent, field, path);
        List<Float> vector = new ArrayList<>(values.size());
        for (JsonNode value : values) {
            if (!value.isNumber()) {
                throw new InvalidAnswerException("the answer's " + path + " holds something other than numbers");
            }
            vector.add(value.floatValue());
        }
        return vector;
    }
}
