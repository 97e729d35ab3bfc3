package io.inferline.workers.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;

/** The body of {@code POST /v1beta/models/{model}:generateContent}. */
final class GenerateContentBody {

    private GenerateContentBody() {
    }

    static ObjectNode of(RoutedRequest request) {
        String provider = GeminiAdapter.PROVIDER;
        GenerationOptions options = request.getRequest().getOptions();
        Conversation conversation = Conversation.of(request, provider);
        ObjectNode body = JsonBody.object();
        ArrayNode contents = body.putArray("contents");
        for (Message turn : conversation.turns()) {
            String role = "assistant".equals(turn.getRole()) ? "model" : "user";
            ArrayNode parts = parts(turn, conversation);
            JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
            // turns of one role that follow each other are merged: the answers to parallel function calls
            // must arrive in one user turn
            if (last != null && role.equals(last.path("role").asText())) {
                ((ArrayNode) last.path("parts")).addAll(parts);
            } else {
                ObjectNode content = contents.addObject();
                content.put("role", role);
                content.set("parts", parts);
            }
        }
        conversation.systemText().ifPresent(text ->
                body.putObject("systemInstruction").putArray("parts").addObject().put("text", text));
        ObjectNode config = generationConfig(options, provider);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        List<FunctionTools.FunctionTool> tools = FunctionTools.read(options.getToolsJson(), provider);
        if (!tools.isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (FunctionTools.FunctionTool tool : tools) {
                ObjectNode declaration = declarations.addObject();
                declaration.put("name", tool.name());
                tool.description().ifPresent(description -> declaration.put("description", description));
                declaration.set("parameters", tool.parameters());
            }
        }
        return body;
    }

    private static ObjectNode generationConfig(GenerationOptions options, String provider) {
        ObjectNode config = JsonBody.object();
        if (options.getMaxOutputTokens() != null) {
            config.put("maxOutputTokens", options.getMaxOutputTokens());
        }
        if (options.getTemperature() != null) {
            config.put("temperature", options.getTemperature());
        }
        if (options.getTopP() != null) {
            config.put("topP", options.getTopP());
        }
        if (!options.getStop().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            options.getStop().forEach(stop::add);
        }
        if (options.getSeed() != null) {
            config.put("seed", options.getSeed());
        }
        if (ResponseFormat.of(options, provider) == ResponseFormat.JSON_OBJECT) {
            config.put("responseMimeType", "application/json");
        }
        return config;
    }

    private static ArrayNode parts(Message turn, Conversation conversation) {
        ArrayNode parts = JsonBody.array();
        if ("tool".equals(turn.getRole())) {
            // a function response names the function, not the call: find it from the call the result answers
            String name = conversation.toolName(turn.getToolCallId())
                    .orElseThrow(() -> Unsupported.because(GeminiAdapter.PROVIDER + ": the tool result for call '"
                            + turn.getToolCallId() + "' answers no tool call of an earlier assistant message, and Gemini needs its name"));
            ObjectNode functionResponse = parts.addObject().putObject("functionResponse");
            functionResponse.put("name", name);
            functionResponse.set("response", functionResponse(turn.getContent()));
            return parts;
        }
        String content = turn.getContent();
        if ((content != null && !content.isEmpty()) || turn.getToolCalls().isEmpty()) {
            parts.addObject().put("text", content == null ? "" : content);
        }
        for (ToolCall call : turn.getToolCalls()) {
            ObjectNode functionCall = parts.addObject().putObject("functionCall");
            functionCall.put("name", call.getName());
            functionCall.set("args", ToolArguments.asObject(call.getArgumentsJson(), call.getName(), GeminiAdapter.PROVIDER));
        }
        return parts;
    }

    // the API takes an object: a JSON object result is sent as is, anything else under "output",
    // the key Gemini's reference names for a function's output
    private static ObjectNode functionResponse(String content) {
        JsonNode parsed = JsonBody.tryParse(content).orElse(null);
        if (parsed != null && parsed.isObject()) {
            return (ObjectNode) parsed;
        }
        ObjectNode wrapped = JsonBody.object();
        if (parsed != null) {
            wrapped.set("output", parsed);
        } else {
            wrapped.put("output", content == null ? "" : content);
        }
        return wrapped;
    }
}
