package io.inferline.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
import io.inferline.avro.Message;
import io.inferline.avro.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * inferline's own batch line: any capability of any provider, one flat object per line.
 *
 * <pre>{@code
 * {"custom_id": "q1", "model": "anthropic/claude-haiku-4-5", "input": "Name three rivers."}
 * {"custom_id": "q2", "model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}], "options": {"max_output_tokens": 50}}
 * {"custom_id": "e1", "model": "openai/text-embedding-3-small", "capability": "EMBEDDING", "input": ["a", "b"]}
 * {"custom_id": "i1", "model": "recraft/recraftv3", "capability": "IMAGE", "input": "a red fox", "options": {"size": "1024x1024"}}
 * {"custom_id": "t1", "model": "assemblyai/universal", "capability": "TRANSCRIPTION", "media_url": "https://example.com/a.mp3"}
 * }</pre>
 *
 * Every field is checked, unknown ones included: a misspelt option must not silently change the output.
 */
final class NativeInputFormat {

    static final List<String> CAPABILITIES = List.of("CHAT", "EMBEDDING", "IMAGE", "SPEECH", "TRANSCRIPTION", "VIDEO");

    private static final Set<String> FIELDS = Set.of("custom_id", "model", "capability", "input", "messages", "media_url",
            "media_type", "options", "metadata", "fallback_models");
    private static final Set<String> OPTIONS = Set.of("max_output_tokens", "temperature", "top_p", "stop", "seed",
            "response_format", "tools", "size", "duration_seconds", "voice", "extra");
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "tool_calls", "tool_call_id");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    BatchLine parse(int lineNumber, String customId, Fields line) {
        line.rejectUnknown(FIELDS);
        String model = line.optionalText("model").orElse(null);
        Capability capability = capability(line);
        boolean hasInput = line.has("input");
        boolean hasMessages = line.has("messages");
        List<BinaryRef> media = media(line);
        if (hasInput && hasMessages) {
            throw new InvalidLine("give either \"input\" or \"messages\", not both");
        }
        Input.Builder input = Input.newBuilder().setCapability(capability).setMedia(media);
        switch (capability) {
            case CHAT -> {
                if (hasMessages) {
                    input.setMessages(messages(line));
                } else if (hasInput) {
                    input.setPrompt(prompt(line, capability));
                } else {
                    throw new InvalidLine("missing \"input\" or \"messages\"");
                }
            }
            case EMBEDDING -> {
                List<String> texts = line.stringOrStrings("input");
                if (texts.isEmpty() || texts.stream().anyMatch(String::isEmpty)) {
                    throw new InvalidLine(hasInput ? "\"input\" must hold at least one non-empty text" : "missing \"input\"");
                }
                input.setTexts(texts);
            }
            case IMAGE, SPEECH -> {
                requireNoMessages(hasMessages, capability);
                if (!hasInput) {
                    throw new InvalidLine("missing \"input\" (the prompt of a " + capability + " request)");
                }
                input.setPrompt(prompt(line, capability));
            }
            case TRANSCRIPTION -> {
                requireNoMessages(hasMessages, capability);
                if (media.isEmpty()) {
                    throw new InvalidLine("missing \"media_url\" (the audio to transcribe)");
                }
                if (hasInput) {
                    input.setPrompt(prompt(line, capability));
                }
            }
            case VIDEO -> {
                requireNoMessages(hasMessages, capability);
                if (!hasInput && media.isEmpty()) {
                    throw new InvalidLine("missing \"input\" or \"media_url\" (the prompt or first frame of the video)");
                }
                if (hasInput) {
                    input.setPrompt(prompt(line, capability));
                }
            }
            default -> throw new IllegalStateException("capability " + capability);
        }
        GenerationOptions options = line.optionalObject("options").map(NativeInputFormat::options)
                .orElseGet(() -> GenerationOptions.newBuilder().build());
        List<String> fallbacks = line.has("fallback_models") ? line.stringOrStrings("fallback_models") : List.of();
        return new BatchLine(lineNumber, customId, BatchLine.NATIVE, model, input.build(), options, fallbacks,
                line.stringMap("metadata"));
    }

    private static Capability capability(Fields line) {
        String value = line.optionalText("capability").orElse("CHAT").toUpperCase(Locale.ROOT);
        if (!CAPABILITIES.contains(value)) {
            throw new InvalidLine("\"capability\" must be one of " + String.join(", ", CAPABILITIES) + "; got \""
                    + line.requiredText("capability") + "\"");
        }
        return Capability.valueOf(value);
    }

    private static void requireNoMessages(boolean hasMessages, Capability capability) {
        if (hasMessages) {
            throw new InvalidLine("\"messages\" is for CHAT; a " + capability + " request takes \"input\"");
        }
    }

    private static String prompt(Fields line, Capability capability) {
        JsonNode input = line.get("input");
        if (!input.isTextual()) {
            throw new InvalidLine("\"input\" of a " + capability + " request must be a string, got " + Fields.kind(input)
                    + (input.isArray() ? " (several texts are for capability EMBEDDING)" : ""));
        }
        return line.requiredText("input");
    }

    private static List<Message> messages(Fields line) {
        List<JsonNode> elements = line.requiredArray("messages");
        if (elements.isEmpty()) {
            throw new InvalidLine("\"messages\" is empty");
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            Fields message = line.element("messages", i, elements.get(i));
            message.rejectUnknown(MESSAGE_FIELDS);
            String role = message.requiredText("role");
            if (!ROLES.contains(role)) {
                throw new InvalidLine(message.quoted("role") + " must be one of system, user, assistant, tool; got \"" + role + "\"");
            }
            List<ToolCall> toolCalls = new ArrayList<>();
            if (message.has("tool_calls")) {
                List<JsonNode> calls = message.requiredArray("tool_calls");
                for (int c = 0; c < calls.size(); c++) {
                    Fields call = message.element("tool_calls", c, calls.get(c));
                    JsonNode arguments = call.get("arguments");
                    toolCalls.add(ToolCall.newBuilder().setId(call.requiredText("id")).setName(call.requiredText("name"))
                            .setArgumentsJson(arguments == null ? "{}" : arguments.isTextual() ? arguments.asText() : arguments.toString())
                            .build());
                }
            }
            String content = message.has("content") ? message.requiredText("content") : null;
            if (content == null && toolCalls.isEmpty()) {
                throw new InvalidLine("missing " + message.quoted("content"));
            }
            String toolCallId = message.optionalText("tool_call_id").orElse(null);
            if (role.equals("tool") && toolCallId == null) {
                throw new InvalidLine("missing " + message.quoted("tool_call_id") + " (a tool message answers a tool call)");
            }
            messages.add(Message.newBuilder().setRole(role).setContent(content).setToolCalls(toolCalls).setToolCallId(toolCallId).build());
        }
        return messages;
    }

    private static List<BinaryRef> media(Fields line) {
        if (!line.has("media_url")) {
            if (line.has("media_type")) {
                throw new InvalidLine("\"media_type\" without \"media_url\"");
            }
            return List.of();
        }
        String type = line.optionalText("media_type").orElse(null);
        List<BinaryRef> media = new ArrayList<>();
        for (String url : line.stringOrStrings("media_url")) {
            if (!(url.startsWith("https://") || url.startsWith("http://") || url.startsWith("data:"))) {
                throw new InvalidLine("\"media_url\" must be an http(s) or data: URL, got \"" + url + "\"");
            }
            String contentType = type != null ? type : MediaTypes.of(url, "application/octet-stream");
            media.add(url.startsWith("data:") ? DataUrls.inline(url, contentType)
                    : BinaryRef.newBuilder().setUri(url).setContentType(contentType).build());
        }
        return media;
    }

    private static GenerationOptions options(Fields options) {
        options.rejectUnknown(OPTIONS);
        GenerationOptions.Builder builder = GenerationOptions.newBuilder();
        options.optionalPositiveInt("max_output_tokens").ifPresent(builder::setMaxOutputTokens);
        options.optionalNumber("temperature", 0, 2).ifPresent(builder::setTemperature);
        options.optionalNumber("top_p", 0, 1).ifPresent(builder::setTopP);
        builder.setStop(options.stringOrStrings("stop"));
        options.optionalLong("seed").ifPresent(builder::setSeed);
        JsonNode format = options.get("response_format");
        if (format != null) {
            if (format.isTextual() && (format.asText().equals("text") || format.asText().equals("json_object"))) {
                builder.setResponseFormat(format.asText());
            } else if (format.isObject()) {
                builder.setResponseFormat(format.toString());
            } else {
                throw new InvalidLine(options.quoted("response_format") + " must be \"text\", \"json_object\" or a JSON schema object, got "
                        + Fields.kind(format));
            }
        }
        if (options.has("tools")) {
            List<JsonNode> tools = options.requiredArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                Fields tool = options.element("tools", i, tools.get(i));
                if (!"function".equals(tool.requiredText("type"))) {
                    throw new InvalidLine(tool.quoted("type") + " must be \"function\": only function tools are supported");
                }
                tool.requiredObject("function").requiredText("name");
            }
            if (!tools.isEmpty()) {
                builder.setToolsJson(options.get("tools").toString());
            }
        }
        options.optionalText("size").ifPresent(builder::setSize);
        options.optionalPositiveInt("duration_seconds").ifPresent(builder::setDurationSeconds);
        options.optionalText("voice").ifPresent(builder::setVoice);
        Map<String, String> extra = new LinkedHashMap<>();
        options.optionalObject("extra").ifPresent(fields -> fields.names().forEach(name -> extra.put(name, fields.get(name) == null
                ? "null" : fields.get(name).toString())));
        builder.setExtra(extra);
        return builder.build();
    }
}
