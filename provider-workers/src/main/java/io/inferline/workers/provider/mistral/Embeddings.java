package io.inferline.workers.provider.mistral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.EmbeddingTexts;
import io.inferline.workers.provider.canonical.TokenUsage;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.EmbeddingVectors;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** {@code POST /v1/embeddings}: body in, answer out. */
final class Embeddings {

    private Embeddings() {
    }

    static ObjectNode body(RoutedRequest request) {
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        ArrayNode input = body.putArray("input");
        EmbeddingTexts.of(request, MistralAdapter.PROVIDER).forEach(input::add);
        return body;
    }

    static AdapterResult read(JsonNode root, RoutedRequest request, Optional<String> upstreamId) {
        int expected = EmbeddingTexts.of(request, MistralAdapter.PROVIDER).size();
        JsonNode data = AnswerFields.array(root, "data", "data");
        if (data.size() != expected) {
            throw new InvalidAnswerException("the answer has " + data.size() + " embeddings for " + expected + " texts");
        }
        List<List<Float>> vectors = new ArrayList<>(Collections.nCopies(expected, null));
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").canConvertToInt() ? item.path("index").asInt() : i;
            if (index < 0 || index >= expected || vectors.get(index) != null) {
                throw new InvalidAnswerException("the answer's data[" + i + "].index " + index + " is out of place");
            }
            vectors.set(index, EmbeddingVectors.read(item, "embedding", "data[" + i + "].embedding"));
        }
        JsonNode usage = AnswerFields.object(root, "usage", "usage");
        long input = AnswerFields.count(usage, "prompt_tokens", "usage.prompt_tokens");
        return new AdapterResult.Success(Output.newBuilder().setEmbeddings(vectors).build(), TokenUsage.of(input, 0, 0), upstreamId);
    }
}
