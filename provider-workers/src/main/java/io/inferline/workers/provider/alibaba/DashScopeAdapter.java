package io.inferline.workers.provider.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.workers.provider.JsonAnswers;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.provider.openai.ChatCompletionsAnswer;
import io.inferline.workers.provider.openai.ChatCompletionsBody;
import io.inferline.workers.provider.task.TaskAdapter;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import io.inferline.workers.retry.RetryClassifier;
import io.inferline.workers.retry.UpstreamFailure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Alibaba Cloud Model Studio (DashScope). Chat is one call; text-to-image and text-to-video run as tasks.
 *
 * <ul>
 *   <li>Base URL: the international (Singapore) endpoint {@code https://dashscope-intl.aliyuncs.com} by default. Keys and
 *       models belong to one region: for mainland China set {@code worker.provider.alibaba.base.url} to
 *       {@code https://dashscope.aliyuncs.com} (Virginia: {@code https://dashscope-us.aliyuncs.com}, or a workspace's own
 *       domain). Every path below is appended to it. The key comes from {@code DASHSCOPE_API_KEY} (or {@code ALIBABA_API_KEY}).</li>
 *   <li>Headers: {@code Authorization: Bearer <key>}, {@code Content-Type: application/json}; task creates also
 *       {@code X-DashScope-Async: enable}, without which the API refuses these models (403 {@code AccessDenied}).</li>
 *   <li>Chat ({@code qwen-plus}, {@code qwen-max}, {@code qwen-turbo}): {@code POST /compatible-mode/v1/chat/completions},
 *       OpenAI's body with {@code max_tokens}; usage {@code prompt_tokens} (cached ones included),
 *       {@code completion_tokens}, cached from {@code prompt_tokens_details.cached_tokens} where present. Errors
 *       {@code {"error":{"message","type","param","code"},"request_id"}}, the code being {@code code} else {@code type}.
 *       The upstream id is the body's {@code id}, else the error's {@code request_id}.</li>
 *   <li>Image ({@code wan2.2-t2i-flash}): create {@code POST /api/v1/services/aigc/text2image/image-synthesis}
 *       {@code {model, input:{prompt, negative_prompt}, parameters:{size, n, seed, prompt_extend, watermark}}}; {@code size}
 *       from {@code options.size} ({@code 1024x1024} is sent as {@code 1024*1024}), {@code n} from
 *       {@code options.extra["n"]} (1 to 4, default 1: the API's own default is 4), the other three from
 *       {@code options.extra}. Result: {@code output.results[].url} (PNG), one {@code IMAGES} unit per
 *       {@code usage.image_count} (else per URL). A result with {@code code}/{@code message} instead of an url failed
 *       alone; if none has an url the task ended FAILED with the first one's reason.</li>
 *   <li>Video ({@code wan2.2-t2v-plus}): create {@code POST /api/v1/services/aigc/video-generation/video-synthesis},
 *       same body with {@code duration} from {@code options.duration_seconds} (wan2.2 videos last 5 seconds: another length
 *       is refused before the call). Result {@code output.video_url} (MP4); usage {@code SECONDS} =
 *       {@code usage.video_duration} (else {@code usage.duration}, else the asked or fixed length), rounded up.</li>
 *   <li>Tasks: the create answers {@code {output:{task_id, task_status}, request_id}}; {@code GET /api/v1/tasks/{task_id}}
 *       answers {@code task_status}: PENDING and SUSPENDED are PENDING, RUNNING is RUNNING, SUCCEEDED is the result, FAILED
 *       is FAILED with {@code output.code}/{@code output.message}, CANCELED is CANCELLED, UNKNOWN (no such task, or past its
 *       24 hours) is EXPIRED. Cancel: {@code POST /api/v1/tasks/{task_id}/cancel}, which works only while PENDING. Native
 *       errors are {@code {"request_id","code","message"}}, e.g. {@code InvalidApiKey}, {@code InvalidParameter},
 *       {@code Throttling.RateQuota}, {@code DataInspectionFailed}.</li>
 *   <li>Result URLs are OSS URLs signed with {@code Expires} (epoch seconds): that is their {@code expires_at}; without it,
 *       the documented 24 hours from the answer. Content types come from the URL's extension, else PNG or MP4.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: waits come from {@code Retry-After} only (no rate-limit headers are
 * documented); the upstream id of a finished task is its task id (the poll's own {@code request_id} names only that
 * poll); a seed outside 0..2147483647 is refused; a failed task's error is not retryable (the task ran and the provider
 * gave its verdict). The task handle holds the task id alone: the request itself says whether a video or an image is
 * polled for.
 */
public final class DashScopeAdapter implements TaskAdapter {

    static final String PROVIDER = "alibaba";
    static final String CHAT_PATH = "/compatible-mode/v1/chat/completions";
    static final String IMAGE_PATH = "/api/v1/services/aigc/text2image/image-synthesis";
    static final String VIDEO_PATH = "/api/v1/services/aigc/video-generation/video-synthesis";
    static final String TASKS_PATH = "/api/v1/tasks/";
    private static final URI BASE_URL = URI.create("https://dashscope-intl.aliyuncs.com");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();
    // an assistant turn that only calls tools carries an empty content, as the reference's examples do
    private static final ChatCompletionsBody CHAT_BODY = new ChatCompletionsBody(PROVIDER, "max_tokens",
            ChatCompletionsBody.Seed.SENT_IF_NON_NEGATIVE_INT, ChatCompletionsBody.ToolTurnContent.EMPTY_STRING);
    private static final ChatCompletionsAnswer CHAT_ANSWER = new ChatCompletionsAnswer(PROVIDER,
            ChatCompletionsAnswer.EmptyText.NO_TEXT, ChatCompletionsAnswer.CachedTokens.AT_MOST_INPUT, Set.of("tool_calls"));

    public DashScopeAdapter() {
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public URI defaultBaseUrl() {
        return BASE_URL;
    }

    @Override
    public RetryClassifier classifier() {
        return CLASSIFIER;
    }

    @Override
    public boolean runsAsTask(RoutedRequest request) {
        return request.getCapability() == Capability.IMAGE || request.getCapability() == Capability.VIDEO;
    }

    @Override
    public UpstreamRequest toUpstream(RoutedRequest request, ProviderEndpoint endpoint) {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal());
        Map<String, String> async = Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal(), "X-DashScope-Async", "enable");
        return switch (request.getCapability()) {
            case CHAT -> UpstreamRequest.postJson(endpoint.resolve(CHAT_PATH), auth, JsonBody.bytes(CHAT_BODY.of(request)));
            case IMAGE -> UpstreamRequest.postJson(endpoint.resolve(IMAGE_PATH), async, JsonBody.bytes(SynthesisBody.image(request)));
            case VIDEO -> UpstreamRequest.postJson(endpoint.resolve(VIDEO_PATH), async, JsonBody.bytes(SynthesisBody.video(request)));
            default -> throw Unsupported.capability(PROVIDER, request.getCapability(), "CHAT, IMAGE, VIDEO");
        };
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> errorId = DashScopeErrors.requestId(response);
        if (runsAsTask(request)) {
            // a task create read as one call would lose the task id and invite a second, paid, create
            return new AdapterResult.Failure(new UpstreamFailure(FailureKind.FATAL, Optional.of(response.status()), Optional.empty(),
                    "a task create answer read as a single call"), AttemptOutcome.FATAL_ERROR, "not_a_single_call",
                    PROVIDER + " runs " + request.getCapability() + " requests as tasks: their create answer goes to created()", errorId);
        }
        try {
            if (!response.successful()) {
                return FailureResults.upstreamError(classifier().classify(response.status(), response::header, now),
                        DashScopeErrors.ofCompatible(response), errorId);
            }
            JsonNode root = JsonAnswers.object(response);
            return CHAT_ANSWER.read(root, request, AnswerFields.optionalText(root, "id").or(() -> errorId));
        } catch (InvalidAnswerException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(), e.getMessage(), errorId);
        } catch (RuntimeException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(),
                    "its answer could not be read (" + e.getClass().getSimpleName() + ")", errorId);
        }
    }

    @Override
    public TaskStep created(RoutedRequest request, UpstreamResponse response, Instant now) {
        return readTask(response, now, root -> {
            JsonNode output = AnswerFields.object(root, "output", "output");
            String taskId = AnswerFields.text(output, "task_id", "output.task_id").strip();
            if (taskId.isEmpty()) {
                throw new InvalidAnswerException("the answer's output.task_id is empty");
            }
            String status = AnswerFields.optionalText(output, "task_status").orElse("PENDING");
            TaskState state = status.equals("RUNNING") ? TaskState.RUNNING : TaskState.PENDING;
            return new TaskStep.Running(TaskHandle.of(taskId), state, status, Optional.empty());
        });
    }

    @Override
    public UpstreamRequest poll(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        return new UpstreamRequest("GET", endpoint.resolve(TASKS_PATH + task.taskIdInPath()),
                Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal()), new byte[0]);
    }

    @Override
    public TaskStep polled(RoutedRequest request, TaskHandle task, UpstreamResponse response, Instant now) {
        return readTask(response, now, root -> TaskAnswer.read(root, request, task, now));
    }

    @Override
    public Optional<UpstreamRequest> cancel(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        if (!runsAsTask(request)) {
            return Optional.empty();
        }
        return Optional.of(new UpstreamRequest("POST", endpoint.resolve(TASKS_PATH + task.taskIdInPath() + "/cancel"),
                Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal()), new byte[0]));
    }

    private TaskStep readTask(UpstreamResponse response, Instant now, Function<JsonNode, TaskStep> read) {
        Optional<String> requestId = DashScopeErrors.requestId(response);
        try {
            if (!response.successful()) {
                ProviderError error = DashScopeErrors.ofNative(response);
                return new TaskStep.CallFailed(FailureResults.upstreamError(
                        classifier().classify(response.status(), response::header, now), error, requestId));
            }
            return read.apply(JsonAnswers.object(response));
        } catch (RuntimeException e) {
            return new TaskStep.CallFailed(JsonAnswers.unreadable(PROVIDER, response, e, requestId));
        }
    }
}
