package io.inferline.workers.provider.bytedance;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.Capability;
import io.inferline.avro.ErrorInfo;
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
import java.util.function.Function;

/**
 * Bytedance's models on Volcano Engine Ark. Chat and images are one call each; video runs as a content-generation task.
 *
 * <ul>
 *   <li>Base URL: {@code https://ark.cn-beijing.volces.com} (mainland China); paths start with {@code /api/v3}. BytePlus
 *       ModelArk ({@code https://ark.ap-southeast.bytepluses.com}) speaks the same protocol with its own model ids. The key
 *       comes from {@code ARK_API_KEY} (or {@code BYTEDANCE_API_KEY}).</li>
 *   <li>Headers: {@code Authorization: Bearer <key>}, {@code Content-Type: application/json}. The upstream id of a call
 *       is the {@code x-request-id} header, else the body's {@code id}; of a finished task, its task id.</li>
 *   <li>Errors: {@code {"error":{"code","message","param","type"}}}, the code being {@code code} (e.g.
 *       {@code AuthenticationError}, {@code InvalidEndpointOrModel.NotFound}, {@code RateLimitExceeded.EndpointRPMExceeded},
 *       {@code SensitiveContentDetected}), else {@code type}. Waits come from {@code Retry-After} only.</li>
 *   <li>Chat ({@code doubao-seed-1-6-250615}): {@code POST /api/v3/chat/completions}, OpenAI's body with {@code max_tokens}
 *       and, from {@code options.extra["thinking"]}, {@code thinking: {type: enabled|disabled|auto}}. Usage
 *       {@code prompt_tokens} (cached ones, {@code prompt_tokens_details.cached_tokens}, included) and
 *       {@code completion_tokens}, which include the reasoning; {@code reasoning_content} is not part of the text.</li>
 *   <li>Image ({@code doubao-seedream-4-0-250828}): {@code POST /api/v3/images/generations} {@code {model, prompt, size,
 *       response_format, watermark, sequential_image_generation: disabled}}; {@code size} as given ({@code 2K} or
 *       {@code 2048x2048}), {@code response_format} {@code url} (default) or {@code b64_json} and {@code watermark} from
 *       {@code options.extra}. Images are JPEG URLs or inline bytes (type sniffed); an entry with {@code error} failed
 *       alone, and an HTTP 200 whose every entry failed is a FATAL failure with the first error. Usage: {@code IMAGES} =
 *       {@code usage.generated_images} (else the images returned), output tokens {@code usage.output_tokens}.</li>
 *   <li>Video ({@code doubao-seedance-1-0-pro-250528}): create {@code POST /api/v3/contents/generations/tasks}
 *       {@code {model, content:[{type:"text", text}], resolution, ratio, duration, seed, camera_fixed, watermark}}: the
 *       parameters as top-level fields (which the API checks strictly; the {@code --rs}/{@code --dur} commands after the
 *       prompt are the older, leniently checked form), {@code resolution} and {@code ratio} from {@code options.size}
 *       ({@code 720p} or {@code 16:9}) or {@code options.extra}, {@code duration} from {@code options.duration_seconds}.
 *       The answer {@code {id}} is the task. {@code GET /api/v3/contents/generations/tasks/{id}}: {@code queued} is
 *       PENDING, {@code running} RUNNING, {@code succeeded} the video ({@code content.video_url}, MP4), {@code failed}
 *       FAILED with {@code error.code}/{@code error.message}, {@code cancelled} CANCELLED, {@code expired} EXPIRED. Usage:
 *       the price is per second, so {@code SECONDS} = the answer's {@code duration} (else the asked length, else 5);
 *       {@code usage.completion_tokens} as output tokens. A poll answered 404 ({@code ResourceNotFound}: the record is
 *       gone) ends the task EXPIRED. Cancel: {@code DELETE .../tasks/{id}}, which cancels a queued task (a running one
 *       cannot be cancelled; on an ended one it deletes the record).</li>
 *   <li>Result URLs are TOS URLs signed with {@code X-Tos-Date} and {@code X-Tos-Expires}: their sum is the
 *       {@code expires_at}; without them, the documented 24 hours from the answer.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: the chat seed is not sent (Ark's chat has no such field) nor the image seed
 * (Seedream 4.0 ignores it); several images per request ({@code sequential_image_generation: auto}) are not asked for,
 * since inferline reserves one image per request; a failed task's error is not retryable. The handle holds the task id
 * alone.
 */
public final class ArkAdapter implements TaskAdapter {

    static final String PROVIDER = "bytedance";
    static final String CHAT_PATH = "/api/v3/chat/completions";
    static final String IMAGES_PATH = "/api/v3/images/generations";
    static final String TASKS_PATH = "/api/v3/contents/generations/tasks";
    private static final URI BASE_URL = URI.create("https://ark.cn-beijing.volces.com");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();

    public ArkAdapter() {
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
        return request.getCapability() == Capability.VIDEO;
    }

    @Override
    public UpstreamRequest toUpstream(RoutedRequest request, ProviderEndpoint endpoint) {
        Map<String, String> auth = auth(endpoint);
        return switch (request.getCapability()) {
            case CHAT -> UpstreamRequest.postJson(endpoint.resolve(CHAT_PATH), auth, JsonBody.bytes(ArkChat.body(request)));
            case IMAGE -> UpstreamRequest.postJson(endpoint.resolve(IMAGES_PATH), auth, JsonBody.bytes(SeedreamImages.body(request)));
            case VIDEO -> UpstreamRequest.postJson(endpoint.resolve(TASKS_PATH), auth, JsonBody.bytes(SeedanceTasks.body(request)));
            default -> throw Unsupported.capability(PROVIDER, request.getCapability(), "CHAT, IMAGE, VIDEO");
        };
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> headerId = Optional.ofNullable(response.header("x-request-id"));
        if (runsAsTask(request)) {
            // a task create read as one call would lose the task id and invite a second, paid, create
            return new AdapterResult.Failure(new UpstreamFailure(FailureKind.FATAL, Optional.of(response.status()), Optional.empty(),
                    "a task create answer read as a single call"), AttemptOutcome.FATAL_ERROR, "not_a_single_call",
                    PROVIDER + " runs VIDEO requests as tasks: their create answer goes to created()", headerId);
        }
        try {
            if (!response.successful()) {
                return FailureResults.upstreamError(classifier().classify(response.status(), response::header, now),
                        ArkErrors.read(response), headerId);
            }
            JsonNode root = JsonAnswers.object(response);
            Optional<String> upstreamId = headerId.or(() -> AnswerFields.optionalText(root, "id"));
            return request.getCapability() == Capability.IMAGE
                    ? SeedreamImages.read(root, request, response.status(), now, upstreamId)
                    : ArkChat.read(root, request, upstreamId);
        } catch (InvalidAnswerException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(), e.getMessage(), headerId);
        } catch (RuntimeException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(),
                    "its answer could not be read (" + e.getClass().getSimpleName() + ")", headerId);
        }
    }

    @Override
    public TaskStep created(RoutedRequest request, UpstreamResponse response, Instant now) {
        return readTask(response, now, SeedanceTasks::created);
    }

    @Override
    public UpstreamRequest poll(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        return new UpstreamRequest("GET", endpoint.resolve(TASKS_PATH + "/" + task.taskIdInPath()), auth(endpoint), new byte[0]);
    }

    @Override
    public TaskStep polled(RoutedRequest request, TaskHandle task, UpstreamResponse response, Instant now) {
        if (response.status() == 404) {
            // Ark no longer has the task's record (deleted, or too old to query): polling again cannot find it
            ProviderError error = ArkErrors.read(response);
            return new TaskStep.Ended(TaskState.EXPIRED, error.code(), ErrorInfo.newBuilder().setCode(error.code())
                    .setMessage(error.message()).setRetryable(false).setUpstreamStatus(404).build());
        }
        return readTask(response, now, root -> SeedanceTasks.polled(root, request, task, now));
    }

    @Override
    public Optional<UpstreamRequest> cancel(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        if (!runsAsTask(request)) {
            return Optional.empty();
        }
        return Optional.of(new UpstreamRequest("DELETE", endpoint.resolve(TASKS_PATH + "/" + task.taskIdInPath()), auth(endpoint),
                new byte[0]));
    }

    private TaskStep readTask(UpstreamResponse response, Instant now, Function<JsonNode, TaskStep> read) {
        Optional<String> headerId = Optional.ofNullable(response.header("x-request-id"));
        try {
            if (!response.successful()) {
                return new TaskStep.CallFailed(FailureResults.upstreamError(
                        classifier().classify(response.status(), response::header, now), ArkErrors.read(response), headerId));
            }
            return read.apply(JsonAnswers.object(response));
        } catch (RuntimeException e) {
            return new TaskStep.CallFailed(JsonAnswers.unreadable(PROVIDER, response, e, headerId));
        }
    }

    private static Map<String, String> auth(ProviderEndpoint endpoint) {
        return Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal());
    }
}
