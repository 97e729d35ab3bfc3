package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.task.TaskTiming;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlibabaSimulatorTest {

    private static final String CHAT = "/compatible-mode/v1/chat/completions";
    private static final String IMAGE = "/api/v1/services/aigc/text2image/image-synthesis";
    private static final String VIDEO = "/api/v1/services/aigc/video-generation/video-synthesis";
    private static final String IMAGE_MODEL = "wan2.2-t2i-flash";
    private static final String VIDEO_MODEL = "wan2.2-t2v-plus";
    private static final String FOX_IMAGE = "{\"model\":\"wan2.2-t2i-flash\",\"input\":{\"prompt\":\"a red fox\"},\"parameters\":{\"size\":\"1024*1024\",\"n\":2}}";
    private static final String FOX_VIDEO = "{\"model\":\"wan2.2-t2v-plus\",\"input\":{\"prompt\":\"a red fox runs\"},\"parameters\":{\"size\":\"832*480\"}}";
    private static ProviderSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults());
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void healthy() {
        sim.clearFaults();
        sim.resetStats();
        sim.taskTiming("alibaba", TaskTiming.defaults());
        sim.taskTiming("alibaba", IMAGE_MODEL, null);
        sim.taskTiming("alibaba", VIDEO_MODEL, null);
    }

    private static String[] bearer() {
        return new String[] {"Authorization", "Bearer " + sim.apiKey("alibaba")};
    }

    private static String[] async() {
        return new String[] {"Authorization", "Bearer " + sim.apiKey("alibaba"), "X-DashScope-Async", "enable"};
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl("alibaba") + path)).header(bearer()[0], bearer()[1])
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> download(String url) throws Exception {
        return client.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String create(String path, String body) {
        HttpResponse<String> response = client.post("alibaba", path, body, async());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = SimClient.json(response);
        assertThat(answer.path("output").path("task_status").asText()).isEqualTo("PENDING");
        assertThat(answer.path("request_id").asText()).isNotBlank();
        return answer.path("output").path("task_id").asText();
    }

    /** Polls until a terminal status, returning every status answer seen. */
    private static List<JsonNode> pollToEnd(String taskId) throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get("/api/v1/tasks/" + taskId);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = SimClient.json(response);
            seen.add(answer);
            String status = answer.path("output").path("task_status").asText();
            if (!status.equals("PENDING") && !status.equals("RUNNING")) {
                return seen;
            }
            Thread.sleep(15);
        }
        throw new AssertionError("task " + taskId + " did not end: " + seen.get(seen.size() - 1));
    }

    private static List<String> statuses(List<JsonNode> answers) {
        return answers.stream().map(a -> a.path("output").path("task_status").asText()).distinct().toList();
    }

    @Test
    void chatAnswersInTheOpenAiShapeAndReportsCachedTokensOnlyForLongPrompts() {
        HttpResponse<String> shortPrompt = client.post("alibaba", CHAT,
                "{\"model\":\"qwen-plus\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}],\"max_tokens\":50}", bearer());
        HttpResponse<String> longPrompt = client.post("alibaba", CHAT,
                "{\"model\":\"qwen-max\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000) + "\"}]}", bearer());

        assertThat(shortPrompt.statusCode()).as(shortPrompt.body()).isEqualTo(200);
        JsonNode answer = SimClient.json(shortPrompt);
        assertThat(answer.at("/choices/0/message/content").asText()).startsWith("simulated qwen-plus reply: hello there");
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.path("id").asText()).startsWith("chatcmpl-");
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(answer.path("usage").has("prompt_tokens_details")).isFalse();
        assertThat(SimClient.json(longPrompt).at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(625);
    }

    @Test
    void chatRefusalsUseTheCompatibleErrorShape() {
        String hello = "{\"model\":\"qwen-plus\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertCompatible(client.post("alibaba", CHAT, hello), 401, "invalid_api_key");
        assertCompatible(client.post("alibaba", CHAT, hello, "Authorization", "Bearer sk-wrong"), 401, "invalid_api_key");
        assertCompatible(client.post("alibaba", CHAT, hello.replace("qwen-plus", "qwen-ultra"), bearer()), 404, "model_not_found");
        assertCompatible(client.post("alibaba", CHAT, hello.replace("qwen-plus", IMAGE_MODEL), bearer()), 404, "model_not_found");
        assertCompatible(client.post("alibaba", CHAT, "{{", bearer()), 400, "invalid_parameter_error");
        assertCompatible(client.post("alibaba", CHAT, "{\"model\":\"qwen-plus\"}", bearer()), 400, "invalid_parameter_error");
        HttpResponse<String> thinking = client.post("alibaba", CHAT, hello.replace("}]}", "}],\"enable_thinking\":true}"), bearer());
        assertCompatible(thinking, 400, "invalid_parameter_error");
        assertThat(thinking.body()).contains("enable_thinking must be set to false for non-streaming calls");
    }

    @Test
    void createWithoutTheAsyncHeaderIsRefusedAndCreatesNothing() {
        HttpResponse<String> image = client.post("alibaba", IMAGE, FOX_IMAGE, bearer());
        HttpResponse<String> video = client.post("alibaba", VIDEO, FOX_VIDEO, "Authorization", "Bearer " + sim.apiKey("alibaba"),
                "X-DashScope-Async", "disable");

        for (HttpResponse<String> response : List.of(image, video)) {
            assertNative(response, 403, "AccessDenied");
            assertThat(SimClient.json(response).path("message").asText()).isEqualTo("current user api does not support synchronous calls");
        }
        assertThat(sim.tasks("alibaba").created()).isZero();
    }

    @Test
    void nativeRefusalsUseTheNativeErrorShape() throws Exception {
        assertNative(client.post("alibaba", IMAGE, FOX_IMAGE, "X-DashScope-Async", "enable"), 401, "InvalidApiKey");
        assertNative(client.post("alibaba", IMAGE, FOX_IMAGE, "Authorization", "Bearer nope", "X-DashScope-Async", "enable"), 401, "InvalidApiKey");
        assertNative(client.post("alibaba", IMAGE, FOX_IMAGE.replace(IMAGE_MODEL, "wan9-t2i"), async()), 400, "InvalidParameter");
        HttpResponse<String> wrongPath = client.post("alibaba", IMAGE, FOX_VIDEO, async());
        assertNative(wrongPath, 400, "InvalidParameter");
        assertThat(wrongPath.body()).contains("url error");
        assertNative(client.post("alibaba", IMAGE, "{\"model\":\"wan2.2-t2i-flash\"}", async()), 400, "BadRequest.EmptyInput");
        assertNative(client.post("alibaba", IMAGE, "{\"input\":{\"prompt\":\"a\"}}", async()), 400, "BadRequest.EmptyModel");
        assertNative(client.post("alibaba", IMAGE, FOX_IMAGE.replace("1024*1024", "2048*2048"), async()), 400, "InvalidParameter");
        assertNative(client.post("alibaba", IMAGE, FOX_IMAGE.replace("\"n\":2", "\"n\":5"), async()), 400, "InvalidParameter");
        assertNative(client.post("alibaba", VIDEO, FOX_VIDEO.replace("}}", ",\"duration\":10}}"), async()), 400, "InvalidParameter");
        assertNative(client.post("alibaba", VIDEO, FOX_VIDEO.replace("832*480", "1280*720"), async()), 400, "InvalidParameter");
        assertNative(client.post("alibaba", "/api/v1/services/aigc/unknown", FOX_IMAGE, async()), 400, "InvalidURL");
        assertNative(get("/api/v1/tasks"), 400, "InvalidURL");
        assertThat(sim.tasks("alibaba").created()).isZero();
    }

    @Test
    void anImageTaskGoesPendingRunningSucceededAndItsImagesDownload() throws Exception {
        sim.taskTiming("alibaba", IMAGE_MODEL, TaskTiming.lasting(500, 500));

        String taskId = create(IMAGE, FOX_IMAGE);
        List<JsonNode> answers = pollToEnd(taskId);

        assertThat(statuses(answers)).containsExactly("PENDING", "RUNNING", "SUCCEEDED");
        JsonNode output = answers.get(answers.size() - 1).path("output");
        assertThat(output.path("task_id").asText()).isEqualTo(taskId);
        assertThat(output.path("end_time").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
        assertThat(output.path("results")).hasSize(2);
        assertThat(output.at("/task_metrics/SUCCEEDED").asInt()).isEqualTo(2);
        assertThat(answers.get(answers.size() - 1).at("/usage/image_count").asInt()).isEqualTo(2);
        String url = output.at("/results/0/url").asText();
        assertThat(url).startsWith(sim.baseUrl("alibaba") + "/files/").contains(".png?Expires=");
        HttpResponse<byte[]> png = download(url);
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(png.body()).startsWith(SimulatedMedia.PNG[0], SimulatedMedia.PNG[1], SimulatedMedia.PNG[2]);
        assertThat(sim.tasks("alibaba").created()).isEqualTo(1);
        assertThat(sim.tasks("alibaba").polls()).isEqualTo(answers.size());
    }

    @Test
    void aVideoTaskSucceedsWithItsUrlAndDuration() throws Exception {
        sim.taskTiming("alibaba", VIDEO_MODEL, TaskTiming.lasting(200, 200));

        List<JsonNode> answers = pollToEnd(create(VIDEO, FOX_VIDEO));

        JsonNode last = answers.get(answers.size() - 1);
        assertThat(last.at("/output/task_status").asText()).isEqualTo("SUCCEEDED");
        assertThat(last.at("/usage/video_duration").asInt()).isEqualTo(5);
        assertThat(last.at("/usage/video_ratio").asText()).isEqualTo("832*480");
        HttpResponse<byte[]> video = download(last.at("/output/video_url").asText());
        assertThat(video.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat(new String(video.body(), 4, 4)).isEqualTo("ftyp");
    }

    @Test
    void aFailedTaskCarriesCodeAndMessageAndNoResults() throws Exception {
        sim.taskTiming("alibaba", IMAGE_MODEL, TaskTiming.lasting(50, 50).withFailureRate(1.0));

        List<JsonNode> answers = pollToEnd(create(IMAGE, FOX_IMAGE));
        JsonNode last = answers.get(answers.size() - 1);

        assertThat(last.at("/output/task_status").asText()).isEqualTo("FAILED");
        assertThat(last.at("/output/code").asText()).isEqualTo("InternalError.Algo");
        assertThat(last.at("/output/message").asText()).isNotBlank();
        assertThat(last.path("output").has("results")).isFalse();
        assertThat(last.has("usage")).isFalse();
    }

    @Test
    void anUnknownTaskIdIsAnsweredUnknownWithHttp200() throws Exception {
        HttpResponse<String> response = get("/api/v1/tasks/no-such-task");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimClient.json(response).at("/output/task_status").asText()).isEqualTo("UNKNOWN");
        assertThat(sim.tasks("alibaba").polls()).isZero();
    }

    @Test
    void onlyPendingTasksCanBeCancelled() throws Exception {
        sim.taskTiming("alibaba", VIDEO_MODEL, TaskTiming.lasting(10_000, 10_000));
        String pending = create(VIDEO, FOX_VIDEO);

        HttpResponse<String> cancelled = client.post("alibaba", "/api/v1/tasks/" + pending + "/cancel", "", bearer());

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(SimClient.json(cancelled).path("request_id").asText()).isNotBlank();
        assertThat(pollToEnd(pending).get(0).at("/output/task_status").asText()).isEqualTo("CANCELED");
        assertThat(sim.tasks("alibaba").cancelled()).isEqualTo(1);

        sim.taskTiming("alibaba", VIDEO_MODEL, TaskTiming.lasting(2_000, 2_000));
        String running = create(VIDEO, FOX_VIDEO);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!SimClient.json(get("/api/v1/tasks/" + running)).at("/output/task_status").asText().equals("RUNNING")) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(15);
        }
        assertNative(client.post("alibaba", "/api/v1/tasks/" + running + "/cancel", "", bearer()), 400, "UnsupportedOperation");
        assertNative(client.post("alibaba", "/api/v1/tasks/no-such-task/cancel", "", bearer()), 400, "UnsupportedOperation");
        assertThat(sim.tasks("alibaba").cancelled()).isEqualTo(1);
    }

    @Test
    void aRefusedCreateCreatesNoTaskAndFaultsCarryBothErrorShapes() {
        sim.faults("alibaba", IMAGE_MODEL, Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(3));

        HttpResponse<String> limited = client.post("alibaba", IMAGE, FOX_IMAGE, async());

        assertNative(limited, 429, "Throttling.RateQuota");
        assertThat(SimClient.json(limited).at("/error/code").asText()).isEqualTo("Throttling.RateQuota");
        assertThat(limited.headers().firstValue("retry-after")).contains("3");
        assertThat(sim.tasks("alibaba").created()).isZero();
    }

    @Test
    void resultFilesOfUnknownTasksAreMissing() throws Exception {
        assertThat(download(sim.baseUrl("alibaba") + "/files/nothing-0.png").statusCode()).isEqualTo(404);
    }

    private static void assertNative(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = SimClient.json(response);
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("request_id").asText()).isNotBlank();
    }

    private static void assertCompatible(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = SimClient.json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isNotBlank();
    }
}
