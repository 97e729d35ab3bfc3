package io.inferline.workers.provider.cohere;

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
import java.util.List;

/** The body of {@code POST /v2/chat}. */
final class ChatBody {

    /** The reference's limits of {@code p}. */
    static final double MIN_P = 0.01;
    static final double MAX_P = 0.99;
    private static final int MAX_STOP_SEQUENCES = 5;

    private ChatBody() {
    }

    static ObjectNode of(RoutedRequest request) {
        String provider = CohereAdapter.PROVIDER;
        GenerationOptions options = request.getRequest().getOptions();
        List<FunctionTools.FunctionTool> tools = FunctionTools.read(options.getToolsJson(), provider);
        boolean json = ResponseFormat.of(options, provider) == ResponseFormat.JSON_OBJECT;
        if (json && !tools.isEmpty()) {
            throw Unsupported.because(provider + ": response_format json_object cannot be combined with tools in the chat API");
        }
        if (options.getStop().size() > MAX_STOP_SEQUENCES) {
            throw Unsupported.because(provider + ": at most " + MAX_STOP_SEQUENCES + " stop sequences, the request has "
                    + options.getStop().size());
        }
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        ArrayNode messages = body.putArray("messages");
        Conversation.of(request, provider).messages().forEach(message -> messages.add(message(message)));
        if (options.getMaxOutputTokens() != null) {
            body.put("max_tokens", options.getMaxOutputTokens());
        }
        if (options.getTemperature() != null) {
            body.put("temperature", options.getTemperature());
        }
        if (options.getTopP() != null) {
            // 1.0 (no nucleus cut) and other values outside the API's range become the nearest it takes
            body.put("p", Math.max(MIN_P, Math.min(MAX_P, options.getTopP())));
        }
        if (!options.getStop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            options.getStop().forEach(stop::add);
        }
        if (options.getSeed() != null) {
            body.put("seed", options.getSeed());
        }
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            for (FunctionTools.FunctionTool tool : tools) {
                ObjectNode function = array.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                tool.description().ifPresent(description -> function.put("description", description));
                function.set("parameters", tool.parameters());
            }
        }
        if (json) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    private static ObjectNode message(Message message) {
        ObjectNode node = JsonBody.object();
        node.put("role", message.getRole());
        String content = message.getContent();
        if ("tool".equals(message.getRole())) {
            node.put("tool_call_id", message.getToolCallId());
            node.put("content", content == null ? "" : content);
            return node;
        }
        boolean callsTools = !message.getToolCalls().isEmpty();
        // an assistant turn that only calls tools goes without content, as the reference's tool-use examples send it
        if (content != null && !(content.isEmpty() && callsTools)) {
            node.put("content", content);
        } else if (!callsTools) {
            node.put("content", "");
        }
        if (callsTools) {
            ArrayNode calls = node.putArray("tool_calls");
            for (ToolCall call : message.getToolCalls()) {
                ObjectNode entry = calls.addObject().put("id", call.getId()).put("type", "function");
                entry.putObject("function").put("name", call.getName())
                        .put("arguments", call.getArgumentsJson() == null || call.getArgumentsJson().isBlank() ? "{}" : call.getArgumentsJson());
            }
        }
        return node;
    }
}
