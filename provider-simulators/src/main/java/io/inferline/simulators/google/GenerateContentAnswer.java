package io.inferline.simulators.google;

import static io.inferline.simulators.google.GenerateContentValidation.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.ArrayList;
import java.util.List;

/** The answer to a valid generateContent request. */
final class GenerateContentAnswer {

    /** Thinking tokens a "pro" model reports (its thinking cannot be switched off), within maxOutputTokens. */
    private static final int PRO_THOUGHTS = 16;

    private GenerateContentAnswer() {
    }

    static ObjectNode answer(JsonNode body, String model) {
        JsonNode contents = field(body, "contents");
        int promptTokens = 0;
        JsonNode system = field(body, "systemInstruction");
        if (system != null) {
            promptTokens += Replies.tokens(text(system));
        }
        String lastUser = "";
        for (JsonNode content : contents) {
            String text = text(content);
            promptTokens += Replies.tokens(text) + Replies.tokens(functionPayload(content));
            if (!"model".equals(Json.text(content, "role"))) {
                lastUser = text;
            }
        }
        JsonNode last = contents.get(contents.size() - 1);
        boolean asksUser = !"model".equals(Json.text(last, "role")) && functionPayload(last).isEmpty();
        JsonNode tools = field(body, "tools");
        JsonNode function = null;
        if (tools != null) {
            promptTokens += Replies.tokens(tools.toString());
            for (JsonNode tool : tools) {
                JsonNode declarations = field(tool, "functionDeclarations");
                if (function == null && declarations != null && declarations.size() > 0) {
                    function = declarations.get(0);
                }
            }
        }
        int cached = Replies.cachedTokens(promptTokens);
        JsonNode config = field(body, "generationConfig");
        Integer max = null;
        List<String> stops = new ArrayList<>();
        boolean json = false;
        if (config != null) {
            JsonNode maxNode = field(config, "maxOutputTokens");
            max = maxNode == null ? null : maxNode.asInt();
            JsonNode stopNode = field(config, "stopSequences");
            if (stopNode != null) {
                stopNode.forEach(s -> stops.add(s.asText()));
            }
            JsonNode mime = field(config, "responseMimeType");
            json = mime != null && mime.asText().equals("application/json");
        }
        int thoughts = model.contains("pro") ? (max == null ? PRO_THOUGHTS : Math.min(PRO_THOUGHTS, max / 2)) : 0;

        ObjectNode answer = Json.object();
        ObjectNode candidate = answer.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content").put("role", "model");
        ArrayNode parts = content.putArray("parts");
        int outputTokens;
        String finish;
        if (function != null && asksUser && Replies.wantsToolCall(lastUser)) {
            ObjectNode call = parts.addObject().putObject("functionCall").put("name", function.get("name").asText());
            JsonNode schema = field(function, "parameters");
            call.set("args", Replies.toolArguments(schema != null ? schema : field(function, "parametersJsonSchema"), lastUser));
            outputTokens = Replies.tokens(call.toString());
            finish = "STOP";
        } else {
            Replies.Generation reply = Replies.generate(model, lastUser, max == null ? null : max - thoughts, stops, json);
            parts.addObject().put("text", reply.text());
            outputTokens = reply.outputTokens();
            finish = reply.stop() == Replies.Stop.MAX_TOKENS ? "MAX_TOKENS" : "STOP";
        }
        candidate.put("finishReason", finish).put("index", 0);
        ObjectNode usage = answer.putObject("usageMetadata")
                .put("promptTokenCount", promptTokens)
                .put("candidatesTokenCount", outputTokens)
                .put("totalTokenCount", promptTokens + outputTokens + thoughts);
        if (cached > 0) {
            usage.put("cachedContentTokenCount", cached);
        }
        if (thoughts > 0) {
            usage.put("thoughtsTokenCount", thoughts);
        }
        usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", promptTokens);
        answer.put("modelVersion", model);
        answer.put("responseId", Replies.id(""));
        return answer;
    }

    private static String text(JsonNode content) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content.path("parts")) {
            if (part.has("text")) {
                text.append(part.get("text").asText());
            }
        }
        return text.toString();
    }

    private static String functionPayload(JsonNode content) {
        StringBuilder payload = new StringBuilder();
        for (JsonNode part : content.path("parts")) {
            JsonNode call = field(part, "functionCall");
            JsonNode response = field(part, "functionResponse");
            if (call != null) {
                payload.append(call);
            }
            if (response != null) {
                payload.append(response);
            }
        }
        return payload.toString();
    }
}
