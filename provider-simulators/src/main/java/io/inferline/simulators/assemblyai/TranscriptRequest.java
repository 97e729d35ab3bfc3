package io.inferline.simulators.assemblyai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.task.SimTask;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** What {@code POST /v2/transcript} refuses, and how a transcript looks at each point of its life. */
final class TranscriptRequest {

    static final String AUDIO_URL = "audio_url";
    static final String SPEECH_MODELS = "speech_models";
    static final String LANGUAGE_CODE = "language_code";
    static final String FAILURE = "Transcoding failed. File does not appear to contain audio (simulated).";

    /**
     * A valid create call.
     *
     * @param model the first of {@code speech_models}: the one whose faults and timing apply
     */
    record Transcript(String audioUrl, List<String> speechModels, String languageCode, String model) {
    }

    private TranscriptRequest() {
    }

    static Transcript check(JsonNode body, Set<String> models) {
        if (body == null || !body.isObject()) {
            throw bad("The request body is not a JSON object");
        }
        String audioUrl = Json.text(body, AUDIO_URL);
        if (audioUrl == null || audioUrl.isBlank()) {
            throw bad("audio_url is required and must be a string");
        }
        if (!isHttpUrl(audioUrl)) {
            throw bad("Invalid audio_url: '" + audioUrl + "' is not an http(s) URL");
        }
        if (Json.has(body, "speech_model")) {
            throw bad("The speech_model parameter has been replaced with speech_models; pass a list such as [\"universal\"]");
        }
        JsonNode list = body.get(SPEECH_MODELS);
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw bad("speech_models must be a non-empty list of speech models, one of " + new TreeSet<>(models));
        }
        List<String> speechModels = new ArrayList<>();
        for (JsonNode entry : list) {
            if (!entry.isTextual() || !models.contains(entry.asText())) {
                throw bad("Invalid speech_models value " + entry + ": supported speech models are " + new TreeSet<>(models));
            }
            speechModels.add(entry.asText());
        }
        String languageCode = null;
        if (Json.has(body, LANGUAGE_CODE)) {
            languageCode = Json.text(body, LANGUAGE_CODE);
            if (languageCode == null || languageCode.isBlank()) {
                throw bad("language_code must be a language code such as en_us");
            }
        }
        return new Transcript(audioUrl, List.copyOf(speechModels), languageCode, speechModels.get(0));
    }

    /** The transcript resource as it stands at {@code nowMs}; a deleted one keeps its status but loses its text. */
    static ObjectNode render(SimTask task, long nowMs, boolean deleted) {
        SimTask.Phase phase = task.phase(nowMs);
        ObjectNode transcript = Json.object();
        transcript.put("id", task.id());
        transcript.put("status", statusWord(phase));
        transcript.put(AUDIO_URL, deleted ? "http://deleted_by_user" : task.param(AUDIO_URL));
        transcript.putNull("speech_model");
        ArrayNode models = transcript.putArray(SPEECH_MODELS);
        for (String model : task.param(SPEECH_MODELS).split(",")) {
            models.add(model);
        }
        transcript.put(LANGUAGE_CODE, task.params().getOrDefault(LANGUAGE_CODE, "en_us"));
        transcript.put("language_model", "assemblyai_default");
        transcript.put("acoustic_model", "assemblyai_default");
        boolean completed = phase == SimTask.Phase.SUCCEEDED;
        if (completed) {
            transcript.put("speech_model_used", task.model());
            transcript.put("text", deleted ? "Deleted by user." : text(task));
            transcript.put("audio_duration", audioDurationSeconds(task.param(AUDIO_URL)));
            transcript.put("confidence", 0.93);
        } else {
            transcript.putNull("text");
            transcript.putNull("audio_duration");
            transcript.putNull("confidence");
        }
        if (phase == SimTask.Phase.FAILED || phase == SimTask.Phase.CANCELLED) {
            transcript.put("error", FAILURE);
        }
        transcript.put("webhook_auth", false);
        transcript.put("auto_highlights", false);
        transcript.put("redact_pii", false);
        transcript.put("summarization", false);
        return transcript;
    }

    static String statusWord(SimTask.Phase phase) {
        return switch (phase) {
            case QUEUED -> "queued";
            case RUNNING -> "processing";
            case SUCCEEDED -> "completed";
            // AssemblyAI has no cancel; a cancelled board task can only have failed
            case FAILED, CANCELLED -> "error";
        };
    }

    /** 5 to 60 seconds, from the URL alone. */
    static int audioDurationSeconds(String audioUrl) {
        return 5 + Math.floorMod(audioUrl.hashCode(), 56);
    }

    private static String text(SimTask task) {
        String path = URI.create(task.param(AUDIO_URL)).getPath();
        String name = path == null || path.isEmpty() ? "audio" : path.substring(path.lastIndexOf('/') + 1);
        return "simulated " + task.model() + " transcript of " + (name.isEmpty() ? "audio" : name);
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static InvalidRequest bad(String message) {
        return new InvalidRequest(400, message);
    }
}
