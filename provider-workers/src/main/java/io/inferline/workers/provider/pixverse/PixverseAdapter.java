package io.inferline.workers.provider.pixverse;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.JsonAnswers;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.task.TaskAdapter;
import io.inferline.workers.provider.task.TaskFailures;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.RetryClassifier;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * PixVerse's platform API, text-to-video as a task: {@code POST /openapi/v2/video/text/generate} answers a
 * {@code video_id}, then {@code GET /openapi/v2/video/result/{video_id}} is polled until the video is done.
 *
 * <ul>
 *   <li>Headers: {@code API-KEY: <key>} and {@code Ai-trace-id}, a UUID the reference wants unique per request. The
 *       create's is derived from the request id and the model ({@link GenerateBody#createTraceId}), so a retried
 *       create carries the same trace id as the first and PixVerse can recognise it; each poll gets a fresh random
 *       one. {@code Content-Type: application/json} on the create.</li>
 *   <li>Body: {@code model} ({@code v5}), {@code prompt} (from {@code input.prompt}), and the fields the reference
 *       marks required, always sent: {@code aspect_ratio} (from {@code options.size}, {@code 16:9} or
 *       {@code 1280x720} reduced to it, default {@code 16:9}), {@code duration} (from {@code
 *       options.duration_seconds}, default 5), {@code quality} (from {@code options.extra["quality"]}, default
 *       {@code 540p}); optional {@code motion_mode}, {@code negative_prompt}, {@code style}, {@code water_mark}
 *       (from {@code options.extra}) and {@code seed} (from {@code options.seed}, 0 to 2^31 - 1).</li>
 *   <li>Every answer is the {@code {ErrCode, ErrMsg, Resp}} envelope, and errors come on HTTP 200: a nonzero
 *       {@code ErrCode} is a failed call with that number as its code and {@code ErrMsg} as its message, fatal
 *       (400011 empty parameter, 400012 invalid account, 400017 invalid parameter, credits used up, ...) except
 *       500044, too many generations at once, which is rate limited. A non-2xx answer is classified by its status
 *       (429 rate limited, 5xx retried), with the envelope's code when it has one.</li>
 *   <li>Statuses ({@code Resp.status}): 5 ("generating") is RUNNING, 1 succeeds with {@code Resp.url}, 7 (content
 *       moderation) and 8 (generation failed, retryable) end FAILED; 6, which the reference does not list but
 *       integrations report as a deleted video, ends FAILED too rather than being polled forever.</li>
 *   <li>Usage: the {@code SECONDS} sent as {@code duration} (kept in the task handle).</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: it documents no lifetime for result URLs, so {@code expires_at} is left
 * empty; the create answer has no status, so a new task starts PENDING with the provider status
 * {@code created}; there is no cancel call; image-to-video (which needs the image uploaded first) is refused; the
 * create's trace id is the upstream request id of its failures, the video id that of a success. An unreadable 2xx
 * answer is an INVALID_RESPONSE and retried, the create included: the retry repeats the trace id, which lets PixVerse
 * recognise it (the simulator answers a repeated trace id with the first video).
 */
public final class PixverseAdapter implements TaskAdapter {

    static final String PROVIDER = "pixverse";
    /** Handle value: the seconds of video sent as {@code duration}, which is what is billed. */
    static final String SECONDS = "duration_seconds";
    private static final URI BASE_URL = URI.create("https://app-api.pixverse.ai");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();

    public PixverseAdapter() {
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
        byte[] body = JsonBody.bytes(GenerateBody.of(request));
        return UpstreamRequest.postJson(endpoint.resolve(GenerateBody.PATH),
                headers(endpoint, GenerateBody.createTraceId(request)), body);
    }

    /** PixVerse runs nothing synchronously: a success here is a create answer read the wrong way. */
    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        TaskStep step = created(request, response, now);
        if (step instanceof TaskStep.CallFailed failed) {
            return failed.failure();
        }
        return TaskFailures.notATask(PROVIDER, "PixVerse", response.status());
    }

    @Override
    public TaskStep created(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> trace = Optional.of(GenerateBody.createTraceId(request));
        if (!response.successful()) {
            return new TaskStep.CallFailed(Envelope.httpFailure(response, classifier(), now, trace));
        }
        try {
            JsonNode root = Envelope.parse(response);
            Optional<JsonNode> resp = Envelope.resp(root);
            if (resp.isEmpty()) {
                return new TaskStep.CallFailed(Envelope.failure(root, trace));
            }
            TaskHandle handle = TaskHandle.of(ResultAnswer.videoId(resp.get()))
                    .with(SECONDS, Integer.toString(GenerateBody.seconds(request)));
            return new TaskStep.Running(handle, TaskState.PENDING, "created", Optional.empty());
        } catch (RuntimeException e) {
            return new TaskStep.CallFailed(JsonAnswers.unreadable(PROVIDER, response, e, trace));
        }
    }

    @Override
    public UpstreamRequest poll(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        return new UpstreamRequest("GET", endpoint.resolve("/openapi/v2/video/result/" + task.taskIdInPath()),
                headers(endpoint, UUID.randomUUID().toString()), new byte[0]);
    }

    @Override
    public TaskStep polled(RoutedRequest request, TaskHandle task, UpstreamResponse response, Instant now) {
        if (!response.successful()) {
            return new TaskStep.CallFailed(Envelope.httpFailure(response, classifier(), now, Optional.empty()));
        }
        try {
            JsonNode root = Envelope.parse(response);
            Optional<JsonNode> resp = Envelope.resp(root);
            if (resp.isEmpty()) {
                return new TaskStep.CallFailed(Envelope.failure(root, Optional.empty()));
            }
            return ResultAnswer.read(resp.get(), task, GenerateBody.seconds(request), now);
        } catch (RuntimeException e) {
            return new TaskStep.CallFailed(JsonAnswers.unreadable(PROVIDER, response, e, Optional.empty()));
        }
    }

    /** The reference documents no way to cancel a generation. */
    @Override
    public Optional<UpstreamRequest> cancel(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        return Optional.empty();
    }

    private static Map<String, String> headers(ProviderEndpoint endpoint, String traceId) {
        return Map.of("API-KEY", endpoint.apiKey().reveal(), "Ai-trace-id", traceId);
    }
}
