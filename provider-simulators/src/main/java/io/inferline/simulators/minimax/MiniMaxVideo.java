package io.inferline.simulators.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Json;
import io.inferline.simulators.SimRequest;
import io.inferline.simulators.SimResponse;
import io.inferline.simulators.SimulatedMedia;
import io.inferline.simulators.task.SimTask;
import io.inferline.simulators.task.TaskBoard;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Video generation as MiniMax runs it: create ({@code task_id}), query ({@code Preparing}, {@code Queueing},
 * {@code Processing}, then {@code Success} with a {@code file_id}, or {@code Fail}), then retrieve the file for its
 * {@code download_url}. For MiniMax-Hailuo-02: a prompt of at most 2,000 characters (or a first frame), a duration
 * of 6 or 10 seconds (default 6), a resolution of 512P, 768P or 1080P (default 768P; 1080P only for 6 seconds).
 * A failed task reports {@code Fail} with a {@code base_resp} saying why (1027, the output was judged sensitive).
 */
final class MiniMaxVideo {

    static final int MAX_PROMPT_CHARS = 2000;
    static final String FAILURE = "output new_sensitive: the generated video did not pass the content check (simulated)";
    private static final Set<String> RESOLUTIONS = Set.of("512P", "768P", "1080P");
    private static final Map<String, int[]> DIMENSIONS = Map.of("512P", new int[] {912, 512}, "768P", new int[] {1366, 768},
            "1080P", new int[] {1920, 1080});

    /** A valid create call, read. */
    record Generation(String prompt, int durationSeconds, String resolution) {
    }

    /** A status or file answer, and the model whose faults apply to it. */
    record Answer(String model, ObjectNode body) {
    }

    private final TaskBoard board;
    // MiniMax file ids are numbers; each succeeded task gets one the first time it is reported
    private final AtomicLong fileIds = new AtomicLong(300_000_000_000_000L);
    private final ConcurrentHashMap<String, Long> fileOfTask = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, String> taskOfFile = new ConcurrentHashMap<>();

    MiniMaxVideo(TaskBoard board) {
        this.board = board;
    }

    TaskBoard board() {
        return board;
    }

    static Generation check(JsonNode body) {
        String prompt = Json.has(body, "prompt") ? Json.text(body, "prompt") : null;
        if (Json.has(body, "prompt") && prompt == null) {
            throw Refusal.invalid("prompt must be a string");
        }
        String firstFrame = null;
        if (Json.has(body, "first_frame_image")) {
            firstFrame = Json.text(body, "first_frame_image");
            if (firstFrame == null || !(firstFrame.startsWith("http://") || firstFrame.startsWith("https://")
                    || firstFrame.startsWith("data:image/"))) {
                throw Refusal.invalid("first_frame_image must be a public URL or a data:image/...;base64 URL");
            }
        }
        if ((prompt == null || prompt.isBlank()) && firstFrame == null) {
            throw Refusal.invalid("prompt is required when there is no first_frame_image");
        }
        if (prompt != null && prompt.codePointCount(0, prompt.length()) > MAX_PROMPT_CHARS) {
            throw Refusal.invalid("prompt must be at most " + MAX_PROMPT_CHARS + " characters");
        }
        int duration = 6;
        if (Json.has(body, "duration")) {
            JsonNode value = body.get("duration");
            if (!value.canConvertToExactIntegral() || (value.asInt() != 6 && value.asInt() != 10)) {
                throw Refusal.invalid("duration must be 6 or 10");
            }
            duration = value.asInt();
        }
        String resolution = "768P";
        if (Json.has(body, "resolution")) {
            resolution = Json.text(body, "resolution");
            if (resolution == null || !RESOLUTIONS.contains(resolution.toUpperCase(Locale.ROOT))) {
                throw Refusal.invalid("resolution must be one of " + RESOLUTIONS);
            }
            resolution = resolution.toUpperCase(Locale.ROOT);
        }
        if (resolution.equals("1080P") && duration != 6) {
            throw Refusal.invalid("1080P supports only a duration of 6 seconds");
        }
        return new Generation(prompt == null ? "" : prompt, duration, resolution);
    }

    ObjectNode create(String model, Generation generation) {
        SimTask task = board.create(model, Map.of("prompt", generation.prompt(),
                "duration", Integer.toString(generation.durationSeconds()), "resolution", generation.resolution()));
        ObjectNode answer = Json.object().put("task_id", task.id());
        return MiniMaxSimulator.baseResp(answer, 0, "success");
    }

    Answer query(String taskId) {
        SimTask task = board.poll(taskId).orElseThrow(() -> Refusal.invalid("task " + taskId + " not found"));
        long now = board.now();
        ObjectNode answer = Json.object().put("task_id", task.id());
        switch (task.phase(now)) {
            case QUEUED -> answer.put("status", task.progressPercent(now) < 10 ? "Preparing" : "Queueing");
            case RUNNING -> answer.put("status", "Processing");
            case SUCCEEDED -> {
                int[] size = DIMENSIONS.get(task.param("resolution"));
                answer.put("status", "Success").put("file_id", Long.toString(fileOf(task)))
                        .put("video_width", size[0]).put("video_height", size[1]);
            }
            // no cancel in MiniMax's API; a cancelled board task can only have failed
            case FAILED, CANCELLED -> {
                answer.put("status", "Fail");
                return new Answer(task.model(), MiniMaxSimulator.baseResp(answer, 1027, FAILURE));
            }
        }
        return new Answer(task.model(), MiniMaxSimulator.baseResp(answer, 0, "success"));
    }

    Answer retrieve(String fileIdText, SimRequest request) {
        long fileId;
        try {
            fileId = Long.parseLong(fileIdText);
        } catch (NumberFormatException e) {
            throw Refusal.invalid("file_id must be an integer");
        }
        String taskId = taskOfFile.get(fileId);
        SimTask task = taskId == null ? null : board.find(taskId).orElse(null);
        if (task == null) {
            throw Refusal.invalid("file " + fileId + " not found");
        }
        ObjectNode answer = Json.object();
        ObjectNode file = answer.putObject("file");
        file.put("file_id", fileId);
        file.put("bytes", SimulatedMedia.video(task.id()).length);
        file.put("created_at", task.endsAtMs() / 1000);
        file.put("filename", "output.mp4");
        file.put("purpose", "video_generation");
        file.put("download_url", SimulatedMedia.fileUrl(request, "minimax", task.id() + ".mp4"));
        return new Answer(task.model(), MiniMaxSimulator.baseResp(answer, 0, "success"));
    }

    /** {@code <task id>.mp4} of a succeeded task, as the CDN serves it. */
    SimResponse download(String name) {
        String taskId = name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : null;
        SimTask task = taskId == null ? null : board.find(taskId).orElse(null);
        if (task == null || task.phase(board.now()) != SimTask.Phase.SUCCEEDED) {
            return new SimResponse(404, Map.of("Content-Type", "text/plain"), "Not Found".getBytes(StandardCharsets.UTF_8));
        }
        return new SimResponse(200, Map.of("Content-Type", "video/mp4"), SimulatedMedia.video(task.id()));
    }

    private long fileOf(SimTask task) {
        return fileOfTask.computeIfAbsent(task.id(), id -> {
            long fileId = fileIds.incrementAndGet();
            taskOfFile.put(fileId, id);
            return fileId;
        });
    }
}
