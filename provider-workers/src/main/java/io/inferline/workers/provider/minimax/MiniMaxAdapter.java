package io.inferline.workers.provider.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Capability;
import io.inferline.avro.RoutedRequest;
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
import io.inferline.workers.retry.RetryClassifier;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * MiniMax's API: chat and speech as single calls, video as a task.
 *
 * <ul>
 *   <li>Headers: {@code Authorization: Bearer <key>}, {@code Content-Type: application/json} on POSTs.</li>
 *   <li>Chat ({@code MiniMax-M2}): {@code POST /v1/text/chatcompletion_v2}, the OpenAI shape: {@code messages} (system,
 *       user, assistant with {@code tool_calls}, tool with {@code tool_call_id}), {@code max_completion_tokens} (the
 *       reference deprecates {@code max_tokens}), {@code temperature} and {@code top_p} (the API takes (0, 1] and
 *       refuses other values itself), {@code tools}. Usage: {@code prompt_tokens}, {@code completion_tokens} (reasoning
 *       tokens included, billed as output). The text is {@code message.content}; the reasoning
 *       ({@code reasoning_content}, or a {@code <think>} block leading the content) is not part of it.</li>
 *   <li>Speech ({@code speech-02-hd}): {@code POST /v1/t2a_v2} with {@code text} (from {@code input.prompt}),
 *       {@code voice_setting.voice_id} (from {@code options.voice}, default {@value SpeechBody#DEFAULT_VOICE}),
 *       {@code audio_setting} (format from {@code options.extra["format"]}: mp3 (default), pcm, flac, wav; sample rate
 *       from {@code options.extra["sample_rate"]}, default 32 kHz; mono), {@code output_format: hex}. The hex in
 *       {@code data.audio} becomes inline bytes typed by the requested format ({@code audio/mpeg}, {@code audio/flac},
 *       {@code audio/wav}, {@code audio/L16;rate=..;channels=1}). Usage is {@code extra_info.usage_characters}
 *       {@code CHARACTERS}: what MiniMax bills for the input text; without it, the text's characters.</li>
 *   <li>Video ({@code MiniMax-Hailuo-02}) runs as a task. Create: {@code POST /v1/video_generation} with {@code prompt},
 *       {@code duration} (from {@code options.duration_seconds}, default 6), {@code resolution} (from
 *       {@code options.extra["resolution"]} or {@code options.size}, e.g. {@code 768P}; else the API's default) and
 *       {@code first_frame_image} (from {@code input.media[0]}: its http(s) URL, or its inline bytes as a
 *       {@code data:} URL), answered with {@code task_id}. Status: {@code GET /v1/query/video_generation?task_id=};
 *       {@code Preparing} and {@code Queueing} are PENDING, {@code Processing} RUNNING, {@code Fail} FAILED with the
 *       {@code base_resp} reason, and {@code Success} is still RUNNING: it carries a {@code file_id}, which goes into the
 *       handle ({@value VideoTask#FILE_ID}) with a zero poll wait, so the next poll is the file call,
 *       {@code GET /v1/files/retrieve?file_id=}, whose {@code file.download_url} is the result: a {@code video/mp4}
 *       reference (size from {@code file.bytes}) that expires 9 hours after it was fetched. Usage is the video's
 *       duration in {@code SECONDS}, the one asked for. There are no cancelled or expired states and no cancel
 *       endpoint, so {@link #cancel} is empty.</li>
 *   <li>Errors: {@code base_resp.status_code} other than 0 is a refusal even on HTTP 200; its classes are in
 *       {@link BaseResp} (e.g. 1002 RATE_LIMITED, 1004/1008/1026/1027/2013/2049 fatal, 1000/1013/1024/1033 retried).
 *       The error code reported is the status code, e.g. {@code 1002}. Other HTTP errors follow their status, with
 *       the {@code base_resp} message when the body has one. MiniMax documents no {@code Retry-After} or rate-limit
 *       headers; a {@code Retry-After} that does come is honoured.</li>
 *   <li>GroupId: the current reference ({@code api.minimax.io}, {@code api.minimaxi.com}) needs only the key; older
 *       hosts and accounts required a {@code GroupId} query parameter. When the endpoint has an {@code account_id}
 *       setting (worker setting {@code account.id}), it is sent as {@code GroupId} on every call; without one, none
 *       is sent.</li>
 * </ul>
 *
 * <p>Choices where the reference is silent: stop sequences are refused (chatcompletion_v2 documents no field for
 * them), as is a JSON output format (its {@code response_format} is a JSON schema for MiniMax-Text-01 only); the
 * seed is ignored. The upstream request id is the {@code Trace-Id} header, else the body's {@code id}
 * ({@code trace_id} for speech); for video, the task id. The international host is the default base URL; the
 * mainland host is a base URL setting.
 */
public final class MiniMaxAdapter implements TaskAdapter {

    static final String PROVIDER = "minimax";
    static final String CHAT = "/v1/text/chatcompletion_v2";
    static final String SPEECH = "/v1/t2a_v2";
    static final String VIDEO = "/v1/video_generation";
    static final String VIDEO_QUERY = "/v1/query/video_generation";
    static final String FILE_RETRIEVE = "/v1/files/retrieve";
    /** The endpoint setting sent as {@code GroupId}, for hosts that still ask for it. */
    static final String GROUP_ID_SETTING = "account_id";
    private static final URI BASE_URL = URI.create("https://api.minimax.io");
    private static final RetryClassifier CLASSIFIER = RetryClassifier.standard();

    public MiniMaxAdapter() {
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
        Capability capability = request.getCapability();
        JsonNode body;
        String path;
        if (capability == Capability.CHAT) {
            body = ChatBody.of(request);
            path = CHAT;
        } else if (capability == Capability.SPEECH) {
            body = SpeechBody.of(request).body();
            path = SPEECH;
        } else if (capability == Capability.VIDEO) {
            body = VideoTask.body(request);
            path = VIDEO;
        } else {
            throw Unsupported.capability(PROVIDER, capability, "CHAT, SPEECH, VIDEO");
        }
        return UpstreamRequest.postJson(uri(endpoint, path), auth(endpoint), JsonBody.bytes(body));
    }

    @Override
    public AdapterResult fromUpstream(RoutedRequest request, UpstreamResponse response, Instant now) {
        Optional<String> traceId = Optional.ofNullable(response.header("Trace-Id"));
        return guarded(response, traceId, () -> {
            Optional<AdapterResult.Failure> failed = callFailure(response, now, traceId);
            if (failed.isPresent()) {
                return failed.get();
            }
            JsonNode root = object(response);
            Optional<AdapterResult.Failure> refused = BaseResp.failure(root, response.status(), traceId);
            if (refused.isPresent()) {
                return refused.get();
            }
            return switch (request.getCapability()) {
                case CHAT -> ChatAnswer.read(root, traceId.or(() -> AnswerFields.optionalText(root, "id")));
                case SPEECH -> SpeechAnswer.read(root, SpeechBody.of(request), traceId);
                default -> throw new InvalidAnswerException("a " + request.getCapability()
                        + " answer is not read as one call: MiniMax video generation runs as a task");
            };
        });
    }

    @Override
    public TaskStep created(RoutedRequest request, UpstreamResponse response, Instant now) {
        return step(response, now, Optional.empty(), root -> VideoTask.created(root, response.status()));
    }

    @Override
    public UpstreamRequest poll(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        return new UpstreamRequest("GET", uri(endpoint, VideoTask.pollPath(task)), auth(endpoint), new byte[0]);
    }

    @Override
    public TaskStep polled(RoutedRequest request, TaskHandle task, UpstreamResponse response, Instant now) {
        return step(response, now, Optional.of(task.taskId()),
                root -> VideoTask.polled(root, request, task, response.status(), now));
    }

    /** None: MiniMax has no endpoint that stops a video generation task. */
    @Override
    public Optional<UpstreamRequest> cancel(RoutedRequest request, TaskHandle task, ProviderEndpoint endpoint) {
        return Optional.empty();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private TaskStep step(UpstreamResponse response, Instant now, Optional<String> taskId,
                          Function<JsonNode, TaskStep> read) {
        try {
            Optional<AdapterResult.Failure> failed = callFailure(response, now, taskId);
            if (failed.isPresent()) {
                return new TaskStep.CallFailed(failed.get());
            }
            return read.apply(object(response));
        } catch (InvalidAnswerException e) {
            return new TaskStep.CallFailed(FailureResults.invalidResponse(PROVIDER, response.status(), e.getMessage(), taskId));
        } catch (RuntimeException e) {
            return new TaskStep.CallFailed(FailureResults.invalidResponse(PROVIDER, response.status(),
                    "its answer could not be read (" + e.getClass().getSimpleName() + ")", taskId));
        }
    }

    private AdapterResult guarded(UpstreamResponse response, Optional<String> upstreamId, Supplier<AdapterResult> read) {
        try {
            return read.get();
        } catch (InvalidAnswerException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(), e.getMessage(), upstreamId);
        } catch (RuntimeException e) {
            return FailureResults.invalidResponse(PROVIDER, response.status(),
                    "its answer could not be read (" + e.getClass().getSimpleName() + ")", upstreamId);
        }
    }

    // a non-2xx answer fails by its HTTP status; the body, when it has a base_resp, gives code and message
    private Optional<AdapterResult.Failure> callFailure(UpstreamResponse response, Instant now, Optional<String> upstreamId) {
        if (response.successful()) {
            return Optional.empty();
        }
        return Optional.of(FailureResults.upstreamError(classifier().classify(response.status(), response::header, now),
                ProviderError.read(response, PROVIDER, MiniMaxAdapter::errorOf), upstreamId));
    }

    private static JsonNode object(UpstreamResponse response) {
        JsonNode root = JsonBody.parseAnswer(response.body());
        if (!root.isObject()) {
            throw new InvalidAnswerException("the body is not a JSON object");
        }
        return root;
    }

    private static Optional<ProviderError> errorOf(JsonNode root) {
        Optional<BaseResp.Status> base = BaseResp.of(root).filter(status -> !status.ok());
        if (base.isPresent()) {
            return Optional.of(BaseResp.error(base.get()));
        }
        JsonNode error = root.path("error");
        if (error.isObject() && error.path("message").isTextual()) {
            return Optional.of(new ProviderError(error.path("type").asText(error.path("code").asText("")), error.path("message").asText()));
        }
        return Optional.empty();
    }

    private static URI uri(ProviderEndpoint endpoint, String pathAndQuery) {
        String withGroup = endpoint.setting(GROUP_ID_SETTING).filter(group -> !group.isBlank())
                .map(group -> pathAndQuery + (pathAndQuery.contains("?") ? "&" : "?") + "GroupId=" + encode(group.strip()))
                .orElse(pathAndQuery);
        return endpoint.resolve(withGroup);
    }

    private static Map<String, String> auth(ProviderEndpoint endpoint) {
        return Map.of("Authorization", "Bearer " + endpoint.apiKey().reveal());
    }
}
