package io.inferline.workers.provider.mistral;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Message;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import io.inferline.workers.provider.canonical.Conversation;
import io.inferline.workers.provider.canonical.ResponseFormat;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.FunctionTools;
import io.inferline.workers.provider.json.JsonBody;

/** The body of {@code POST /v1/chat/completions}: the OpenAI shape with Mistral's own names, and nothing else. */
final class ChatBody {

    private ChatBody() {
    }

    static ObjectNode of(RoutedRequest request) {
        String provider = MistralAdapter.PROVIDER;
        GenerationOptions options = request.getRequest().getOptions();
        Conversation conversation = Conversation.of(request, provider);
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        ArrayNode messages = body.putArray("messages");
        conversation.messages().forEach(message -> messages.add(message(message, conversation)));
        if (options.getMaxOutputTokens() != null) {
            body.put("max_tokens", options.getMaxOutputTokens());
        }
        if (options.getTemperature() != null) {
            body.put("temperature", options.getTemperature());
        }
        if (options.getTopP() != null) {
            body.put("top_p", options.getTopP());
        }
        if (!options.getStop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            options.getStop().forEach(stop::add);
        }
        if (options.getSeed() != null) {
            if (options.getSeed() < 0) {
                throw Unsupported.because(provider + ": random_seed must be 0 or more, the request has " + options.getSeed());
            }
            body.put("random_seed", options.getSeed());
        }
        var tools = FunctionTools.read(options.getToolsJson(), provider);
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            for (FunctionTools.FunctionTool tool : tools) {
                // built field by field: the API refuses fields it does not know, and requires parameters
                ObjectNode function = array.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                tool.description().ifPresent(description -> function.put("description", description));
                function.set("parameters", tool.parameters());
            }
        }
        if (ResponseFormat.of(options, provider) == ResponseFormat.JSON_OBJECT) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    private static ObjectNode message(Message message, Conversation conversation) {
        ObjectNode node = JsonBody.object();
        node.put("role", message.getRole());
        String content = message.getContent();
        switch (message.getRole()) {
            case "assistant" -> {
                if (content != null || message.getToolCalls().isEmpty()) {
                    node.put("content", content == null ? "" : content);
                }
                if (!message.getToolCalls().isEmpty()) {
                    ArrayNode calls = node.putArray("tool_calls");
                    for (ToolCall call : message.getToolCalls()) {
                        ObjectNode entry = calls.addObject().put("id", ToolCallIds.forMistral(call.getId())).put("type", "function");
                        entry.putObject("function").put("name", call.getName()).put("arguments", call.getArgumentsJson());
                    }
                }
            }
            case "tool" -> {
                node.put("content", content == null ? "" : content);
                node.put("tool_call_id", ToolCallIds.forMistral(message.getToolCallId()));
                conversation.toolName(message.getToolCallId()).ifPresent(name -> node.put("name", name));
            }
            default -> node.put("content", content == null ? "" : content);
        }
        return node;
    }
}
