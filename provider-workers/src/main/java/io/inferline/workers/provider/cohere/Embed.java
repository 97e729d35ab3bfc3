package io.inferline.workers.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.EmbeddingTexts;
import io.inferline.workers.provider.canonical.TokenUsage;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** {@code POST /v2/embed} with texts and float embeddings: body in, answer out. */
final class Embed {

    /** The option that picks {@code input_type}; the API requires one for v3 and newer models. */
    static final String INPUT_TYPE_OPTION = "cohere.input_type";
    /** What texts are embedded for when the request does not say: documents to search, the common case. */
    static final String DEFAULT_INPUT_TYPE = "search_document";
    static final int MAX_TEXTS = 96;
    private static final Set<String> INPUT_TYPES = Set.of("search_document", "search_query", "classification", "clustering");

    private Embed() {
    }

    static ObjectNode body(RoutedRequest request) {
        String provider = CohereAdapter.PROVIDER;
        List<String> texts = EmbeddingTexts.of(request, provider);
        if (texts.size() > MAX_TEXTS) {
            throw Unsupported.because(provider + ": at most " + MAX_TEXTS + " texts per call, the request has " + texts.size());
        }
        String inputType = unquoted(request.getRequest().getOptions().getExtra().get(INPUT_TYPE_OPTION));
        if (inputType == null) {
            inputType = DEFAULT_INPUT_TYPE;
        } else if (!INPUT_TYPES.contains(inputType)) {
            throw Unsupported.because(provider + ": " + INPUT_TYPE_OPTION + " must be one of " + new java.util.TreeSet<>(INPUT_TYPES));
        }
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        ArrayNode array = body.putArray("texts");
        texts.forEach(array::add);
        body.put("input_type", inputType);
        body.putArray("embedding_types").add("float");
        return body;
    }

    static AdapterResult read(JsonNode root, RoutedRequest request, Optional<String> upstreamId) {
        int expected = EmbeddingTexts.of(request, CohereAdapter.PROVIDER).size();
        JsonNode floats = AnswerFields.array(AnswerFields.object(root, "embeddings", "embeddings"), "float", "embeddings.float");
        if (floats.size() != expected) {
            throw new InvalidAnswerException("the answer has " + floats.size() + " embeddings for " + expected + " texts");
        }
        List<List<Float>> vectors = new ArrayList<>();
        for (int i = 0; i < floats.size(); i++) {
            // the vectors come in the order of the texts and carry no index
            vectors.add(vector(floats.get(i), "embeddings.float[" + i + "]"));
        }
        JsonNode meta = AnswerFields.object(root, "meta", "meta");
        OptionalLong billed = AnswerFields.optionalCount(meta.path("billed_units"), "input_tokens", "meta.billed_units.input_tokens");
        long input = billed.isPresent() ? billed.getAsLong()
                : AnswerFields.count(meta.path("tokens"), "input_tokens", "meta.billed_units.input_tokens");
        return new AdapterResult.Success(Output.newBuilder().setEmbeddings(vectors).build(), TokenUsage.of(input, 0, 0), upstreamId);
    }

    private static List<Float> vector(JsonNode values, String path) {
        if (!values.isArray() || values.isEmpty()) {
            throw new InvalidAnswerException("the answer's " + path + " is not a non-empty array");
        }
        List<Float> vector = new ArrayList<>(values.size());
        for (JsonNode value : values) {
            if (!value.isNumber()) {
                throw new InvalidAnswerException("the answer's " + path + " holds something other than numbers");
            }
            vector.add(value.floatValue());
        }
        return vector;
    }

    // extra values are JSON texts, so a word may arrive with its quotes; a bare word is taken too
    private static String unquoted(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1)
                : trimmed;
    }
}
