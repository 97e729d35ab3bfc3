package io.inferline.simulators.assemblyai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Handling;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimResponse;
import io.inferline.simulators.SimulatedProvider;
import io.inferline.simulators.task.SimTask;
import io.inferline.simulators.task.TaskBoard;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AssemblyAI's pre-recorded transcription: {@code POST /v2/transcript} creates a transcript (a task) from an
 * {@code audio_url}, {@code GET /v2/transcript/{id}} reports it ({@code queued}, {@code processing}, then
 * {@code completed} with {@code text} and {@code audio_duration} in seconds, or {@code error} with an {@code error}
 * message), {@code DELETE /v2/transcript/{id}} removes a finished one. The key goes in {@code Authorization} as it
 * is, without a scheme. Errors are {@code {"error": "..."}}; 429 carries {@code Retry-After}; 503 and 504 come
 * without a body, as the reference gives them none.
 *
 * <p>There is no cancel: a transcript that is still queued or processing cannot be deleted (400). Audio is not
 * fetched: the transcript is {@code simulated <model> transcript of <file name>} and the duration 5 to 60 seconds,
 * derived from the URL, so the same URL always gives the same answer.
 */
public final class AssemblyAiSimulator implements SimulatedProvider {

    static final String TRANSCRIPTS = "/v2/transcript";
    static final String LOOKUP_ERROR = "Transcript lookup error, transcript id not found";
    private static final Pattern ONE = Pattern.compile("/v2/transcript/([^/]+)");
    private static final String UNAUTHORIZED = "Authentication error, API token missing/invalid";

    private final String apiKey;
    private final Set<String> models;
    private final TaskBoard board;
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    public AssemblyAiSimulator(String apiKey, Set<String> models, long seed) {
        this.apiKey = apiKey;
        this.models = Set.copyOf(models);
        this.board = TaskBoard.wallClock("aai-sim-", seed);
    }

    @Override
    public String id() {
        return "assemblyai";
    }

    @Override
    public Optional<TaskBoard> tasks() {
        return Optional.of(board);
    }

    @Override
    public Optional<SimResponse> checkHeaders(SimRequest request) {
        String authorization = request.header("Authorization");
        // the key itself, no scheme: "Bearer <key>" is refused like a wrong key
        if (authorization == null || !authorization.strip().equals(apiKey)) {
            return Optional.of(error(401, UNAUTHORIZED, 0));
        }
        return Optional.empty();
    }

    @Override
    public Handling handle(SimRequest request) {
        try {
            if (request.path().equals(TRANSCRIPTS)) {
                if (!request.method().equals("POST")) {
                    throw new InvalidRequest(405, "Method not allowed");
                }
                return create(request);
            }
            Matcher one = ONE.matcher(request.path());
            if (!one.matches()) {
                throw new InvalidRequest(404, "Not found");
            }
            return switch (request.method()) {
                case "GET" -> status(one.group(1));
                case "DELETE" -> delete(one.group(1));
                default -> throw new InvalidRequest(405, "Method not allowed");
            };
        } catch (InvalidRequest invalid) {
            return Handling.reject(error(invalid.status(), invalid.getMessage(), 0));
        }
    }

    @Override
    public SimResponse error(int status, String message, int retryAfterSeconds) {
        if (status == 503 || status == 504) {
            return new SimResponse(status, Map.of("Content-Type", "text/plain"), new byte[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (status == 429) {
            headers.put("Retry-After", Integer.toString(retryAfterSeconds));
        }
        return SimResponse.json(status, headers, Json.write(Json.object().put("error", message)));
    }

    private Handling create(SimRequest request) {
        TranscriptRequest.Transcript transcript = TranscriptRequest.check(Json.parse(request.body()), models);
        return Handling.acceptLazily(transcript.model(), () -> {
            Map<String, String> params = new LinkedHashMap<>();
            params.put(TranscriptRequest.AUDIO_URL, transcript.audioUrl());
            params.put(TranscriptRequest.SPEECH_MODELS, String.join(",", transcript.speechModels()));
            if (transcript.languageCode() != null) {
                params.put(TranscriptRequest.LANGUAGE_CODE, transcript.languageCode());
            }
            SimTask task = board.create(transcript.model(), params);
            return ok(TranscriptRequest.render(task, board.now(), false));
        });
    }

    private Handling status(String id) {
        SimTask task = board.poll(id).orElseThrow(() -> new InvalidRequest(400, LOOKUP_ERROR));
        return Handling.accept(task.model(), ok(TranscriptRequest.render(task, board.now(), deleted.contains(id))));
    }

    // DELETE removes a finished transcript's data; it is not a cancel, so a running one is refused
    private Handling delete(String id) {
        SimTask task = board.find(id).orElseThrow(() -> new InvalidRequest(400, LOOKUP_ERROR));
        SimTask.Phase phase = task.phase(board.now());
        if (phase == SimTask.Phase.QUEUED || phase == SimTask.Phase.RUNNING) {
            throw new InvalidRequest(400, "Transcript " + id + " is still " + TranscriptRequest.statusWord(phase)
                    + " and cannot be deleted until it is completed or has failed");
        }
        deleted.add(id);
        return Handling.accept(task.model(), ok(TranscriptRequest.render(task, board.now(), true)));
    }

    private static SimResponse ok(ObjectNode transcript) {
        return new SimResponse(200, Map.of(), Json.write(transcript).getBytes(StandardCharsets.UTF_8));
    }
}
