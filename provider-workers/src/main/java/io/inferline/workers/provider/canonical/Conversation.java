package io.inferline.workers.provider.canonical;

import io.inferline.avro.Input;
import io.inferline.avro.Message;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The chat turns of a request: its messages, or its prompt as one user message. Checked once here
 * so every adapter refuses the same things the same way.
 */
public final class Conversation {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private final List<Message> messages;

    private Conversation(List<Message> messages) {
        this.messages = List.copyOf(messages);
    }

    /**
     * @throws io.inferline.workers.provider.UnsupportedRequestException when there is nothing to send, a role is
     *         unknown, a tool result names no call, or a message carries media (a later issue)
     */
    public static Conversation of(RoutedRequest request, String provider) {
        Input input = request.getRequest().getInput();
        if (input.getMessages().isEmpty()) {
            if (input.getPrompt() == null || input.getPrompt().isEmpty()) {
                throw Unsupported.because(provider + ": a chat request needs messages or a prompt, it has neither");
            }
            return new Conversation(List.of(Message.newBuilder().setRole("user").setContent(input.getPrompt()).build()));
        }
        for (Message message : input.getMessages()) {
            if (!ROLES.contains(message.getRole())) {
                throw Unsupported.because(provider + ": unknown message role '" + message.getRole() + "' (system, user, assistant or tool)");
            }
            if (!message.getMedia().isEmpty()) {
                throw Unsupported.because(provider + ": media attached to chat messages is not supported yet");
            }
            if ("tool".equals(message.getRole()) && message.getToolCallId() == null) {
                throw Unsupported.because(provider + ": a tool message needs tool_call_id");
            }
        }
        return new Conversation(input.getMessages());
    }

    /** Every message, oldest first, system ones included. */
    public List<Message> messages() {
        return messages;
    }

    /** The messages without the system ones, for APIs that take the system text apart. */
    public List<Message> turns() {
        return messages.stream().filter(m -> !"system".equals(m.getRole())).toList();
    }

    /** The system messages' texts joined by a blank line, when there are any. */
    public Optional<String> systemText() {
        String joined = messages.stream()
                .filter(m -> "system".equals(m.getRole()) && m.getContent() != null)
                .map(Message::getContent)
                .collect(Collectors.joining("\n\n"));
        return joined.isEmpty() ? Optional.empty() : Optional.of(joined);
    }

    /** The name of the tool call a tool result answers, from the assistant message that made it. */
    public Optional<String> toolName(String toolCallId) {
        for (Message message : messages) {
            for (ToolCall call : message.getToolCalls()) {
                if (call.getId().equals(toolCallId)) {
                    return Optional.of(call.getName());
                }
            }
        }
        return Optional.empty();
    }

    /** All texts sent (contents and tool arguments), for estimating input tokens. */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (Message message : messages) {
            if (message.getContent() != null) {
                texts.add(message.getContent());
            }
            message.getToolCalls().forEach(call -> texts.add(call.getArgumentsJson()));
        }
        return texts;
    }
}
