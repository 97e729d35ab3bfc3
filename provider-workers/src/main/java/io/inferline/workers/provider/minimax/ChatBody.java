package io.inferline.workers.provider.minimax;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Message;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Conversation;
import io.inferline.workers.provider.canonical.ResponseFormat;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.FunctionTools;
import io.inferline.workers.provider.json.JsonBody;

/** The body of {@code POST /v1/text/chatcompletion_v2}: the OpenAI shape, with the fields MiniMax documents. */
final class ChatBody {

    private ChatBody() {
    }

    static ObjectNode of(RoutedRequest request) {
        String provider = MiniMaxAdapter.PROVIDER;
        GenerationOptions options = request.getRequest().getOptions();
        if (ResponseFormat.of(options, provider) != ResponseFormat.TEXT) {
            throw Unsupported.because(provider + ": chatcompletion_v2 has no json_object output; its response_format takes a "
                    + "JSON schema, and only for MiniMax-Text-01");
        }
        if (!options.getStop().isEmpty()) {
            throw Unsupported.option(provider + " chatcompletion_v2", "stop");
        }
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        ArrayNode messages = body.putArray("messages");
        Conversation.of(request, provider).messages().forEach(message -> messages.add(message(message)));
        if (options.getMaxOutputTokens() != null) {
            body.put("max_completion_tokens", options.getMaxOutputTokens());
        }
        if (options.getTemperature() != null) {
            body.put("temperature", options.getTemperature());
        }
        if (options.getTopP() != null) {
            body.put("top_p", options.getTopP());
        }
        var tools = FunctionTools.read(options.getToolsJson(), provider);
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            tools.forEach(tool -> array.add(tool.definition()));
        }
        return body;
    }

    private static ObjectNode message(Message message) {
        ObjectNode node = JsonBody.object();
        node.put("role", message.getRole());
        if (message.getContent() != null) {
            node.put("content", message.getContent());
        } else if (message.getToolCalls().isEmpty()) {
            node.put("content", "");
        }
        FunctionTools.putOpenAiToolFields(node, message);
        return node;
    }
}
