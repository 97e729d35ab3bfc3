package io.inferline.workers.provider.anthropic;

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
import io.inferline.workers.provider.json.ToolArguments;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST /v1/messages}. */
final class MessagesBody {

    /**
     * Sent when the request sets no {@code max_output_tokens}: the API refuses a call without
     * {@code max_tokens}. 4096 is within every current Claude model's output limit, and below the catalog
     * maximum the router reserved credits for, so the call can never cost more than was reserved.
     */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private record Turn(String role, ArrayNode blocks) {
    }

    private MessagesBody() {
    }

    static ObjectNode of(RoutedRequest request) {
        String provider = AnthropicAdapter.PROVIDER;
        GenerationOptions options = request.getRequest().getOptions();
        if (ResponseFormat.of(options, provider) == ResponseFormat.JSON_OBJECT) {
            throw Unsupported.option("anthropic messages API", "response_format json_object");
        }
        Conversation conversation = Conversation.of(request, provider);
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        body.put("max_tokens", options.getMaxOutputTokens() != null ? options.getMaxOutputTokens() : DEFAULT_MAX_TOKENS);
        ArrayNode messages = body.putArray("messages");
        turns(conversation).forEach(turn -> messages.add(message(turn)));
        conversation.systemText().ifPresent(text -> body.put("system", text));
        if (options.getTemperature() != null) {
            body.put("temperature", options.getTemperature());
        }
        if (options.getTopP() != null) {
            body.put("top_p", options.getTopP());
        }
        if (!options.getStop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            options.getStop().forEach(stop::add);
        }
        List<FunctionTools.FunctionTool> tools = FunctionTools.read(options.getToolsJson(), provider);
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            for (FunctionTools.FunctionTool tool : tools) {
                ObjectNode entry = array.addObject();
                entry.put("name", tool.name());
                tool.description().ifPresent(description -> entry.put("description", description));
                entry.set("input_schema", tool.parameters());
            }
        }
        return body;
    }

    // tool results travel in user turns, and the turns of one role that follow each other are merged,
    // so several tool results answering one assistant turn arrive together as the API wants them
    private static List<Turn> turns(Conversation conversation) {
        List<Turn> turns = new ArrayList<>();
        for (Message message : conversation.turns()) {
            String role = "assistant".equals(message.getRole()) ? "assistant" : "user";
            ArrayNode blocks = blocks(message);
            Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.role().equals(role)) {
                last.blocks().addAll(blocks);
            } else {
                turns.add(new Turn(role, blocks));
            }
        }
        return turns;
    }

    private static ArrayNode blocks(Message message) {
        ArrayNode blocks = JsonBody.array();
        if ("tool".equals(message.getRole())) {
            ObjectNode result = blocks.addObject();
            result.put("type", "tool_result");
            result.put("tool_use_id", message.getToolCallId());
            result.put("content", message.getContent() == null ? "" : message.getContent());
            return blocks;
        }
        String content = message.getContent();
        // an assistant turn that only calls tools has no text block: the API refuses empty ones
        if (content != null && !(content.isEmpty() && !message.getToolCalls().isEmpty())) {
            blocks.addObject().put("type", "text").put("text", content);
        } else if (content == null && message.getToolCalls().isEmpty()) {
            blocks.addObject().put("type", "text").put("text", "");
        }
        for (ToolCall call : message.getToolCalls()) {
            ObjectNode use = blocks.addObject();
            use.put("type", "tool_use");
            use.put("id", call.getId());
            use.put("name", call.getName());
            use.set("input", ToolArguments.asObject(call.getArgumentsJson(), call.getName(), AnthropicAdapter.PROVIDER));
        }
        return blocks;
    }

    // a turn that is one text block is sent as a plain string, the API's simplest form
    private static ObjectNode message(Turn turn) {
        ObjectNode message = JsonBody.object();
        message.put("role", turn.role());
        ArrayNode blocks = turn.blocks();
        if (blocks.size() == 1 && "text".equals(blocks.get(0).path("type").asText())) {
            message.put("content", blocks.get(0).path("text").asText());
        } else {
            message.set("content", blocks);
        }
        return message;
    }
}
