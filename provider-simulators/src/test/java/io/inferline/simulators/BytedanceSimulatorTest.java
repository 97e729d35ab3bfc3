package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.task.TaskTiming;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BytedanceSimulatorTest {

    private static final String CHAT = "/api/v3/chat/completions";
    private static final String IMAGES = "/api/v3/images/generations";
    private static final String TASKS = "/api/v3/contents/generations/tasks";
    private static final String CHAT_MODEL = "doubao-seed-1-6-250615";
    private static final String IMAGE_MODEL = "doubao-seedream-4-0-250828";
    private static final String VIDEO_MODEL = "doubao-seedance-1-0-pro-250528";
    private static final String HELLO = "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
    private static final String FOX = "{\"model\":\"" + VIDEO_MODEL + "\",\"content\":[{\"type\":\"text\",\"text\":\"a red fox runs\"}],"
            + "\"resolution\":\"720p\",\"ratio\":\"16:9\",\"duration\":8}";
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
        sim.taskTiming("bytedance", TaskTiming.defaults());
        sim.taskTiming("bytedance", VIDEO_MODEL, null);
    }

    private static String[] bearer() {
        return new String[] {"Authorization", "Bearer " + sim.apiKey("bytedance")};
    }

    private static HttpResponse<String> post(String path, String body) {
        return client.post("bytedance", path, body, bearer());
    }

    private static HttpResponse<String> call(String method, String path) throws Exception {
        return client.http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl("bytedance") + path)).header(bearer()[0], bearer()[1])
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> download(String url) throws Exception {
        return client.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String create(String body) {
        HttpResponse<String> response = post(TASKS, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String id = SimClient.json(response).path("id").asText();
        assertThat(id).startsWith("cgt-");
        return id;
    }

    private static List<JsonNode> pollToEnd(String id) throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = call("GET", TASKS + "/" + id);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = SimClient.json(response);
            seen.add(answer);
            String status = answer.path("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return seen;
            }
            Thread.sleep(15);
        }
        throw new AssertionError("task " + id + " did not end: " + seen.get(seen.size() - 1));
    }

    private static String status(String id) throws Exception {
        return SimClient.json(call("GET", TASKS + "/" + id)).path("status").asText();
    }

    @Test
    void chatThinksByDefaultAndCountsTheReasoningAsCompletionTokens() {
        HttpResponse<String> thinking = post(CHAT, HELLO);
        HttpResponse<String> plain = post(CHAT, HELLO.replace("]}", "],\"thinking\":{\"type\":\"disabled\"}}"));

        assertThat(thinking.statusCode()).as(thinking.body()).isEqualTo(200);
        assertThat(thinking.headers().firstValue("x-request-id")).isPresent();
        JsonNode answer = SimClient.json(thinking);
        assertThat(answer.at("/choices/0/message/content").asText()).startsWith("simulated " + CHAT_MODEL + " reply: hello there");
        assertThat(answer.at("/choices/0/message/reasoning_content").asText()).startsWith("simulated reasoning");
        long reasoning = answer.at("/usage/completion_tokens_details/reasoning_tokens").asLong();
        assertThat(reasoning).isPositive();
        assertThat(answer.at("/usage/completion_tokens").asLong()).isGreaterThan(reasoning);
        assertThat(answer.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isZero();
        JsonNode withoutThinking = SimClient.json(plain);
        assertThat(withoutThinking.at("/choices/0/message").has("reasoning_content")).isFalse();
        assertThat(withoutThinking.at("/usage/completion_tokens_details/reasoning_tokens").asLong()).isZero();
    }

    @Test
    void refusalsUseArksErrorEnvelope() throws Exception {
        assertError(client.post("bytedance", CHAT, HELLO), 401, "AuthenticationError", "Unauthorized");
        assertError(client.post("bytedance", CHAT, HELLO, "Authorization", "Bearer wrong"), 401, "AuthenticationError", "Unauthorized");
        assertError(post(CHAT, HELLO.replace(CHAT_MODEL, "doubao-pro-9")), 404, "InvalidEndpointOrModel.NotFound", "NotFound");
        assertError(post(CHAT, HELLO.replace(CHAT_MODEL, IMAGE_MODEL)), 400, "InvalidParameter", "BadRequest");
        assertError(post(CHAT, "{\"model\":\"" + CHAT_MODEL + "\"}"), 400, "MissingParameter", "BadRequest");
        assertError(post(CHAT, "[1]"), 400, "InvalidParameter", "BadRequest");
        assertError(post(CHAT, HELLO.replace("]}", "],\"thinking\":{\"type\":\"deep\"}}")), 400, "InvalidParameter", "BadRequest");
        assertError(call("GET", TASKS + "/cgt-nope"), 404, "ResourceNotFound", "NotFound");
        assertError(call("DELETE", TASKS + "/cgt-nope"), 404, "ResourceNotFound", "NotFound");
        assertError(post("/api/v3/embeddings/multimodal", HELLO), 404, "NotFound", "NotFound");
    }

    @Test
    void imagesComeAsSignedJpegUrlsOrInline() throws Exception {
        HttpResponse<String> url = post(IMAGES, "{\"model\":\"" + IMAGE_MODEL + "\",\"prompt\":\"a red fox\",\"size\":\"2K\"}");
        HttpResponse<String> inline = post(IMAGES, "{\"model\":\"" + IMAGE_MODEL + "\",\"prompt\":\"a red fox\",\"size\":\"1728x2304\","
                + "\"response_format\":\"b64_json\",\"watermark\":false}");

        assertThat(url.statusCode()).as(url.body()).isEqualTo(200);
        JsonNode answer = SimClient.json(url);
        assertThat(answer.at("/data/0/size").asText()).isEqualTo("2048x2048");
        assertThat(answer.at("/usage/generated_images").asInt()).isEqualTo(1);
        assertThat(answer.at("/usage/output_tokens").asLong()).isEqualTo(2048L * 2048 / 256);
        String imageUrl = answer.at("/data/0/url").asText();
        assertThat(imageUrl).contains(".jpeg?").contains("X-Tos-Date=").contains("X-Tos-Expires=86400");
        HttpResponse<byte[]> jpeg = download(imageUrl);
        assertThat(jpeg.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(jpeg.body()).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
        byte[] bytes = Base64.getDecoder().decode(SimClient.json(inline).at("/data/0/b64_json").asText());
        assertThat(bytes).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
        assertThat(SimClient.json(inline).at("/data/0/size").asText()).isEqualTo("1728x2304");
    }

    @Test
    void badImageRequestsAreRefused() {
        String base = "{\"model\":\"" + IMAGE_MODEL + "\",\"prompt\":\"a red fox\"";
        assertError(post(IMAGES, "{\"model\":\"" + IMAGE_MODEL + "\"}"), 400, "MissingParameter", "BadRequest");
        assertError(post(IMAGES, base + ",\"size\":\"100x100\"}"), 400, "InvalidParameter", "BadRequest");
        assertError(post(IMAGES, base + ",\"size\":\"8K\"}"), 400, "InvalidParameter", "BadRequest");
        assertError(post(IMAGES, base + ",\"response_format\":\"png\"}"), 400, "InvalidParameter", "BadRequest");
        assertError(post(IMAGES, base.replace(IMAGE_MODEL, VIDEO_MODEL) + "}"), 400, "InvalidParameter", "BadRequest");
    }

    @Test
    void aVideoTaskGoesQueuedRunningSucceeded() throws Exception {
        sim.taskTiming("bytedance", VIDEO_MODEL, TaskTiming.lasting(500, 500));

        String id = create(FOX);
        List<JsonNode> answers = pollToEnd(id);

        assertThat(answers.stream().map(a -> a.path("status").asText()).distinct()).containsExactly("queued", "running", "succeeded");
        JsonNode last = answers.get(answers.size() - 1);
        assertThat(last.path("id").asText()).isEqualTo(id);
        assertThat(last.path("model").asText()).isEqualTo(VIDEO_MODEL);
        assertThat(last.path("duration").asInt()).isEqualTo(8);
        assertThat(last.path("resolution").asText()).isEqualTo("720p");
        assertThat(last.path("error").isNull()).isTrue();
        assertThat(last.at("/usage/completion_tokens").asLong()).isEqualTo(1280L * 720 * 24 * 8 / 1024);
        HttpResponse<byte[]> video = download(last.at("/content/video_url").asText());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(new String(video.body(), 4, 4)).isEqualTo("ftyp");
        assertThat(sim.tasks("bytedance").created()).isEqualTo(1);
    }

    @Test
    void textCommandsSetParametersLeniently() throws Exception {
        sim.taskTiming("bytedance", VIDEO_MODEL, TaskTiming.lasting(20, 20));

        String id = create("{\"model\":\"" + VIDEO_MODEL + "\",\"content\":[{\"type\":\"text\",\"text\":\"a fox --dur 3 --rs 480p --fps x\"}]}");
        JsonNode last = pollToEnd(id).get(0);

        assertThat(last.path("duration").asInt()).isEqualTo(3);
        assertThat(last.path("resolution").asText()).isEqualTo("480p");
    }

    @Test
    void badCreatesAreRefusedAndCreateNothing() {
        assertError(post(TASKS, "{\"model\":\"" + VIDEO_MODEL + "\"}"), 400, "MissingParameter", "BadRequest");
        assertError(post(TASKS, FOX.replace("\"duration\":8", "\"duration\":13")), 400, "InvalidParameter", "BadRequest");
        assertError(post(TASKS, FOX.replace("16:9", "2:1")), 400, "InvalidParameter", "BadRequest");
        assertError(post(TASKS, FOX.replace("720p", "4k")), 400, "InvalidParameter", "BadRequest");
        assertError(post(TASKS, FOX.replace("\"type\":\"text\"", "\"type\":\"audio\"")), 400, "InvalidParameter", "BadRequest");
        assertError(post(TASKS, FOX.replace(VIDEO_MODEL, "doubao-seedance-9")), 404, "InvalidEndpointOrModel.NotFound", "NotFound");
        assertThat(sim.tasks("bytedance").created()).isZero();
    }

    @Test
    void aFailedTaskCarriesItsError() throws Exception {
        sim.taskTiming("bytedance", VIDEO_MODEL, TaskTiming.lasting(30, 30).withFailureRate(1.0));

        List<JsonNode> answers = pollToEnd(create(FOX));
        JsonNode failed = answers.get(answers.size() - 1);

        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.at("/error/code").asText()).isEqualTo("OutputVideoSensitiveContentDetected");
        assertThat(failed.has("content")).isFalse();
    }

    @Test
    void deleteCancelsQueuedTasksRefusesRunningOnesAndRemovesEndedOnes() throws Exception {
        sim.taskTiming("bytedance", VIDEO_MODEL, TaskTiming.lasting(10_000, 10_000));
        String queued = create(FOX);
        HttpResponse<String> cancelled = call("DELETE", TASKS + "/" + queued);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(status(queued)).isEqualTo("cancelled");
        assertError(call("DELETE", TASKS + "/" + queued), 409, "OperationDenied.InvalidState", "Conflict");
        assertThat(sim.tasks("bytedance").cancelled()).isEqualTo(1);

        sim.taskTiming("bytedance", VIDEO_MODEL, TaskTiming.lasting(1_000, 1_000));
        String running = create(FOX);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!status(running).equals("running")) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(15);
        }
        assertError(call("DELETE", TASKS + "/" + running), 409, "OperationDenied.InvalidState", "Conflict");
        List<JsonNode> answers = pollToEnd(running);
        assertThat(answers.get(answers.size() - 1).path("status").asText()).isEqualTo("succeeded");
        assertThat(call("DELETE", TASKS + "/" + running).statusCode()).isEqualTo(200);
        assertError(call("GET", TASKS + "/" + running), 404, "ResourceNotFound", "NotFound");
    }

    @Test
    void aRateLimitedCreateCreatesNoTask() {
        sim.faults("bytedance", VIDEO_MODEL, Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));

        HttpResponse<String> limited = post(TASKS, FOX);

        assertError(limited, 429, "RateLimitExceeded.EndpointRPMExceeded", "TooManyRequests");
        assertThat(limited.headers().firstValue("retry-after")).contains("2");
        assertThat(sim.tasks("bytedance").created()).isZero();
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = SimClient.json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("message").asText()).contains("Request id: ");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
    }
}
