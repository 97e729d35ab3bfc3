package io.inferline.workers.provider.google;

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
import java.util.List;
import java.util.Optional;

/** {@code POST /v1beta/models/{model}:batchEmbedContents}: body in, answer out. */
final class BatchEmbeddings {

    private BatchEmbeddings() {
    }

    static ObjectNode body(RoutedRequest request, String model) {
        ObjectNode body = JsonBody.object();
        ArrayNode requests = body.putArray("requests");
        for (String text : EmbeddingTexts.of(request, GeminiAdapter.PROVIDER)) {
            ObjectNode entry = requests.addObject();
            entry.put("model", "models/" + model);
            entry.putObject("content").putArray("parts").addObject().put("text", text);
        }
        return body;
    }

    static AdapterResult read(JsonNode root, RoutedRequest request) {
        List<String> texts = EmbeddingTexts.of(request, GeminiAdapter.PROVIDER);
        JsonNode embeddings = AnswerFields.array(root, "embeddings", "embeddings");
        if (embeddings.size() != texts.size()) {
            throw new InvalidAnswerException("the answer has " + embeddings.size() + " embeddings for " + texts.size() + " texts");
        }
        List<List<Float>> vectors = new ArrayList<>();
        for (int i = 0; i < embeddings.size(); i++) {
            vectors.add(EmbeddingVectors.read(embeddings.get(i), "values", "embeddings[" + i + "].values"));
        }
        // batchEmbedContents reports no usage: the input is estimated from the texts (~4 UTF-8 bytes a token)
        Output output = Output.newBuilder().setEmbeddings(vectors).build();
        return new AdapterResult.Success(output, TokenUsage.of(TokenUsage.estimate(texts), 0, 0), Optional.empty());
    }
}
