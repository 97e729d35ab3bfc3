package io.inferline.workers.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Message;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.canonical.Conversation;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.ResponseFormat;
import io.inferline.workers.provider.canonical.TokenUsage;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.FunctionTools;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.provider.json.UpstreamText;
import io.inferline.workers.retry.FailureKind;
import io.inferline.workers.retry.UpstreamFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code POST /v1/responses}: body in, answer out. */
final class Responses {

    private static final String WHERE = "openai responses API";

    private Responses() {
    }

    static ObjectNode body(RoutedRequest request) {
        String provider = OpenAiAdapter.PROVIDER;
        GenerationOptions options = request.getRequest().getOptions();
        if (!options.getStop().isEmpty()) {
            throw Unsupported.option(WHERE, "stop");
        }
        Conversation conversation = Conversation.of(request, provider);
        ObjectNode body = JsonBody.object();
        body.put("model", request.getModel());
        List<Message> turns = conversation.turns();
        if (turns.size() == 1 && "user".equals(turns.get(0).getRole())) {
            body.put("input", turns.get(0).getContent() == null ? "" : turns.get(0).getContent());
        } else {
            ArrayNode input = body.putArray("input");
            turns.forEach(turn -> addItems(input, turn));
        }
        conversation.systemText().ifPresent(text -> body.put("instructions", text));
        if (options.getMaxOutputTokens() != null) {
            body.put("max_output_tokens", options.getMaxOutputTokens());
        }
        if (options.getTemperature() != null) {
            body.put("temperature", options.getTemperature());
        }
        if (options.getTopP() != null) {
            body.put("top_p", options.getTopP());
        }
        List<FunctionTools.FunctionTool> tools = FunctionTools.read(options.getToolsJson(), provider);
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            for (FunctionTools.FunctionTool tool : tools) {
                ObjectNode entry = array.addObject();
                entry.put("type", "function");
                entry.put("name", tool.name());
                tool.description().ifPresent(description -> entry.put("description", description));
                entry.set("parameters", tool.parameters());
                JsonNode strict = tool.definition().path("function").path("strict");
                if (strict.isBoolean()) {
                    entry.set("strict", strict);
                }
            }
        }
        if (ResponseFormat.of(options, provider) == ResponseFormat.JSON_OBJECT) {
            body.putObject("text").putObject("format").put("type", "json_object");
        }
        return body;
    }

    // an assistant turn with tool calls becomes its text (if any) plus one function_call item per call;
    // a tool turn becomes a function_call_output item
    private static void addItems(ArrayNode input, Message turn) {
        if ("tool".equals(turn.getRole())) {
            ObjectNode item = input.addObject();
            item.put("type", "function_call_output");
            item.put("call_id", turn.getToolCallId());
            item.put("output", turn.getContent() == null ? "" : turn.getContent());
            return;
        }
        if (turn.getContent() != null || turn.getToolCalls().isEmpty()) {
            ObjectNode item = input.addObject();
            item.put("role", turn.getRole());
            item.put("content", turn.getContent() == null ? "" : turn.getContent());
        }
        for (ToolCall call : turn.getToolCalls()) {
            ObjectNode item = input.addObject();
            item.put("type", "function_call");
            item.put("call_id", call.getId());
            item.put("name", call.getName());
            item.put("arguments", call.getArgumentsJson());
        }
    }

    static AdapterResult read(JsonNode root, RoutedRequest request, int status, Optional<String> upstreamId) {
        String responseStatus = AnswerFields.text(root, "status", "status");
        if ("failed".equals(responseStatus)) {
            // a generation that failed after the call was accepted; the provider's own server trouble, so retried
            JsonNode error = root.path("error");
            ProviderError providerError = new ProviderError(error.path("code").asText("response_failed"),
                    UpstreamText.message(error.path("message").asText("the response failed")));
            return FailureResults.upstreamError(new UpstreamFailure(FailureKind.RETRYABLE, Optional.of(status), Optional.empty(),
                    "openai response failed"), providerError, upstreamId);
        }
        JsonNode output = AnswerFields.array(root, "output", "output");
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < output.size(); i++) {
            JsonNode item = output.get(i);
            String path = "output[" + i + "]";
            switch (item.path("type").asText("")) {
                case "message" -> {
                    for (JsonNode part : item.path("content")) {
                        if ("output_text".equals(part.path("type").asText())) {
                            text.append(AnswerFields.text(part, "text", path + ".content[].text"));
                            sawText = true;
                        }
                    }
                }
                case "function_call" -> calls.add(ToolCall.newBuilder()
                        .setId(AnswerFields.text(item, "call_id", path + ".call_id"))
                        .setName(AnswerFields.text(item, "name", path + ".name"))
                        .setArgumentsJson(AnswerFields.optionalText(item, "arguments").orElse("{}"))
                        .build());
                default -> {
                    // reasoning summaries and other items carry no answer text
                }
            }
        }
        JsonNode usage = AnswerFields.object(root, "usage", "usage");
        long input = AnswerFields.count(usage, "input_tokens", "usage.input_tokens");
        // output_tokens already counts the reasoning tokens (output_tokens_details.reasoning_tokens)
        long outputTokens = AnswerFields.count(usage, "output_tokens", "usage.output_tokens");
        long cached = AnswerFields.optionalCount(usage.path("input_tokens_details"), "cached_tokens",
                "usage.input_tokens_details.cached_tokens").orElse(0);
        String answer = sawText ? text.toString() : null;
        ResponseFormat format = ResponseFormat.of(request.getRequest().getOptions(), OpenAiAdapter.PROVIDER);
        Output out = Output.newBuilder()
                .setText(answer)
                .setToolCalls(calls)
                .setStructuredJson(format.structured(answer).orElse(null))
                .setFinishReason(finishReason(responseStatus, root.path("incomplete_details").path("reason").asText(""), !calls.isEmpty()))
                .build();
        return new AdapterResult.Success(out, TokenUsage.of(input, outputTokens, cached), upstreamId);
    }

    private static String finishReason(String status, String incompleteReason, boolean calledTools) {
        if ("completed".equals(status)) {
            return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        if ("incomplete".equals(status)) {
            return switch (incompleteReason) {
                case "max_output_tokens" -> FinishReason.LENGTH;
                case "content_filter" -> FinishReason.CONTENT_FILTER;
                default -> FinishReason.OTHER;
            };
        }
        return FinishReason.OTHER;
    }
}
