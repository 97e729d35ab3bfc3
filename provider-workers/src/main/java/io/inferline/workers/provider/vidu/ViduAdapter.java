package io.inferline.workers.provider.vidu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.provider.task.TaskAdapter;
import io.inferline.workers.provider.task.JsonTaskSteps;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.FailureKind;
import io.inferline.workers.retry.RetryClassifier;
import io.inferline.workers.retry.UpstreamFailure;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Vidu's video generation, a task per video: {@code POST /ent/v2/text2video} (from {@code input.prompt}) or
 * {@code POST /ent/v2/img2video} (from a start frame, {@code input.media[0]}), then {@code GET
 * /ent/v2/tasks/{id}/creations} until the task ends; {@code POST /ent/v2/tasks/{id}/cancel} cancels.
 *
 * <ul>
 *   <li>Headers: {@code Authorization: Token <key>}; {@code Content-Type: application/json} on POSTs.</li>
 *   <li>Body: {@code model} ({@code viduq1}, {@code vidu2.0}), {@code prompt}, {@code images} (the start frame: its
 *       URL, or its bytes as a {@code data:} URI of a PNG, JPEG or WebP under 10 MB), {@code duration} (from
 *       {@code options.duration_seconds}, else left to the model's default), {@code seed}, {@code aspect_ratio}
 *       (text-to-video only, from {@code options.size}: {@code 16:9}, or {@code 1280x720} reduced to it),
 *       {@code resolution}, {@code movement_amplitude}, {@code style} and {@code bgm} (from {@code options.extra}).
 *       {@code vidu2.0} only animates a start frame: a request without one is refused with
 *       {@link io.inferline.workers.provider.UnsupportedRequestException} naming {@code input.media[0]}.</li>
 *   <li>States: {@code created} and {@code queueing} are PENDING, {@code processing} is RUNNING, {@code success}
 *       succeeds with each creation's {@code url} (a video) followed by its {@code cover_url} (an image), and
 *       {@code failed} ends FAILED with {@code err_code} as the code, retryable for the codes the reference tells
 *       to try again ({@code InternalServiceFailure}, {@code ModelUnavailable}).</li>
 *   <li>Usage: the {@code SECONDS} the create answer echoes as {@code duration} (kept in the task handle), else
 *       those asked for, else the model's documented default (5 s for {@code viduq1}, 4 s for {@code vidu2.0}).
 *       Vidu's {@code credits} are not a unit inferline bills, and are not reported.</li>
 *   <li>URLs are "valid for 24 hours" (an earlier revision of the reference said one hour): {@code expires_at}
 *       is the answer's time plus 24 hours. Types come from the URL's extension, else {@code video/mp4} and
 *       {@code image/jpeg}.</li>
 *   <li>Errors are {@code {code, reason, message, metadata:{trace_id}}}: {@code reason} (e.g.
 *       {@code CreditInsufficient}) is the error code, {@code trace_id} the upstream request id. 429
 *       ({@code TooManyRequests}, {@code QuotaExceeded}, {@code SystemThrottling}) is rate limited, 5xx retried,
 *       other 4xx fatal except {@code OperationInProcess} ("please retry later"), which is retried.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: a task stopped by a cancel call reads {@code failed} with the
 * reference's {@code UserCancelled} code, so that code ends CANCELLED rather than FAILED; the cancel body repeats
 * the id, as the reference's example does, and Vidu refuses to cancel a task once it is processing (the runtime
 * does not read the answer beyond its status); no poll interval is suggested; the task id is the upstream request
 * id of a success; {@code options.size} and {@code style} are refused for image-to-video, whose shape follows the
 * start frame, rather than dropped.
 * A create answered 2xx but unreadably (no task id) is an INVALID_RESPONSE that is not retried: the task probably
 * exists, and a retry would pay for a second one; an unreadable poll is retried.
 */
public final class ViduAdapter implements TaskAdapter {

    static final String PROVIDER = "vidu";
    /** Handle value: the seconds of video the create answer confirmed, which is what is billed. */
    static final String SECONDS = "duration_seconds";
    private static final URI BASE_URL = URI.create("https://api.vidu.com");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();

    private final JsonTaskSteps steps = new JsonTaskSteps(PROVIDER, "Vidu", this::failure);

    public ViduAdapter() {
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
        CreationBody.Creation creation = CreationBody.of(request);
        return UpstreamRequest.postJson(endpoint.resolve(creation.path()), auth(endpoint), JsonBody.bytes(creation.body()));
    }

    /** Vidu runs nothing synchronously: a success here is a create answer read the wrong way. */
    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        return steps.notATask(response, now);
    }

    @Override
    public TaskStep created(RoutedRequest request, UpstreamResponse response, Instant now) {
        return steps.created(response, now, root -> {
            String id = CreationsAnswer.taskId(root);
            int seconds = CreationsAnswer.seconds(root, CreationBody.seconds(request));
            if (!root.has("state")) {
                ((ObjectNode) root).put("state", "created");
            }
            TaskHandle handle = TaskHandle.of(id).with(SECONDS, Integer.toString(seconds));
            return CreationsAnswer.read(root, handle, seconds, now);
        });
    }

    @Override
    public UpstreamRequest poll(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        return new UpstreamRequest("GET", endpoint.resolve("/ent/v2/tasks/" + task.taskIdInPath() + "/creations"), auth(endpoint),
                new byte[0]);
    }

    @Override
    public TaskStep polled(RoutedRequest request, TaskHandle task, UpstreamResponse response, Instant now) {
        return steps.polled(response, now, root -> CreationsAnswer.read(root, task, CreationBody.seconds(request), now));
    }

    @Override
    public Optional<UpstreamRequest> cancel(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        ObjectNode body = JsonBody.object().put("id", task.taskId());
        URI uri = endpoint.resolve("/ent/v2/tasks/" + task.taskIdInPath() + "/cancel");
        return Optional.of(UpstreamRequest.postJson(uri, auth(endpoint), JsonBody.bytes(body)));
    }

    private static Map<String, String> auth(ProviderEndpoint endpoint) {
        return Map.of("Authorization", "Token " + endpoint.apiKey().reveal());
    }

    private AdapterResult.Failure failure(UpstreamResponse response, Instant now) {
        ProviderError error = ProviderError.read(response, PROVIDER, ViduAdapter::jsonError);
        UpstreamFailure classified = classifier().classify(response.status(), response::header, now);
        if (response.status() == 400 && error.code().equals("OperationInProcess")) {
            classified = new UpstreamFailure(FailureKind.RETRYABLE, Optional.of(400), classified.retryAfter(),
                    "upstream HTTP 400 OperationInProcess: the reference says to retry later");
        }
        return FailureResults.upstreamError(classified, error, traceId(response));
    }

    // {code, reason, message, metadata:{trace_id}}: reason is the machine-readable code
    private static Optional<ProviderError> jsonError(JsonNode root) {
        JsonNode message = root.path("message");
        if (!message.isTextual()) {
            return Optional.empty();
        }
        JsonNode reason = root.path("reason");
        return Optional.of(new ProviderError(reason.isTextual() ? reason.asText() : "", message.asText()));
    }

    private static Optional<String> traceId(UpstreamResponse response) {
        try {
            JsonNode trace = JsonBody.parseAnswer(response.body()).path("metadata").path("trace_id");
            return trace.isTextual() && !trace.asText().isBlank() ? Optional.of(trace.asText()) : Optional.empty();
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }
}
