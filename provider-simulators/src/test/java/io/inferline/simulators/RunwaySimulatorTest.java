package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.task.TaskTiming;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunwaySimulatorTest {

    private static final String VIDEO = "/v1/image_to_video";
    private static final String IMAGE = "/v1/text_to_image";
    private static final String PNG_URI = "data:image/png;base64," + Base64.getEncoder().encodeToString(SimulatedMedia.PNG);
    private static final String FOX_VIDEO = "{\"model\":\"gen4_turbo\",\"promptImage\":\"" + PNG_URI + "\",\"promptText\":\"a red fox\","
            + "\"ratio\":\"1280:720\",\"duration\":5}";
    private static final String FOX_IMAGE = "{\"model\":\"gen4_image\",\"promptText\":\"a red fox\",\"ratio\":\"1920:1080\"}";
    private static final List<String> ORDER = List.of("THROTTLED", "PENDING", "RUNNING", "SUCCEEDED");
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
        sim.taskTiming("runway", TaskTiming.lasting(400, 400));
    }

    private static String[] headers() {
        return new String[] {"Authorization", "Bearer " + sim.apiKey("runway"), "X-Runway-Version", "2024-11-06"};
    }

    private static HttpResponse<String> post(String path, String body) {
        return client.post("runway", path, body, headers());
    }

    private static HttpResponse<String> call(String method, String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sim.baseUrl("runway") + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            return client.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String create(String path, String body) {
        HttpResponse<String> created = post(path, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return SimClient.json(created).get("id").asText();
    }

    /** Polls until the task ends, returning every status seen in order (repeats collapsed) and the last answer. */
    private static List<String> pollUntilDone(String id, JsonNode[] last) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> polled = call("GET", "/v1/tasks/" + id, headers());
            assertThat(polled.statusCode()).as(polled.body()).isEqualTo(200);
            JsonNode task = SimClient.json(polled);
            String status = task.get("status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            last[0] = task;
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status)) {
                return seen;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("task " + id + " did not end; saw " + seen);
    }

    @Test
    void imageToVideoRunsThenSucceedsWithADownloadableVideo() throws Exception {
        sim.taskTiming("runway", TaskTiming.lasting(3_000, 3_000));
        String id = create(VIDEO, FOX_VIDEO);
        JsonNode[] last = new JsonNode[1];

        List<String> seen = pollUntilDone(id, last);

        assertThat(ORDER).containsSubsequence(seen);
        assertThat(seen).containsSubsequence("RUNNING", "SUCCEEDED");
        assertThat(last[0].get("id").asText()).isEqualTo(id);
        assertThat(last[0].get("createdAt").asText()).endsWith("Z");
        String url = last[0].get("output").get(0).asText();
        assertThat(url).startsWith(sim.baseUrl("runway") + "/files/").endsWith(".mp4");
        HttpResponse<byte[]> video = client.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(video.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat(new String(video.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(sim.tasks("runway").created()).isEqualTo(1);
        assertThat(sim.tasks("runway").polls()).isGreaterThanOrEqualTo(seen.size());
    }

    @Test
    void aQueuedTaskIsThrottledFirstThenPending() throws Exception {
        sim.taskTiming("runway", TaskTiming.lasting(20_000, 20_000));
        String id = create(VIDEO, FOX_VIDEO);

        assertThat(SimClient.json(call("GET", "/v1/tasks/" + id, headers())).get("status").asText()).isEqualTo("THROTTLED");
        String status;
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        do {
            Thread.sleep(50);
            status = SimClient.json(call("GET", "/v1/tasks/" + id, headers())).get("status").asText();
        } while (status.equals("THROTTLED") && System.nanoTime() < deadline);
        assertThat(status).isEqualTo("PENDING");
        call("DELETE", "/v1/tasks/" + id, headers());
    }

    @Test
    void runningTasksReportProgressBetweenZeroAndOne() throws Exception {
        sim.taskTiming("runway", TaskTiming.lasting(2_000, 2_000));
        String id = create(VIDEO, FOX_VIDEO);
        JsonNode task;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        do {
            Thread.sleep(20);
            task = SimClient.json(call("GET", "/v1/tasks/" + id, headers()));
        } while (!task.get("status").asText().equals("RUNNING") && System.nanoTime() < deadline);

        assertThat(task.get("status").asText()).isEqualTo("RUNNING");
        assertThat(task.get("progress").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void textToImageIsATaskWhoseOutputIsAPng() throws Exception {
        String id = create(IMAGE, FOX_IMAGE);
        JsonNode[] last = new JsonNode[1];

        assertThat(pollUntilDone(id, last)).last().isEqualTo("SUCCEEDED");
        String url = last[0].get("output").get(0).asText();
        assertThat(url).endsWith(".png");
        HttpResponse<byte[]> image = client.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(image.body()).isEqualTo(SimulatedMedia.PNG);
    }

    @Test
    void failedTasksCarryAReasonAndAFailureCode() throws Exception {
        sim.taskTiming("runway", TaskTiming.lasting(50, 50).withFailureRate(1.0));
        String id = create(VIDEO, FOX_VIDEO);
        JsonNode[] last = new JsonNode[1];

        assertThat(pollUntilDone(id, last)).last().isEqualTo("FAILED");
        assertThat(last[0].get("failure").asText()).isNotBlank();
        assertThat(last[0].get("failureCode").asText()).startsWith("INTERNAL.");
        assertThat(last[0].has("output")).isFalse();
    }

    @Test
    void deleteCancelsARunningTaskAndDeletesAnEndedOne() throws Exception {
        sim.taskTiming("runway", TaskTiming.lasting(60_000, 60_000));
        String running = create(VIDEO, FOX_VIDEO);

        HttpResponse<String> cancelled = call("DELETE", "/v1/tasks/" + running, headers());

        assertThat(cancelled.statusCode()).isEqualTo(204);
        assertThat(cancelled.body()).isEmpty();
        assertThat(SimClient.json(call("GET", "/v1/tasks/" + running, headers())).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(sim.tasks("runway").cancelled()).isEqualTo(1);

        // a cancelled task has ended: deleting it again removes it
        assertThat(call("DELETE", "/v1/tasks/" + running, headers()).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/v1/tasks/" + running, headers()).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownTasksAre404OnGetAndDelete() {
        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> response = call(method, "/v1/tasks/no-such-task", headers());
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(SimClient.json(response).get("error").asText()).isEqualTo("Task not found");
        }
    }

    @Test
    void theKeyAndTheVersionHeaderAreRequired() {
        HttpResponse<String> noKey = client.post("runway", VIDEO, FOX_VIDEO, "X-Runway-Version", "2024-11-06");
        HttpResponse<String> wrongKey = client.post("runway", VIDEO, FOX_VIDEO, "Authorization", "Bearer nope", "X-Runway-Version", "2024-11-06");
        HttpResponse<String> noVersion = client.post("runway", VIDEO, FOX_VIDEO, "Authorization", "Bearer " + sim.apiKey("runway"));
        HttpResponse<String> oldVersion = client.post("runway", VIDEO, FOX_VIDEO, "Authorization", "Bearer " + sim.apiKey("runway"),
                "X-Runway-Version", "2023-01-01");
        HttpResponse<String> pollWithoutVersion = call("GET", "/v1/tasks/any", "Authorization", "Bearer " + sim.apiKey("runway"));

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(SimClient.json(wrongKey).get("error").asText()).isNotBlank();
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(noVersion).get("error").asText()).contains("X-Runway-Version");
        assertThat(oldVersion.statusCode()).isEqualTo(400);
        assertThat(pollWithoutVersion.statusCode()).isEqualTo(400);
        assertThat(sim.tasks("runway").created()).isZero();
    }

    @Test
    void badBodiesAndUnknownModelsAre400NamingTheField() {
        assertInvalid(post(VIDEO, "{{"), null);
        assertInvalid(post(VIDEO, "{\"model\":\"gen4_turbo\",\"ratio\":\"1280:720\"}"), "promptImage");
        assertInvalid(post(VIDEO, "{\"model\":\"gen4_turbo\",\"promptImage\":\"http://example.com/a.png\",\"ratio\":\"1280:720\"}"), "promptImage");
        assertInvalid(post(VIDEO, "{\"model\":\"gen4_turbo\",\"promptImage\":\"" + PNG_URI + "\",\"ratio\":\"1024:1024\"}"), "ratio");
        assertInvalid(post(VIDEO, "{\"model\":\"gen4_turbo\",\"promptImage\":\"" + PNG_URI + "\"}"), "ratio");
        assertInvalid(post(VIDEO, FOX_VIDEO.replace("\"duration\":5", "\"duration\":11")), "duration");
        assertInvalid(post(VIDEO, FOX_VIDEO.replace("gen4_turbo", "gen3a_turbo")), "model");
        assertInvalid(post(VIDEO, FOX_VIDEO.replace("gen4_turbo", "gen4_image")), "model");
        assertInvalid(post(VIDEO, FOX_VIDEO.replace("a red fox", "x".repeat(1001))), "promptText");
        assertInvalid(post(IMAGE, "{\"model\":\"gen4_image\",\"ratio\":\"1920:1080\"}"), "promptText");
        assertInvalid(post(IMAGE, FOX_IMAGE.replace("gen4_image", "gen4_turbo")), "model");
        assertInvalid(post(IMAGE, FOX_IMAGE.replace("}", ",\"seed\":-1}")), "seed");
        assertThat(sim.tasks("runway").created()).isZero();
    }

    @Test
    void aRateLimitedCreateCreatesNothing() {
        sim.faults("runway", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(3));

        HttpResponse<String> limited = post(VIDEO, FOX_VIDEO);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).contains("3");
        assertThat(SimClient.json(limited).get("error").asText()).isNotBlank();
        assertThat(sim.tasks("runway").created()).isZero();
    }

    private static void assertInvalid(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("error").asText()).isNotBlank();
        if (field != null) {
            assertThat(body.get("issues").get(0).get("path").get(0).asText()).isEqualTo(field);
        }
    }
}
