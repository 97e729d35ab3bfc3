package io.inferline.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
import io.inferline.avro.Message;
import io.inferline.avro.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lines of the OpenAI Batch input format: {@code {"custom_id", "method": "POST", "url", "body"}}, with
 * {@code url} one of {@code /v1/chat/completions}, {@code /v1/embeddings} and {@code /v1/responses} and
 * {@code body} that endpoint's request. The generation parameters inferline knows become options; any
 * other body field is passed on in {@code options.extra} (its JSON text), so nothing is silently dropped.
 */
final class OpenAiInputFormat {

    static final String CHAT = "/v1/chat/completions";
    static final String EMBEDDINGS = "/v1/embeddings";
    static final String RESPONSES = "/v1/responses";
    static final List<String> URLS = List.of(CHAT, EMBEDDINGS, RESPONSES);

    private static final Set<String> LINE_FIELDS = Set.of("custom_id", "method", "url", "body");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    /** Body fields that change nothing inferline returns; dropped. */
    private static final Set<String> IGNORED = Set.of("model", "stream", "stream_options", "user", "store", "metadata", "n");
    private static final Set<String> CHAT_MAPPED = Set.of("messages", "max_tokens", "max_completion_tokens", "temperature",
            "top_p", "stop", "seed", "response_format", "tools");
    private static final Set<String> EMBEDDINGS_MAPPED = Set.of("input");
    private static final Set<String> RESPONSES_MAPPED = Set.of("input", "instructions", "max_output_tokens", "temperature",
            "top_p", "text", "tools");

    private final ObjectMapper json;

    OpenAiInputFormat(ObjectMapper json) {
        this.json = json;
    }

    /** Whether {@code line} is written in this format (it has any of the envelope's fields). */
    static boolean recognizes(JsonNode line) {
        return line.has("url") || line.has("body") || line.has("method");
    }

    BatchLine parse(int lineNumber, String customId, Fields line) {
        line.rejectUnknown(LINE_FIELDS);
        String method = line.requiredText("method");
        if (!method.equals("POST")) {
            throw new InvalidLine("\"method\" must be \"POST\", got \"" + method + "\"");
        }
        String url = line.requiredText("url");
        if (!URLS.contains(url)) {
            throw new InvalidLine("unknown url \"" + url + "\" (expected " + String.join(", ", URLS) + ")");
        }
        Fields body = line.requiredObject("body");
        String model = ModelNames.fromOpenAi(body.requiredText("model"));
        GenerationOptions.Builder options = GenerationOptions.newBuilder();
        Input input = switch (url) {
            case CHAT -> chat(body, options);
            case EMBEDDINGS -> embeddings(body);
            default -> responses(body, options, model);
        };
        Set<String> mapped = switch (url) {
            case CHAT -> CHAT_MAPPED;
            case EMBEDDINGS -> EMBEDDINGS_MAPPED;
            default -> RESPONSES_MAPPED;
        };
        Map<String, String> extra = new LinkedHashMap<>(options.hasExtra() ? options.getExtra() : Map.of());
        for (String name : body.names()) {
            if (!mapped.contains(name) && !IGNORED.contains(name)) {
                extra.put(name, body.get(name) == null ? "null" : body.get(name).toString());
            }
        }
        if (body.has("n") && !(body.get("n").isIntegralNumber() && body.get("n").intValue() == 1)) {
            throw new InvalidLine(body.quoted("n") + " must be 1: one answer per line");
        }
        options.setExtra(extra);
        return new BatchLine(lineNumber, customId, url, model, input, options.build(), List.of(), Map.of());
    }

    private Input chat(Fields body, GenerationOptions.Builder options) {
        List<JsonNode> elements = body.requiredArray("messages");
        if (elements.isEmpty()) {
            throw new InvalidLine(body.quoted("messages") + " is empty");
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            messages.add(chatMessage(body.element("messages", i, elements.get(i))));
        }
        Optional<Integer> maxTokens = body.optionalPositiveInt("max_completion_tokens")
                .or(() -> body.optionalPositiveInt("max_tokens"));
        maxTokens.ifPresent(options::setMaxOutputTokens);
        body.optionalNumber("temperature", 0, 2).ifPresent(options::setTemperature);
        body.optionalNumber("top_p", 0, 1).ifPresent(options::setTopP);
        options.setStop(body.stringOrStrings("stop"));
        body.optionalLong("seed").ifPresent(options::setSeed);
        body.optionalObject("response_format").map(this::responseFormat).ifPresent(options::setResponseFormat);
        tools(body, false).ifPresent(options::setToolsJson);
        return Input.newBuilder().setCapability(Capability.CHAT).setMessages(messages).build();
    }

    private Message chatMessage(Fields message) {
        String role = role(message);
        Message.Builder builder = Message.newBuilder().setRole(role);
        JsonNode content = message.get("content");
        List<BinaryRef> media = new ArrayList<>();
        if (content != null) {
            builder.setContent(contentText(message, content, media, "text", "image_url"));
        }
        builder.setMedia(media);
        List<ToolCall> toolCalls = new ArrayList<>();
        if (message.has("tool_calls")) {
            List<JsonNode> calls = message.requiredArray("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                Fields call = message.element("tool_calls", i, calls.get(i));
                Fields function = call.requiredObject("function");
                toolCalls.add(ToolCall.newBuilder().setId(call.requiredText("id")).setName(function.requiredText("name"))
                        .setArgumentsJson(function.optionalText("arguments").orElse("{}")).build());
            }
        }
        builder.setToolCalls(toolCalls);
        message.optionalText("tool_call_id").ifPresent(builder::setToolCallId);
        if ("tool".equals(role) && builder.getToolCallId() == null) {
            throw new InvalidLine("missing " + message.quoted("tool_call_id") + " (a tool message answers a tool call)");
        }
        if (content == null && toolCalls.isEmpty()) {
            throw new InvalidLine("missing " + message.quoted("content"));
        }
        return builder.build();
    }

    private static String role(Fields message) {
        String role = message.requiredText("role");
        if (!ROLES.contains(role)) {
            throw new InvalidLine(message.quoted("role") + " must be one of system, developer, user, assistant, tool; got \"" + role + "\"");
        }
        // developer messages are OpenAI's newer name for system messages
        return role.equals("developer") ? "system" : role;
    }

    /**
     * The text of a content field: a string, or an array of parts whose text parts are joined by a
     * newline and whose image parts become media.
     */
    private static String contentText(Fields message, JsonNode content, List<BinaryRef> media, String textType, String imageType) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new InvalidLine(message.quoted("content") + " must be a string or an array of parts, got " + Fields.kind(content));
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            Fields part = message.element("content", i, content.get(i));
            String type = part.requiredText("type");
            if (type.equals(textType) || type.equals("output_text") && textType.equals("input_text")) {
                texts.add(part.requiredText("text"));
            } else if (type.equals(imageType)) {
                String url = imageType.equals("image_url") && part.get("image_url") != null && part.get("image_url").isObject()
                        ? part.requiredObject("image_url").requiredText("url")
                        : part.requiredText("image_url");
                media.add(BinaryRef.newBuilder().setUri(url).setContentType(MediaTypes.of(url, "image/*")).build());
            } else {
                throw new InvalidLine(part.quoted("type") + " \"" + type + "\" is not supported (" + textType + ", " + imageType + ")");
            }
        }
        return texts.isEmpty() ? null : String.join("\n", texts);
    }

    private String responseFormat(Fields format) {
        String type = format.requiredText("type");
        return switch (type) {
            case "text" -> "text";
            case "json_object" -> "json_object";
            case "json_schema" -> {
                JsonNode schema = format.get("json_schema");
                if (schema == null) {
                    // the Responses API puts the schema's fields beside "type"
                    ObjectNode copy = json.createObjectNode();
                    format.names().stream().filter(n -> !n.equals("type")).forEach(n -> copy.set(n, format.get(n)));
                    if (copy.isEmpty()) {
                        throw new InvalidLine("missing " + format.quoted("json_schema"));
                    }
                    yield copy.toString();
                }
                yield schema.toString();
            }
            default -> throw new InvalidLine(format.quoted("type") + " must be text, json_object or json_schema, got \"" + type + "\"");
        };
    }

    /**
     * The tools as a JSON array of OpenAI chat function tools. The Responses API writes a function
     * flat ({@code {"type":"function","name",...}}); it is rewritten to the chat shape.
     */
    private Optional<String> tools(Fields body, boolean flat) {
        if (!body.has("tools")) {
            return Optional.empty();
        }
        List<JsonNode> tools = body.requiredArray("tools");
        ArrayNode out = json.createArrayNode();
        for (int i = 0; i < tools.size(); i++) {
            Fields tool = body.element("tools", i, tools.get(i));
            String type = tool.requiredText("type");
            if (!type.equals("function")) {
                throw new InvalidLine(tool.quoted("type") + " \"" + type + "\" is not supported: only function tools are");
            }
            if (flat && !tool.has("function")) {
                tool.requiredText("name");
                ObjectNode function = json.createObjectNode();
                tool.names().stream().filter(n -> !n.equals("type")).forEach(n -> function.set(n, tool.get(n)));
                ObjectNode entry = out.addObject();
                entry.put("type", "function");
                entry.set("function", function);
            } else {
                tool.requiredObject("function").requiredText("name");
                out.add(tools.get(i));
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
    }

    private static Input embeddings(Fields body) {
        JsonNode input = body.get("input");
        if (input == null) {
            throw new InvalidLine("missing " + body.quoted("input"));
        }
        List<String> texts;
        if (input.isArray() && input.size() > 0 && !input.get(0).isTextual()) {
            throw new InvalidLine(body.quoted("input") + " holds token ids: send the texts instead");
        }
        texts = body.stringOrStrings("input");
        if (texts.isEmpty() || texts.stream().anyMatch(String::isEmpty)) {
            throw new InvalidLine(body.quoted("input") + " must hold at least one non-empty text");
        }
        return Input.newBuilder().setCapability(Capability.EMBEDDING).setTexts(texts).build();
    }

    private Input responses(Fields body, GenerationOptions.Builder options, String model) {
        JsonNode input = body.get("input");
        if (input == null) {
            throw new InvalidLine("missing " + body.quoted("input"));
        }
        List<Message> messages = new ArrayList<>();
        body.optionalText("instructions").ifPresent(text -> messages.add(Message.newBuilder().setRole("system").setContent(text).build()));
        Input.Builder builder = Input.newBuilder().setCapability(Capability.CHAT);
        if (input.isTextual()) {
            if (messages.isEmpty()) {
                builder.setPrompt(body.requiredText("input"));
            } else {
                messages.add(Message.newBuilder().setRole("user").setContent(body.requiredText("input")).build());
            }
        } else if (input.isArray()) {
            List<JsonNode> items = body.requiredArray("input");
            if (items.isEmpty()) {
                throw new InvalidLine(body.quoted("input") + " is empty");
            }
            for (int i = 0; i < items.size(); i++) {
                Fields item = body.element("input", i, items.get(i));
                item.optionalText("type").filter(t -> !t.equals("message")).ifPresent(t -> {
                    throw new InvalidLine(item.quoted("type") + " \"" + t + "\" is not supported: only message items are");
                });
                String role = role(item);
                JsonNode content = item.get("content");
                if (content == null) {
                    throw new InvalidLine("missing " + item.quoted("content"));
                }
                List<BinaryRef> media = new ArrayList<>();
                String text = contentText(item, content, media, "input_text", "input_image");
                messages.add(Message.newBuilder().setRole(role).setContent(text).setMedia(media).build());
            }
        } else {
            throw new InvalidLine(body.quoted("input") + " must be a string or an array of messages, got " + Fields.kind(input));
        }
        builder.setMessages(messages);
        body.optionalPositiveInt("max_output_tokens").ifPresent(options::setMaxOutputTokens);
        body.optionalNumber("temperature", 0, 2).ifPresent(options::setTemperature);
        body.optionalNumber("top_p", 0, 1).ifPresent(options::setTopP);
        body.optionalObject("text").flatMap(text -> text.optionalObject("format")).map(this::responseFormat)
                .ifPresent(options::setResponseFormat);
        tools(body, true).ifPresent(options::setToolsJson);
        if (model.startsWith("openai/")) {
            // the OpenAI worker then calls the Responses API itself, as the file asked
            options.setExtra(Map.of("openai.api", "\"responses\""));
        }
        return builder.build();
    }
}
