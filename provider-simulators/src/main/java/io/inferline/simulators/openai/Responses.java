package io.inferline.simulators.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.List;
import java.util.Set;

/** {@code POST /v1/responses}: what it refuses and what it answers. */
final class Responses {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    private Responses() {
    }

    /** Validates the whole request; returns its (known) model. */
    static String model(JsonNode body, OpenAiSimulator provider) {
        if (!Json.has(body, "model")) {
            throw new InvalidRequest(400, "Missing required parameter: 'model'.", "model");
        }
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw new InvalidRequest(400, "Missing required parameter: 'input'.", "input");
        }
        if (!input.isTextual()) {
            if (!input.isArray()) {
                throw new InvalidRequest(400, "Invalid type for 'input': expected one of a string or array of input items, but got "
                        + Params.kind(input) + " instead.", "input");
            }
            for (int i = 0; i < input.size(); i++) {
                checkItem(input.get(i), "input[" + i + "]");
            }
        }
        if (Json.has(body, "instructions") && !body.get("instructions").isTextual()) {
            throw new InvalidRequest(400, "Invalid type for 'instructions': expected a string.", "instructions");
        }
        String model = provider.knownModel(body, false);
        Params.optionalInt(body, "max_output_tokens", 16);
        Params.sampling(body, "temperature", 2, model);
        Params.sampling(body, "top_p", 1, model);
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw new InvalidRequest(400, "Invalid type for 'tools': expected an array.", "tools");
            }
            for (int i = 0; i < tools.size(); i++) {
                // the Responses API takes flat function tools: {type, name, parameters}, not chat's {type, function:{...}}
                if ("function".equals(Json.text(tools.get(i), "type"))) {
                    Params.requiredText(tools.get(i), "name", "tools[" + i + "].name");
                }
            }
        }
        return model;
    }

    static ObjectNode answer(JsonNode body) {
        String model = body.get("model").asText();
        JsonNode input = body.get("input");
        String instructions = Json.text(body, "instructions");
        int inputTokens = Replies.tokens(instructions);
        String lastUser = "";
        boolean lastIsUser;
        if (input.isTextual()) {
            lastUser = input.asText();
            inputTokens += Replies.tokens(lastUser);
            lastIsUser = true;
        } else {
            lastIsUser = false;
            for (JsonNode item : input) {
                String text = item.has("content") ? ChatCompletions.text(item.get("content"))
                        : item.path("output").asText("") + item.path("arguments").asText("");
                inputTokens += Replies.tokens(text);
                lastIsUser = "user".equals(Json.text(item, "role"));
                if (lastIsUser) {
                    lastUser = text;
                }
            }
        }
        JsonNode tools = body.get("tools");
        JsonNode function = null;
        if (tools != null && tools.isArray()) {
            inputTokens += Replies.tokens(tools.toString());
            for (JsonNode tool : tools) {
                if ("function".equals(Json.text(tool, "type"))) {
                    function = tool;
                    break;
                }
            }
        }
        ObjectNode answer = Json.object()
                .put("id", Replies.id("resp_"))
                .put("object", "response")
                .put("created_at", OpenAiSimulator.now());
        ArrayNode output = Json.array();
        int outputTokens;
        boolean cut = false;
        if (function != null && lastIsUser && Replies.wantsToolCall(lastUser)) {
            String arguments = Json.write(Replies.toolArguments(function.get("parameters"), lastUser));
            output.addObject().put("type", "function_call").put("id", Replies.id("fc_")).put("call_id", Replies.id("call_"))
                    .put("name", function.get("name").asText()).put("arguments", arguments).put("status", "completed");
            outputTokens = Replies.tokens(arguments) + 5;
        } else {
            Integer max = Json.has(body, "max_output_tokens") ? Integer.valueOf(body.get("max_output_tokens").asInt()) : null;
            Replies.Generation reply = Replies.generate(model, lastUser, max, List.of(), false);
            cut = reply.stop() == Replies.Stop.MAX_TOKENS;
            ObjectNode message = output.addObject().put("type", "message").put("id", Replies.id("msg_"))
                    .put("status", cut ? "incomplete" : "completed").put("role", "assistant");
            message.putArray("content").addObject().put("type", "output_text").put("text", reply.text()).putArray("annotations");
            outputTokens = reply.outputTokens();
        }
        answer.put("status", cut ? "incomplete" : "completed");
        if (cut) {
            answer.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            answer.putNull("incomplete_details");
        }
        answer.putNull("error");
        answer.put("instructions", instructions);
        answer.put("model", model);
        answer.set("output", output);
        ObjectNode usage = answer.putObject("usage").put("input_tokens", inputTokens);
        usage.putObject("input_tokens_details").put("cached_tokens", Replies.cachedTokens(inputTokens));
        usage.put("output_tokens", outputTokens);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", inputTokens + outputTokens);
        return answer;
    }

    private static void checkItem(JsonNode item, String at) {
        if (!item.isObject()) {
            throw new InvalidRequest(400, "Invalid type for '" + at + "': expected an object.", at);
        }
        String type = Json.text(item, "type");
        if (type == null || type.equals("message")) {
            String role = Params.requiredText(item, "role", at + ".role");
            if (!ROLES.contains(role)) {
                throw new InvalidRequest(400, "Invalid value: '" + role + "'. Supported values are: 'assistant', 'system', "
                        + "'developer', and 'user'.", at + ".role");
            }
            JsonNode content = item.get("content");
            if (content == null || content.isNull() || !(content.isTextual() || content.isArray())) {
                throw new InvalidRequest(400, "Missing required parameter: '" + at + ".content'.", at + ".content");
            }
        } else if (type.equals("function_call")) {
            Params.requiredText(item, "call_id", at + ".call_id");
            Params.requiredText(item, "name", at + ".name");
            Params.requiredText(item, "arguments", at + ".arguments");
        } else if (type.equals("function_call_output")) {
            Params.requiredText(item, "call_id", at + ".call_id");
            Params.requiredText(item, "output", at + ".output");
        } else {
            throw new InvalidRequest(400, "Invalid value: '" + type + "'. Supported values are: 'message', 'function_call' "
                    + "and 'function_call_output'.", at + ".type");
        }
    }
}
