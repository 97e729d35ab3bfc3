package io.inferline.workers.provider.bytedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.media.ExtraOptions;
import io.inferline.workers.provider.openai.ChatCompletionsAnswer;
import io.inferline.workers.provider.openai.ChatCompletionsBody;
import java.util.Optional;
import java.util.Set;

/** {@code POST /api/v3/chat/completions}: OpenAI's shape, with Ark's {@code thinking} switch and no seed. */
final class ArkChat {

    static final String THINKING = "thinking";
    private static final Set<String> THINKING_TYPES = Set.of("enabled", "disabled", "auto");
    private static final ChatCompletionsBody BODY = new ChatCompletionsBody(ArkAdapter.PROVIDER, "max_tokens",
            ChatCompletionsBody.Seed.LEFT_OUT, ChatCompletionsBody.ToolTurnContent.OMITTED);
    // reasoning_content is the model's thinking, not its answer; its tokens are part of completion_tokens
    private static final ChatCompletionsAnswer ANSWER = new ChatCompletionsAnswer(ArkAdapter.PROVIDER,
            ChatCompletionsAnswer.EmptyText.NO_TEXT, ChatCompletionsAnswer.CachedTokens.AT_MOST_INPUT, Set.of("tool_calls"));

    private ArkChat() {
    }

    static ObjectNode body(RoutedRequest request) {
        String provider = ArkAdapter.PROVIDER;
        ExtraOptions extra = ExtraOptions.of(request.getRequest().getOptions(), provider, Set.of(THINKING));
        ObjectNode body = BODY.of(request);
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

    static AdapterResult read(JsonNode root, RoutedRequest request, Optional<String> upstreamId) {
        return ANSWER.read(root, request, upstreamId);
    }
}
