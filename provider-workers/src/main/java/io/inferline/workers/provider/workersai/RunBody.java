package io.inferline.workers.provider.workersai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Message;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Conversation;
import io.inferline.workers.provider.canonical.EmbeddingTexts;
import io.inferline.workers.provider.canonical.ResponseFormat;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.FunctionTools;
import io.inferline.workers.provider.json.JsonBody;
import java.util.List;

/** The bodies of {@code POST .../ai/run/{model}}: text generation and embeddings. */
final class RunBody {

    private static final String WHERE = "workers-ai";

    private RunBody() {
    }

    static ObjectNode of(RoutedRequest request) {
        return request.getCapability() == Capability.EMBEDDING ? embedding(request) : chat(request);
    }

    private static ObjectNode embedding(RoutedRequest request) {
        ObjectNode body = JsonBody.object();
        ArrayNode text = body.putArray("text");
        EmbeddingTexts.of(request, WorkersAiAdapter.PROVIDER).forEach(text::add);
        return body;
    }

    private static ObjectNode chat(RoutedRequest request) {
        String provider = WorkersAiAdapter.PROVIDER;
        GenerationOptions options = request.getRequest().getOptions();
        if (!options.getStop().isEmpty()) {
            throw Unsupported.option(WHERE, "stop");
        }
        if (ResponseFormat.of(options, provider) == ResponseFormat.JSON_OBJECT) {
            throw Unsupported.option(WHERE, "response_format json_object");
        }
        ObjectNode body = JsonBody.object();
        ArrayNode messages = body.putArray("messages");
        Conversation.of(request, provider).messages().forEach(message -> messages.add(message(message)));
        if (options.getMaxOutputTokens() != null) {
            body.put("max_tokens", options.getMaxOutputTokens());
        }
        if (options.getTemperature() != null) {
            body.put("temperature", options.getTemperature());
        }
        if (options.getTopP() != null) {
            body.put("top_p", options.getTopP());
        }
        if (options.getSeed() != null) {
            body.put("seed", options.getSeed());
        }
        List<FunctionTools.FunctionTool> tools = FunctionTools.read(options.getToolsJson(), provider);
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            tools.forEach(tool -> array.add(tool.definition()));
        }
        return body;
    }

    // content is always a string here; earlier tool calls and results keep the OpenAI shape
    private static ObjectNode message(Message message) {
        ObjectNode node = JsonBody.object();
        node.put("role", message.getRole());
        node.put("content", message.getContent() == null ? "" : message.getContent());
        FunctionTools.putOpenAiToolFields(node, message);
        return node;
    }
}
