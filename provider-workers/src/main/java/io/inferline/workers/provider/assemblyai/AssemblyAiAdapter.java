package io.inferline.workers.provider.assemblyai;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.FailureResults;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.canonical.Unsupported;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * AssemblyAI's pre-recorded speech-to-text, which always runs as a task: {@code POST /v2/transcript} creates the
 * transcript, {@code GET /v2/transcript/{id}} is polled until it ends.
 *
 * <ul>
 *   <li>Headers: {@code Authorization: <key>}, the key itself without a scheme; {@code Content-Type: application/json}
 *       on the create call.</li>
 *   <li>Body: {@code audio_url} (from {@code input.media[0].uri}, which must be an http(s) URL), {@code speech_models}
 *       (a one-entry list, the native model id: {@code universal}, {@code slam-1}) and {@code language_code} (from
 *       {@code options.extra["language_code"]}, else left to the API). The reference replaced the singular
 *       {@code speech_model} with the {@code speech_models} priority list, and AssemblyAI now refuses the singular
 *       form, so the list is sent.</li>
 *   <li>Status words: {@code queued} (only when the account's concurrency is used up) is PENDING, {@code processing}
 *       RUNNING, {@code completed} succeeded, {@code error} FAILED with the transcript's {@code error} message (code
 *       {@value TranscriptAnswer#FAILED_CODE}). There are no cancelled or expired states. Any other word, or a
 *       completed transcript without {@code audio_duration}, is an unreadable answer: the poll is repeated.</li>
 *   <li>Result: {@code text} (null, for audio without speech, becomes an empty text); usage is {@code audio_duration}
 *       {@code SECONDS} (whole seconds in the reference; a fraction would be rounded up). The upstream request id is the
 *       transcript id.</li>
 *   <li>Errors: {@code {"error": "..."}} with the HTTP status (400 bad request or unknown transcript id, 401 bad key,
 *       429 with {@code Retry-After}, 5xx); 503 and 504 may come without a body. The error code is {@code http_<status>},
 *       as the body has none.</li>
 *   <li>No cancel: AssemblyAI has no endpoint that stops a queued or processing transcript. {@code DELETE
 *       /v2/transcript/{id}} only removes the data of a finished one, so {@link #cancel} is empty and a transcript
 *       past its deadline runs to its end upstream (and is billed).</li>
 * </ul>
 *
 * <p>Choices where the reference is silent or the contract is narrower than the API: inline audio (bytes in
 * {@code inline_data}, or a non-http URI such as a blob-store one) is refused with {@link
 * io.inferline.workers.provider.UnsupportedRequestException}. The API takes such audio only after a
 * {@code POST /v2/upload}, which would be a second call before the create; the contract has one create call, and
 * making the upload the "create" and the transcript the first "poll" would make a poll non-idempotent (a repeated
 * poll would create, and bill, a second transcript). The EU host ({@code api.eu.assemblyai.com}) is a base URL
 * setting. {@code input.prompt} and generation options are ignored; {@code options.extra} keys other than
 * {@code language_code} are refused. The poll interval is the runtime's: AssemblyAI suggests none.
 */
public final class AssemblyAiAdapter implements TaskAdapter {

    static final String PROVIDER = "assemblyai";
    private static final URI BASE_URL = URI.create("https://api.assemblyai.com");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();
    private static final String TRANSCRIPTS = "/v2/transcript";

    public AssemblyAiAdapter() {
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
        return true;
    }

    @Override
    public UpstreamRequest toUpstream(RoutedRequest request, ProviderEndpoint endpoint) {
        if (request.getCapability() != Capability.TRANSCRIPTION) {
            throw Unsupported.capability(PROVIDER, request.getCapability(), "TRANSCRIPTION");
        }
        return UpstreamRequest.postJson(endpoint.resolve(TRANSCRIPTS), auth(endpoint), JsonBody.bytes(TranscriptBody.of(request)));
    }

    @Override
    public TaskStep created(RoutedRequest request, UpstreamResponse response, Instant now) {
        return read(response, null, now);
    }

    @Override
    public UpstreamRequest poll(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        URI uri = endpoint.resolve(TRANSCRIPTS + "/" + URLEncoder.encode(task.taskId(), StandardCharsets.UTF_8));
        return new UpstreamRequest("GET", uri, auth(endpoint), new byte[0]);
    }

    @Override
    public TaskStep polled(RoutedRequest request, TaskHandle task, UpstreamResponse response, Instant now) {
        return read(response, task, now);
    }

    /** None: AssemblyAI cannot stop a running transcript (DELETE only removes a finished one). */
    @Override
    public Optional<UpstreamRequest> cancel(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        return Optional.empty();
    }

    /**
     * Reads a transcript answer outside the task flow (the runtime sends every AssemblyAI request through
     * {@link #created}): a completed transcript is its result, anything still running an invalid answer.
     */
    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        TaskStep step = read(response, null, now);
        if (step instanceof TaskStep.Succeeded succeeded) {
            return succeeded.result();
        }
        if (step instanceof TaskStep.CallFailed failed) {
            return failed.failure();
        }
        if (step instanceof TaskStep.Running running) {
            return FailureResults.invalidResponse(PROVIDER, response.status(), "the transcript is still " + running.providerStatus()
                    + ": AssemblyAI transcription runs as a task", Optional.of(running.handle().taskId()));
        }
        TaskStep.Ended ended = (TaskStep.Ended) step;
        return new AdapterResult.Failure(new UpstreamFailure(FailureKind.FATAL, Optional.of(response.status()), Optional.empty(),
                "the transcription failed"), AttemptOutcome.FATAL_ERROR, ended.error().getCode(), ended.error().getMessage(),
                Optional.empty());
    }

    private TaskStep read(UpstreamResponse response, TaskHandle task, Instant now) {
        Optional<String> id = task == null ? Optional.empty() : Optional.of(task.taskId());
        try {
            if (!response.successful()) {
                return new TaskStep.CallFailed(FailureResults.upstreamError(classifier().classify(response.status(), response::header, now),
                        ProviderError.read(response, PROVIDER, AssemblyAiAdapter::errorOf), id));
            }
            JsonNode root = JsonBody.parseAnswer(response.body());
            if (!root.isObject()) {
                throw new InvalidAnswerException("the body is not a JSON object");
            }
            return TranscriptAnswer.step(root, task, response.status());
        } catch (InvalidAnswerException e) {
            return new TaskStep.CallFailed(FailureResults.invalidResponse(PROVIDER, response.status(), e.getMessage(), id));
        } catch (RuntimeException e) {
            return new TaskStep.CallFailed(FailureResults.invalidResponse(PROVIDER, response.status(),
                    "its answer could not be read (" + e.getClass().getSimpleName() + ")", id));
        }
    }

    private static Map<String, String> auth(ProviderEndpoint endpoint) {
        return Map.of("Authorization", endpoint.apiKey().reveal());
    }

    // {"error": "..."}; the body carries no code of its own
    private static Optional<ProviderError> errorOf(JsonNode root) {
        JsonNode error = root.path("error");
        if (error.isTextual()) {
            return Optional.of(new ProviderError("", error.asText()));
        }
        if (error.isObject() && error.path("message").isTextual()) {
            return Optional.of(new ProviderError(error.path("code").asText(""), error.path("message").asText()));
        }
        return Optional.empty();
    }
}
