package io.inferline.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * The prompt of an OpenAI-shaped chat request, as the simulators answer it. Read only after the request was checked.
 *
 * @param tokens         the prompt's tokens: every message's text and tool calls, and the tools offered
 * @param lastUser       the text of the last user turn ({@code ""} if none)
 * @param calledFunction the first tool's {@code function} when the conversation ends with a user turn that asks for
 *                       a tool, else null
 */
public record ChatPrompt(int tokens, String lastUser, JsonNode calledFunction) {

    /** @param contentText the text of one message's {@code content}, as the provider joins content parts */
    public static ChatPrompt of(JsonNode body, Function<JsonNode, String> contentText) {
        JsonNode messages = body.get("messages");
        int tokens = 0;
        String lastUser = "";
        for (JsonNode message : messages) {
            String text = contentText.apply(message.get("content"));
            tokens += Replies.tokens(text) + Replies.tokens(message.path("tool_calls").toString());
            if ("user".equals(Json.text(message, "role"))) {
                lastUser = text;
            }
        }
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray()) {
            tokens += Replies.tokens(tools.toString());
        }
        boolean lastIsUser = "user".equals(Json.text(messages.get(messages.size() - 1), "role"));
        boolean callsTool = tools != null && tools.size() > 0 && lastIsUser && Replies.wantsToolCall(lastUser);
        return new ChatPrompt(tokens, lastUser, callsTool ? tools.get(0).get("function") : null);
    }

    /** A content value's text: the string itself, or its parts' {@code text} joined. */
    public static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText("")));
        return text.toString();
    }

    /** The arguments of the simulated call, as the JSON text the answer carries. */
    public String toolArguments() {
        return Json.write(Replies.toolArguments(calledFunction.get("parameters"), lastUser));
    }
}
