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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PixverseSimulatorTest {

    private static final String GENERATE = "/openapi/v2/video/text/generate";
    private static final String FOX = "{\"model\":\"v5\",\"prompt\":\"a red fox in the snow\",\"aspect_ratio\":\"16:9\",\"duration\":5,"
            + "\"quality\":\"540p\"}";
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
        sim.taskTiming("pixverse", TaskTiming.lasting(400, 400));
    }

    private static String[] headers(String trace) {
        return new String[] {"API-KEY", sim.apiKey("pixverse"), "Ai-trace-id", trace};
    }

    private static HttpResponse<String> generate(String body) {
        return client.post("pixverse", GENERATE, body, headers(UUID.randomUUID().toString()));
    }

    private static HttpResponse<String> result(String id, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sim.baseUrl("pixverse") + "/openapi/v2/video/result/" + id))
                .timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            return client.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static long videoId(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode body = SimClient.json(created);
        assertThat(body.get("ErrCode").asInt()).as(created.body()).isZero();
        return body.get("Resp").get("video_id").asLong();
    }

    private static JsonNode pollUntilDone(long id, List<Integer> seen) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> polled = result(Long.toString(id), headers(UUID.randomUUID().toString()));
            JsonNode body = SimClient.json(polled);
            assertThat(body.get("ErrCode").asInt()).as(polled.body()).isZero();
            int status = body.get("Resp").get("status").asInt();
            if (seen.isEmpty() || seen.get(seen.size() - 1) != status) {
                seen.add(status);
            }
            if (status != 5) {
                return body.get("Resp");
            }
            Thread.sleep(10);
        }
        throw new AssertionError("video " + id + " did not end; saw " + seen);
    }

    @Test
    void aGenerationIsFiveWhileGeneratingThenOneWithADownloadableUrl() throws Exception {
        sim.taskTiming("pixverse", TaskTiming.lasting(1_500, 1_500));
        long id = videoId(generate(FOX));
        List<Integer> seen = new ArrayList<>();

        JsonNode done = pollUntilDone(id, seen);

        assertThat(seen).containsExactly(5, 1);
        assertThat(done.get("id").asLong()).isEqualTo(id);
        assertThat(done.get("outputWidth").asInt()).isEqualTo(960);
        assertThat(done.get("outputHeight").asInt()).isEqualTo(540);
        String url = done.get("url").asText();
        assertThat(url).startsWith(sim.baseUrl("pixverse") + "/files/").endsWith(".mp4");
        HttpResponse<byte[]> video = client.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat(new String(video.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(done.get("size").asInt()).isEqualTo(video.body().length);
        assertThat(sim.tasks("pixverse").created()).isEqualTo(1);
    }

    @Test
    void failedGenerationsAreEightAndModeratedOnesSeven() throws Exception {
        sim.taskTiming("pixverse", TaskTiming.lasting(50, 50).withFailureRate(1.0));
        JsonNode failed = pollUntilDone(videoId(generate(FOX)), new ArrayList<>());
        sim.taskTiming("pixverse", TaskTiming.lasting(50, 50));
        JsonNode moderated = pollUntilDone(videoId(generate(FOX.replace("a red fox", "an unsafe fox"))), new ArrayList<>());

        assertThat(failed.get("status").asInt()).isEqualTo(8);
        assertThat(failed.get("url").asText()).isEmpty();
        assertThat(moderated.get("status").asInt()).isEqualTo(7);
        assertThat(moderated.get("url").asText()).isEmpty();
    }

    @Test
    void aRepeatedTraceIdGetsTheFirstAnswerAndCreatesNothingMore() {
        String trace = UUID.randomUUID().toString();

        long first = videoId(client.post("pixverse", GENERATE, FOX, headers(trace)));
        long again = videoId(client.post("pixverse", GENERATE, FOX, headers(trace)));
        long other = videoId(generate(FOX));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(sim.tasks("pixverse").created()).isEqualTo(2);
    }

    @Test
    void headerProblemsAreErrCodesOnHttp200() {
        assertErr(client.post("pixverse", GENERATE, FOX, "Ai-trace-id", UUID.randomUUID().toString()), 200, 400011);
        assertErr(client.post("pixverse", GENERATE, FOX, "API-KEY", "nope", "Ai-trace-id", UUID.randomUUID().toString()), 200, 400012);
        assertErr(client.post("pixverse", GENERATE, FOX, "API-KEY", sim.apiKey("pixverse")), 200, 400011);
        assertErr(client.post("pixverse", GENERATE, FOX, headers("not-a-uuid")), 200, 400017);
        assertErr(result("1", "API-KEY", sim.apiKey("pixverse")), 200, 400011);
        assertThat(sim.tasks("pixverse").created()).isZero();
    }

    @Test
    void badBodiesAndUnknownModelsAreErrCodesOnHttp200() {
        assertErr(generate("{{"), 200, 400017);
        assertErr(generate("{\"model\":\"v5\",\"prompt\":\"a fox\"}"), 200, 400011);
        assertErr(generate(FOX.replace("\"v5\"", "\"v9\"")), 200, 400017);
        assertErr(generate(FOX.replace("16:9", "2:1")), 200, 400017);
        assertErr(generate(FOX.replace("\"duration\":5", "\"duration\":6")), 200, 400017);
        assertErr(generate(FOX.replace("540p", "1080p").replace("\"duration\":5", "\"duration\":8")), 200, 400017);
        assertErr(generate(FOX.replace("}", ",\"motion_mode\":\"fast\",\"quality\":\"1080p\"}").replace("\"quality\":\"540p\",", "")), 200, 400017);
        assertErr(generate(FOX.replace("a red fox", "x".repeat(2049))), 200, 400017);
        assertErr(generate(FOX.replace("}", ",\"seed\":-1}")), 200, 400017);
        assertThat(sim.tasks("pixverse").created()).isZero();
    }

    @Test
    void unknownVideoIdsAreErrCodesOnHttp200() {
        assertErr(result("999", headers(UUID.randomUUID().toString())), 200, 400017);
        assertErr(result("abc", headers(UUID.randomUUID().toString())), 200, 400017);
    }

    @Test
    void injectedFaultsKeepTheirStatusAndTheEnvelope() {
        sim.faults("pixverse", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(4));

        HttpResponse<String> limited = generate(FOX);

        assertErr(limited, 429, 429);
        assertThat(limited.headers().firstValue("retry-after")).contains("4");
        assertThat(sim.tasks("pixverse").created()).isZero();
    }

    private static void assertErr(HttpResponse<String> response, int status, int code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("ErrCode").asInt()).as(response.body()).isEqualTo(code);
        assertThat(body.get("ErrMsg").asText()).isNotBlank();
        assertThat(body.get("Resp").isNull()).isTrue();
    }
}
