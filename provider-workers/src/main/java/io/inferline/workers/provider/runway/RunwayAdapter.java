package io.inferline.workers.provider.runway;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ProviderError;
import io.inferline.workers.provider.task.TaskAdapter;
import io.inferline.workers.provider.task.JsonTaskSteps;
import io.inferline.workers.provider.task.TaskHandle;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.workers.retry.RetryClassifier;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runway's API, where every generation is a task: {@code gen4_turbo} (VIDEO) through {@code POST
 * /v1/image_to_video}, {@code gen4_image} (IMAGE) through {@code POST /v1/text_to_image}; both answer {@code {id}},
 * then {@code GET /v1/tasks/{id}} is polled, and {@code DELETE /v1/tasks/{id}} cancels.
 *
 * <ul>
 *   <li>Headers on every call: {@code Authorization: Bearer <key>} and {@code X-Runway-Version: 2024-11-06}
 *       (the API refuses calls without a version it knows); {@code Content-Type: application/json} on creates.</li>
 *   <li>Video body: {@code model}, {@code promptImage} (the first frame, {@code input.media[0]}: its HTTPS URL, or its
 *       inline bytes as a {@code data:} URI of at most 5 MB; without one the request is refused with
 *       {@link io.inferline.workers.provider.UnsupportedRequestException} naming {@code input.media[0]}),
 *       {@code promptText} (from {@code input.prompt}, optional, at most 1,000 characters), {@code ratio} (from
 *       {@code options.size}, {@code 1280x720} or {@code 1280:720}, default {@code 1280:720}), {@code duration}
 *       (from {@code options.duration_seconds}, 2 to 10), {@code seed} (from {@code options.seed}) and
 *       {@code contentModeration.publicFigureThreshold} (from {@code options.extra["public_figure_threshold"]}).</li>
 *   <li>Image body: {@code model}, {@code promptText} (required), {@code ratio} (default {@code 1024:1024}),
 *       {@code referenceImages} (up to three, from {@code input.media}), {@code seed}, {@code contentModeration}.</li>
 *   <li>Statuses: {@code PENDING} and {@code THROTTLED} (waiting to be queued) are PENDING, {@code RUNNING} is RUNNING,
 *       {@code SUCCEEDED} succeeds with its {@code output} URLs, {@code FAILED} ends FAILED with {@code failureCode}
 *       as the code (the reason {@code failure} as the message; retryable only for {@code INTERNAL.*} codes, as
 *       the reference advises) and {@code CANCELLED} ends CANCELLED. Every running step suggests a 5 s wait: the
 *       reference says a task is not updated more often.</li>
 *   <li>Usage: a video bills the {@code SECONDS} asked for (the duration sent, kept in the task handle), an image
 *       task one {@code IMAGES} unit per output URL.</li>
 *   <li>Output URLs expire "within 24-48 hours": {@code expires_at} is the answer's time plus 24 hours. Their type
 *       comes from the URL's extension, else {@code video/mp4} or {@code image/png}.</li>
 *   <li>Errors are {@code {error}} (validation errors add {@code issues:[{path, message}]}, folded into the
 *       message); Runway has no error codes, so the code is {@code http_<status>}. 429, 502, 503 and 504 are
 *       retried, as the reference's error table says; waits come from {@code Retry-After} only.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: the create answer carries no status, so a new task starts as PENDING
 * with the provider status {@code PENDING}; the duration is always sent, 10 s when the request names none
 * (the API's own default), so what is billed is what was asked; plain {@code http:} and blob-store {@code file:}
 * images are refused before the call (Runway fetches HTTPS only, and cannot read this machine's files); the task
 * id is the upstream request id of a success. Runway has no synchronous family here: every VIDEO and IMAGE request
 * runs as a task, anything else is refused. A create answered 2xx but unreadably (no id) is an INVALID_RESPONSE that
 * is not retried: the task probably exists, and a retry would pay for a second one; an unreadable poll is retried.
 */
public final class RunwayAdapter implements TaskAdapter {

    static final String PROVIDER = "runway";
    static final String VERSION = "2024-11-06";
    /** Handle value: what the task makes ({@code video} or {@code image}). */
    static final String KIND = "kind";
    /** Handle value: the seconds of video asked for, which is what is billed. */
    static final String SECONDS = "duration_seconds";
    private static final URI BASE_URL = URI.create("https://api.dev.runwayml.com");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();

    private final JsonTaskSteps steps = new JsonTaskSteps(PROVIDER, "Runway", this::failure);

    public RunwayAdapter() {
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
        return request.getCapability() == Capability.VIDEO || request.getCapability() == Capability.IMAGE;
    }

    @Override
    public UpstreamRequest toUpstream(RoutedRequest request, ProviderEndpoint endpoint) {
        CreateBody.Creation creation = CreateBody.of(request);
        return UpstreamRequest.postJson(endpoint.resolve(creation.path()), headers(endpoint), JsonBody.bytes(creation.body()));
    }

    /** Runway runs nothing synchronously: a success here is a create answer read the wrong way. */
    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        return steps.notATask(response, now);
    }

    @Override
    public TaskStep created(RoutedRequest request, UpstreamResponse response, Instant now) {
        return steps.created(response, now, root -> {
            String id = AnswerFields.text(root, "id", "id").strip();
            if (id.isEmpty()) {
                throw new InvalidAnswerException("the answer's id is empty");
            }
            CreateBody.Kind kind = CreateBody.Kind.of(null, request.getCapability());
            TaskHandle handle = TaskHandle.of(id).with(KIND, kind.handleValue);
            if (kind == CreateBody.Kind.VIDEO) {
                handle = handle.with(SECONDS, Integer.toString(CreateBody.seconds(request)));
            }
            return new TaskStep.Running(handle, TaskState.PENDING, "PENDING", Optional.of(TaskAnswer.POLL_INTERVAL));
        });
    }

    @Override
    public UpstreamRequest poll(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        return new UpstreamRequest("GET", taskUri(task, endpoint), headers(endpoint), new byte[0]);
    }

    @Override
    public TaskStep polled(RoutedRequest request, TaskHandle task, UpstreamResponse response, Instant now) {
        CreateBody.Kind kind = CreateBody.Kind.of(task.value(KIND).orElse(null), request.getCapability());
        return steps.polled(response, now, root -> TaskAnswer.read(root, task, kind, CreateBody.seconds(request), now));
    }

    @Override
    public Optional<UpstreamRequest> cancel(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        return Optional.of(new UpstreamRequest("DELETE", taskUri(task, endpoint), headers(endpoint), new byte[0]));
    }

    private static Map<String, String> headers(ProviderEndpoint endpoint) {
        return Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal(), "X-Runway-Version", VERSION);
    }

    private static URI taskUri(TaskHandle task, ProviderEndpoint endpoint) {
        return endpoint.resolve("/v1/tasks/" + task.taskIdInPath());
    }

    private AdapterResult.Failure failure(UpstreamResponse response, Instant now) {
        return FailureResults.upstreamError(classifier().classify(response.status(), response::header, now),
                ProviderError.read(response, PROVIDER, RunwayAdapter::jsonError), Optional.empty());
    }

    // {error} with, for validation errors, issues:[{path:[...], message}]
    private static Optional<ProviderError> jsonError(JsonNode root) {
        JsonNode error = root.path("error");
        String message = error.isTextual() ? error.asText() : error.path("message").isTextual() ? error.path("message").asText() : null;
        if (message == null) {
            return Optional.empty();
        }
        JsonNode issue = root.path("issues").path(0);
        if (issue.path("message").isTextual()) {
            StringBuilder path = new StringBuilder();
            for (JsonNode part : issue.path("path")) {
                path.append(path.length() == 0 ? "" : ".").append(part.asText());
            }
            message = message + ": " + (path.length() == 0 ? "" : path + ": ") + issue.path("message").asText();
        }
        return Optional.of(new ProviderError("", message));
    }
}
