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

class ViduSimulatorTest {

    private static final String TEXT = "/ent/v2/text2video";
    private static final String IMAGE = "/ent/v2/img2video";
    private static final String PNG_URI = "data:image/png;base64," + Base64.getEncoder().encodeToString(SimulatedMedia.PNG);
    private static final String FOX = "{\"model\":\"viduq1\",\"prompt\":\"a red fox in the snow\",\"duration\":5}";
    private static final String FOX_FRAME = "{\"model\":\"vidu2.0\",\"images\":[\"" + PNG_URI + "\"],\"prompt\":\"the fox runs\","
            + "\"duration\":8}";
    private static final List<String> ORDER = List.of("created", "queueing", "processing", "success");
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
        sim.taskTiming("vidu", TaskTiming.lasting(400, 400));
    }

    private static String[] auth() {
        return new String[] {"Authorization", "Token " + sim.apiKey("vidu")};
    }

    private static HttpResponse<String> post(String path, String body) {
        return client.post("vidu", path, body, auth());
    }

    private static HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sim.baseUrl("vidu") + path)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            return client.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode create(String path, String body) {
        HttpResponse<String> created = post(path, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return SimClient.json(created);
    }

    private static List<String> pollUntilDone(String id, JsonNode[] last) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> polled = get("/ent/v2/tasks/" + id + "/creations", auth());
            assertThat(polled.statusCode()).as(polled.body()).isEqualTo(200);
            JsonNode task = SimClient.json(polled);
            String state = task.get("state").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            last[0] = task;
            if (state.equals("success") || state.equals("failed")) {
                return seen;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("task " + id + " did not end; saw " + seen);
    }

    @Test
    void textToVideoEchoesTheTaskWithItsDefaultsAndEndsWithAVideoAndACover() throws Exception {
        sim.taskTiming("vidu", TaskTiming.lasting(3_000, 3_000));
        JsonNode created = create(TEXT, FOX);

        assertThat(created.get("state").asText()).isEqualTo("created");
        assertThat(created.get("model").asText()).isEqualTo("viduq1");
        assertThat(created.get("duration").asInt()).isEqualTo(5);
        assertThat(created.get("resolution").asText()).isEqualTo("1080p");
        assertThat(created.get("aspect_ratio").asText()).isEqualTo("16:9");
        assertThat(created.get("credits").asInt()).isPositive();
        JsonNode[] last = new JsonNode[1];

        List<String> seen = pollUntilDone(created.get("task_id").asText(), last);

        assertThat(ORDER).containsSubsequence(seen);
        assertThat(seen).containsSubsequence("processing", "success");
        assertThat(last[0].get("err_code").asText()).isEmpty();
        JsonNode creation = last[0].get("creations").get(0);
        HttpResponse<byte[]> video = client.http.send(HttpRequest.newBuilder(URI.create(creation.get("url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> cover = client.http.send(HttpRequest.newBuilder(URI.create(creation.get("cover_url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat(new String(video.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(cover.body()).isEqualTo(SimulatedMedia.PNG);
        assertThat(sim.tasks("vidu").created()).isEqualTo(1);
    }

    @Test
    void aQueuedTaskIsCreatedThenQueueing() throws Exception {
        sim.taskTiming("vidu", TaskTiming.lasting(20_000, 20_000));
        String id = create(TEXT, FOX).get("task_id").asText();

        assertThat(SimClient.json(get("/ent/v2/tasks/" + id + "/creations", auth())).get("state").asText()).isEqualTo("created");
        String state;
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        do {
            Thread.sleep(50);
            state = SimClient.json(get("/ent/v2/tasks/" + id + "/creations", auth())).get("state").asText();
        } while (state.equals("created") && System.nanoTime() < deadline);
        assertThat(state).isEqualTo("queueing");
    }

    @Test
    void imageToVideoTakesOneStartFrame() throws Exception {
        JsonNode created = create(IMAGE, FOX_FRAME);

        assertThat(created.get("duration").asInt()).isEqualTo(8);
        assertThat(created.get("resolution").asText()).isEqualTo("720p");
        assertThat(created.get("images")).hasSize(1);
        JsonNode[] last = new JsonNode[1];
        assertThat(pollUntilDone(created.get("task_id").asText(), last)).last().isEqualTo("success");
    }

    @Test
    void failedTasksCarryAnErrorCode() throws Exception {
        sim.taskTiming("vidu", TaskTiming.lasting(50, 50).withFailureRate(1.0));
        String id = create(TEXT, FOX).get("task_id").asText();
        JsonNode[] last = new JsonNode[1];

        assertThat(pollUntilDone(id, last)).last().isEqualTo("failed");
        assertThat(last[0].get("err_code").asText()).isEqualTo("InternalServiceFailure");
        assertThat(last[0].get("creations")).isEmpty();
    }

    @Test
    void aQueuedTaskCanBeCancelledAndThenReadsFailedUserCancelled() {
        sim.taskTiming("vidu", TaskTiming.lasting(60_000, 60_000));
        String id = create(TEXT, FOX).get("task_id").asText();

        HttpResponse<String> cancelled = post("/ent/v2/tasks/" + id + "/cancel", "{\"id\":\"" + id + "\"}");

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.body()).isEqualTo("{}");
        JsonNode task = SimClient.json(get("/ent/v2/tasks/" + id + "/creations", auth()));
        assertThat(task.get("state").asText()).isEqualTo("failed");
        assertThat(task.get("err_code").asText()).isEqualTo("UserCancelled");
        assertThat(sim.tasks("vidu").cancelled()).isEqualTo(1);
    }

    @Test
    void anEndedTaskCannotBeCancelled() throws Exception {
        sim.taskTiming("vidu", TaskTiming.lasting(1_000, 1_000));
        String id = create(TEXT, FOX).get("task_id").asText();
        JsonNode[] last = new JsonNode[1];
        pollUntilDone(id, last);

        HttpResponse<String> refused = post("/ent/v2/tasks/" + id + "/cancel", "{\"id\":\"" + id + "\"}");

        assertRefused(refused, 400, "BadRequest");
        assertThat(SimClient.json(refused).get("message").asText()).isEqualTo("task state is success, can not cancel");
        assertThat(sim.tasks("vidu").cancelled()).isZero();
    }

    @Test
    void cancelNeedsTheIdInTheBodyToo() {
        String id = create(TEXT, FOX).get("task_id").asText();

        assertRefused(post("/ent/v2/tasks/" + id + "/cancel", "{}"), 400, "FieldLacking");
        assertRefused(post("/ent/v2/tasks/" + id + "/cancel", "{\"id\":\"other\"}"), 400, "FieldInvalid");
    }

    @Test
    void unknownTasksAre404TaskNotFound() {
        assertRefused(get("/ent/v2/tasks/no-such-task/creations", auth()), 404, "TaskNotFound");
        assertRefused(post("/ent/v2/tasks/no-such-task/cancel", "{\"id\":\"no-such-task\"}"), 404, "TaskNotFound");
    }

    @Test
    void missingOrWrongTokensAre401() {
        assertRefused(client.post("vidu", TEXT, FOX), 401, "Unauthorized");
        assertRefused(client.post("vidu", TEXT, FOX, "Authorization", "Bearer " + sim.apiKey("vidu")), 401, "Unauthorized");
        assertRefused(client.post("vidu", TEXT, FOX, "Authorization", "Token nope"), 401, "Unauthorized");
        assertRefused(get("/ent/v2/tasks/any/creations"), 401, "Unauthorized");
        assertThat(sim.tasks("vidu").created()).isZero();
    }

    @Test
    void badBodiesAndUnknownModelsAre400WithTheReferenceCodes() {
        assertRefused(post(TEXT, "{{"), 400, "BadRequest");
        assertRefused(post(TEXT, "{\"model\":\"viduq1\"}"), 400, "FieldLacking");
        assertRefused(post(TEXT, FOX.replace("viduq1", "vidu9")), 400, "FieldInvalid");
        assertRefused(post(TEXT, FOX.replace("viduq1", "vidu2.0").replace("\"duration\":5", "\"duration\":4")), 400, "FieldInvalid");
        assertRefused(post(TEXT, FOX.replace("\"duration\":5", "\"duration\":8")), 400, "FieldInvalid");
        assertRefused(post(TEXT, FOX.replace("}", ",\"resolution\":\"720p\"}")), 400, "FieldInvalid");
        assertRefused(post(TEXT, FOX.replace("}", ",\"aspect_ratio\":\"4:3\"}")), 400, "FieldInvalid");
        assertRefused(post(IMAGE, "{\"model\":\"vidu2.0\",\"prompt\":\"x\"}"), 400, "FieldLacking");
        assertRefused(post(IMAGE, "{\"model\":\"vidu2.0\",\"images\":[\"" + PNG_URI + "\",\"" + PNG_URI + "\"]}"), 400,
                "FieldItemCountOutOfRange");
        assertRefused(post(IMAGE, "{\"model\":\"vidu2.0\",\"images\":[\"data:text/plain;base64,aGk=\"]}"), 400, "ImageFormatInvalid");
        assertRefused(post(IMAGE, FOX_FRAME.replace("\"duration\":8", "\"duration\":8,\"resolution\":\"1080p\"")), 400, "FieldInvalid");
        assertThat(sim.tasks("vidu").created()).isZero();
    }

    @Test
    void faultsOnTheCreateCreateNothing() {
        sim.faults("vidu", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));

        HttpResponse<String> limited = post(TEXT, FOX);

        assertRefused(limited, 429, "TooManyRequests");
        assertThat(limited.headers().firstValue("retry-after")).contains("2");
        assertThat(sim.tasks("vidu").created()).isZero();
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("reason").asText()).isEqualTo(reason);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("metadata").get("trace_id").asText()).hasSize(32);
    }
}
