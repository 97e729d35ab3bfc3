package io.inferline.simulators.cohere;

import static io.inferline.simulators.cohere.CohereChat.bad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.Set;
import java.util.UUID;

/** {@code POST /v2/embed} with texts: what Cohere refuses and what it answers. */
final class CohereEmbed {

    static final int MAX_TEXTS = 96;
    private static final Set<String> INPUT_TYPES = Set.of("search_document", "search_query", "classification", "clustering", "image");
    // the simulator serves the numeric types; binary, ubinary and base64 are refused as unsupported here
    private static final Set<String> TYPES = Set.of("float", "int8", "uint8");

    private CohereEmbed() {
    }

    static void check(JsonNode body) {
        if (Json.text(body, "model") == null) {
            throw bad("model is required");
        }
        String inputType = Json.text(body, "input_type");
        if (inputType == null || !INPUT_TYPES.contains(inputType)) {
            throw bad("valid input_type must be provided with the provided model");
        }
        JsonNode types = body.get("embedding_types");
        if (types == null || !types.isArray() || types.isEmpty()) {
            throw bad("embedding_types is required");
        }
        for (JsonNode type : types) {
            if (!type.isTextual() || !TYPES.contains(type.asText())) {
                throw bad("embedding_types must be among " + TYPES + " (the simulator serves no binary or base64 embeddings)");
            }
        }
        JsonNode texts = body.get("texts");
        if (texts == null || !texts.isArray() || texts.isEmpty()) {
            throw bad("texts must be a non-empty list of strings");
        }
        if (texts.size() > MAX_TEXTS) {
            throw bad("total number of texts must be at most " + MAX_TEXTS + " - received " + texts.size());
        }
        for (JsonNode text : texts) {
            if (!text.isTextual()) {
                throw bad("texts must be a non-empty list of strings");
            }
        }
    }

    static ObjectNode answer(JsonNode body, int dimensions) {
        ObjectNode embeddings = Json.object();
        int tokens = 0;
        for (JsonNode text : body.get("texts")) {
            tokens += Replies.tokens(text.asText());
        }
        for (JsonNode type : body.get("embedding_types")) {
            ArrayNode vectors = embeddings.putArray(type.asText());
            for (JsonNode text : body.get("texts")) {
                ArrayNode vector = vectors.addArray();
                for (float v : Replies.embedding(text.asText(), dimensions)) {
                    switch (type.asText()) {
                        case "int8" -> vector.add(Math.round(v * 127));
                        case "uint8" -> vector.add(Math.round((v + 1) * 127.5f));
                        default -> vector.add(v);
                    }
                }
            }
        }
        ObjectNode answer = Json.object().put("id", UUID.randomUUID().toString());
        answer.set("embeddings", embeddings);
        answer.set("texts", body.get("texts").deepCopy());
        ObjectNode meta = answer.putObject("meta");
        meta.putObject("api_version").put("version", "2");
        meta.putObject("billed_units").put("input_tokens", tokens);
        answer.put("response_type", "embeddings_by_type");
        return answer;
    }
}
