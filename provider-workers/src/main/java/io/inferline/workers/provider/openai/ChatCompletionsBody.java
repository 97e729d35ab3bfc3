package io.inferline.workers.provider.openai;

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
import java.util.List;

/**
 * The request body of {@code POST /chat/completions}, for OpenAI and the providers that copy its shape.
 *
 * @param maxTokensField  the name the provider gives the output token limit
 * @param toolTurnContent what an assistant turn that only calls tools carries as its content
 */
public record ChatCompletionsBody(String provider, String maxTokensField, Seed seed, ToolTurnContent toolTurnContent) {

    /** How the provider takes {@code seed}. */
    public enum Seed {
        SENT,
        /** sent, but the provider refuses one outside 0 to 2^31-1: refused here, before it is paid for */
        SENT_IF_NON_NEGATIVE_INT,
        /** the provider has no seed */
        LEFT_OUT
    }

    public enum ToolTurnContent {
        OMITTED,
        EMPTY_STRING
    }

    public ObjectNode of(RoutedRequest request) {
        GenerationOptions options = request.getRequest().getOptions();
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        ArrayNode messages = body.putArray("messages");
        Conversation.of(request, provider).messages().forEach(message -> messages.add(message(message)));
        if (options.getMaxOutputTokens() != null) {
            body.put(maxTokensField, options.getMaxOutputTokens());
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
        if (options.getSeed() != null && seed != Seed.LEFT_OUT) {
            body.put("seed", checkedSeed(options.getSeed()));
        }
        List<FunctionTools.FunctionTool> tools = FunctionTools.read(options.getToolsJson(), provider);
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            tools.forEach(tool -> array.add(tool.definition()));
        }
        if (ResponseFormat.of(options, provider) == ResponseFormat.JSON_OBJECT) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    private long checkedSeed(long value) {
        if (seed == Seed.SENT_IF_NON_NEGATIVE_INT && (value < 0 || value > Integer.MAX_VALUE)) {
            throw Unsupported.because(provider + ": seed must be from 0 to 2147483647, the request has " + value);
        }
        return value;
    }

    private ObjectNode message(Message message) {
        ObjectNode node = JsonBody.object();
        node.put("role", message.getRole());
        if (message.getContent() != null) {
            node.put("content", message.getContent());
        } else if (message.getToolCalls().isEmpty() || toolTurnContent == ToolTurnContent.EMPTY_STRING) {
            node.put("content", "");
        }
        FunctionTools.putOpenAiToolFields(node, message);
        return node;
    }
}
