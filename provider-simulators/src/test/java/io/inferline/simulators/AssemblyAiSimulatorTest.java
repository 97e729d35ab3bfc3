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

class AssemblyAiSimulatorTest {

    private static final String PATH = "/v2/transcript";
    private static final String AUDIO = "https://assembly.ai/wildfires.mp3";
    private static final String CREATE = "{\"audio_url\":\"" + AUDIO + "\",\"speech_models\":[\"universal\"]}";
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
        sim.taskTiming("assemblyai", TaskTiming.lasting(1500, 1500)); // queued for 300 ms, then processing for 1.2 s
    }

    private static String key() {
        return sim.apiKey("assemblyai");
    }

    private HttpResponse<String> create(String body) {
        return client.post("assemblyai", PATH, body, "Authorization", key());
    }

    private static HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl("assemblyai") + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode transcript(String id) throws Exception {
        HttpResponse<String> response = call("GET", PATH + "/" + id, key());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SimClient.json(response);
    }

    /** Polls until the transcript is completed or error, collecting every status seen. */
    private static JsonNode awaitEnd(String id, List<String> seen) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode body = transcript(id);
            String status = body.get("status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            if (status.equals("completed") || status.equals("error")) {
                return body;
            }
            Thread.sleep(15);
        }
        throw new AssertionError("transcript " + id + " did not end; statuses seen: " + seen);
    }

    @Test
    void aTranscriptIsQueuedThenProcessingThenCompletedWithTextAndDuration() throws Exception {
        HttpResponse<String> created = create("{\"audio_url\":\"" + AUDIO + "\",\"speech_models\":[\"slam-1\",\"universal\"],"
                + "\"language_code\":\"en_us\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode body = SimClient.json(created);
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(body.get("text").isNull()).isTrue();
        assertThat(body.get("audio_duration").isNull()).isTrue();
        assertThat(sim.tasks("assemblyai").created()).isEqualTo(1);

        List<String> seen = new ArrayList<>(List.of("queued"));
        JsonNode done = awaitEnd(body.get("id").asText(), seen);

        assertThat(seen).containsExactly("queued", "processing", "completed");
        assertThat(done.get("text").asText()).isEqualTo("simulated slam-1 transcript of wildfires.mp3");
        assertThat(done.get("audio_duration").asInt()).isBetween(5, 60);
        assertThat(done.get("speech_model_used").asText()).isEqualTo("slam-1");
        assertThat(done.get("language_code").asText()).isEqualTo("en_us");
        assertThat(sim.tasks("assemblyai").polls()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFailedTranscriptIsStatusErrorWithTheReason() throws Exception {
        sim.taskTiming("assemblyai", TaskTiming.lasting(50, 50).withFailureRate(1.0));

        String id = SimClient.json(create(CREATE)).get("id").asText();
        JsonNode done = awaitEnd(id, new ArrayList<>());

        assertThat(done.get("status").asText()).isEqualTo("error");
        assertThat(done.get("error").asText()).contains("Transcoding failed");
        assertThat(done.get("text").isNull()).isTrue();
    }

    @Test
    void thereIsNoCancelAndOnlyAFinishedTranscriptCanBeDeleted() throws Exception {
        String id = SimClient.json(create(CREATE)).get("id").asText();

        HttpResponse<String> whileRunning = call("DELETE", PATH + "/" + id, key());
        assertThat(whileRunning.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(whileRunning).get("error").asText()).contains("cannot be deleted");

        awaitEnd(id, new ArrayList<>());
        HttpResponse<String> deleted = call("DELETE", PATH + "/" + id, key());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(SimClient.json(deleted).get("text").asText()).isEqualTo("Deleted by user.");
        assertThat(transcript(id).get("text").asText()).isEqualTo("Deleted by user.");
        assertThat(sim.tasks("assemblyai").cancelled()).isZero();
    }

    @Test
    void theKeyGoesInAuthorizationWithoutAScheme() throws Exception {
        HttpResponse<String> missing = client.post("assemblyai", PATH, CREATE);
        HttpResponse<String> bearer = client.post("assemblyai", PATH, CREATE, "Authorization", "Bearer " + key());
        HttpResponse<String> wrong = client.post("assemblyai", PATH, CREATE, "Authorization", "not-the-key");
        HttpResponse<String> lookup = call("GET", PATH + "/anything", null);

        for (HttpResponse<String> response : List.of(missing, bearer, wrong, lookup)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(SimClient.json(response).get("error").asText()).isEqualTo("Authentication error, API token missing/invalid");
        }
        assertThat(sim.tasks("assemblyai").created()).isZero();
    }

    @Test
    void whatTheApiRefusesIsA400WithAnErrorMessage() {
        assertRefused(create("{{"), "not a JSON object");
        assertRefused(create("{\"speech_models\":[\"universal\"]}"), "audio_url is required");
        assertRefused(create("{\"audio_url\":\"file:///tmp/a.mp3\",\"speech_models\":[\"universal\"]}"), "not an http(s) URL");
        assertRefused(create("{\"audio_url\":\"" + AUDIO + "\",\"speech_model\":\"universal\"}"), "replaced with speech_models");
        assertRefused(create("{\"audio_url\":\"" + AUDIO + "\"}"), "speech_models must be a non-empty list");
        assertRefused(create("{\"audio_url\":\"" + AUDIO + "\",\"speech_models\":[]}"), "speech_models must be a non-empty list");
        assertRefused(create("{\"audio_url\":\"" + AUDIO + "\",\"speech_models\":[\"best\"]}"), "supported speech models are");
        assertRefused(create("{\"audio_url\":\"" + AUDIO + "\",\"speech_models\":[\"universal\"],\"language_code\":7}"),
                "language_code");
        assertThat(sim.tasks("assemblyai").created()).isZero();
    }

    @Test
    void anUnknownTranscriptIdIsALookupErrorAndAnUnknownPathA404() throws Exception {
        HttpResponse<String> unknown = call("GET", PATH + "/5551722-f677-48a6-9287-39c0aafd9ac1", key());
        HttpResponse<String> path = call("GET", "/v2/transcripts", key());

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(unknown).get("error").asText()).isEqualTo("Transcript lookup error, transcript id not found");
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat(SimClient.json(path).get("error").asText()).isEqualTo("Not found");
    }

    @Test
    void injectedFaultsCreateNothingAndAnnounceTheirWait() {
        sim.faults("assemblyai", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(3));
        HttpResponse<String> limited = create(CREATE);
        sim.faults("assemblyai", Faults.down(503));
        HttpResponse<String> down = create(CREATE);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("3");
        assertThat(SimClient.json(limited).get("error").asText()).isNotBlank();
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEmpty();
        assertThat(sim.tasks("assemblyai").created()).isZero();
    }

    private static void assertRefused(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(SimClient.json(response).get("error").asText()).contains(message);
    }
}
