package io.inferline.workers.provider.bytedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Message;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.Conversation;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.ResponseFormat;
import io.inferline.workers.provider.canonical.TokenUsage;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.FunctionTools;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.media.ExtraOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code POST /api/v3/chat/completions}: OpenAI's shape, with Ark's {@code thinking} switch. */
final class ArkChat {

    static final String THINKING = "thinking";
    private static final Set<String> THINKING_TYPES = Set.of("enabled", "disabled", "auto");

    private ArkChat() {
    }

    static ObjectNode body(RoutedRequest request) {
        String provider = ArkAdapter.PROVIDER;
        GenerationOptions options = request.getRequest().getOptions();
        ExtraOptions extra = ExtraOptions.of(options, provider, Set.of(THINKING));
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
            body.put("top_p", options.getTopP());
        }
        if (!options.getStop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            options.getStop().forEach(stop::add);
        }
        List<FunctionTools.FunctionTool> tools = FunctionTools.read(options.getToolsJson(), provider);
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            tools.forEach(tool -> array.add(tool.definition()));
        }
        if (ResponseFormat.of(options, provider) == ResponseFormat.JSON_OBJECT) {
            body.putObject("response_format").put("type", "json_object");
        }
        Optional<String> thinking = extra.text(THINKING);
        if (thinking.isPresent()) {
            if (!THINKING_TYPES.contains(thinking.get())) {
                throw Unsupported.because(provider + ": options.extra[\"thinking\"] must be enabled, disabled or auto, not '"
                        + thinking.get() + "'");
            }
            body.putObject("thinking").put("type", thinking.get());
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

    // reasoning_content is the model's thinking, not its answer; its tokens are part of completion_tokens
    static AdapterResult read(JsonNode root, RoutedRequest request, Optional<String> upstreamId) {
        JsonNode choice = AnswerFields.nonEmptyArray(root, "choices", "choices").get(0);
        JsonNode message = AnswerFields.object(choice, "message", "choices[0].message");
        String text = AnswerFields.optionalText(message, "content").filter(content -> !content.isEmpty()).orElse(null);
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = message.path("tool_calls");
        for (int i = 0; i < toolCalls.size(); i++) {
            String path = "choices[0].message.tool_calls[" + i + "]";
            JsonNode call = toolCalls.get(i);
            JsonNode function = AnswerFields.object(call, "function", path + ".function");
            calls.add(ToolCall.newBuilder()
                    .setId(AnswerFields.text(call, "id", path + ".id"))
                    .setName(AnswerFields.text(function, "name", path + ".function.name"))
                    .setArgumentsJson(AnswerFields.optionalText(function, "arguments").orElse("{}"))
                    .build());
        }
        JsonNode usage = AnswerFields.object(root, "usage", "usage");
        long input = AnswerFields.count(usage, "prompt_tokens", "usage.prompt_tokens");
        long output = AnswerFields.count(usage, "completion_tokens", "usage.completion_tokens");
        long cached = AnswerFields.optionalCount(usage.path("prompt_tokens_details"), "cached_tokens",
                "usage.prompt_tokens_details.cached_tokens").orElse(0);
        ResponseFormat format = ResponseFormat.of(request.getRequest().getOptions(), ArkAdapter.PROVIDER);
        Output out = Output.newBuilder()
                .setText(text)
                .setToolCalls(calls)
                .setStructuredJson(format.structured(text).orElse(null))
                .setFinishReason(finishReason(choice.path("finish_reason").asText("")))
                .build();
        return new AdapterResult.Success(out, TokenUsage.of(input, output, Math.min(cached, input)), upstreamId);
    }

    private static String finishReason(String raw) {
        return switch (raw) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
