package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InworldSimulatorTest {

    private static final String PATH = "/tts/v1/voice";
    private static final String HELLO = "{\"text\":\"Hello there\",\"voiceId\":\"Ashley\",\"modelId\":\"inworld-tts-1\","
            + "\"audioConfig\":{\"audioEncoding\":\"MP3\"}}";
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
    }

    private HttpResponse<String> post(String body) {
        return client.post("inworld", PATH, body, client.auth("inworld"));
    }

    @Test
    void mp3AudioWithTheCharactersBilled() {
        HttpResponse<String> response = post(HELLO);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        byte[] audio = Base64.getDecoder().decode(body.get("audioContent").asText());
        assertThat(audio[0] & 0xFF).isEqualTo(0xFF);
        assertThat(audio[1] & 0xE0).isEqualTo(0xE0);
        assertThat(body.get("usage").get("processedCharactersCount").asInt()).isEqualTo(11);
        assertThat(body.get("usage").get("modelId").asText()).isEqualTo("inworld-tts-1");
    }

    @Test
    void linear16ComesAsWavAtTheRequestedRate() {
        JsonNode body = SimClient.json(post("{\"text\":\"Hi\",\"voiceId\":\"Dennis\",\"modelId\":\"inworld-tts-1-max\","
                + "\"audioConfig\":{\"audioEncoding\":\"LINEAR16\",\"sampleRateHertz\":22050},\"temperature\":0.8}"));

        byte[] audio = Base64.getDecoder().decode(body.get("audioContent").asText());
        assertThat(new String(audio, 0, 4)).isEqualTo("RIFF");
        assertThat(new String(audio, 8, 4)).isEqualTo("WAVE");
        assertThat((audio[24] & 0xFF) | (audio[25] & 0xFF) << 8).isEqualTo(22050);
    }

    @Test
    void missingOrWrongCredentialIsUnauthenticated() {
        assertStatus(client.post("inworld", PATH, HELLO), 401, 16);
        assertStatus(client.post("inworld", PATH, HELLO, "Authorization", "Bearer " + sim.apiKey("inworld")), 401, 16);
        assertStatus(client.post("inworld", PATH, HELLO, "Authorization", "Basic wrong"), 401, 16);
    }

    @Test
    void badBodiesAreInvalidArgument() {
        assertStatus(post("{{"), 400, 3);
        assertStatus(post("{\"voiceId\":\"Ashley\",\"modelId\":\"inworld-tts-1\",\"audioConfig\":{\"audioEncoding\":\"MP3\"}}"), 400, 3);
        assertStatus(post("{\"text\":\"a\",\"modelId\":\"inworld-tts-1\",\"audioConfig\":{\"audioEncoding\":\"MP3\"}}"), 400, 3);
        assertStatus(post("{\"text\":\"a\",\"voiceId\":\"Ashley\",\"modelId\":\"inworld-tts-1\"}"), 400, 3);
        assertStatus(post("{\"text\":\"a\",\"voiceId\":\"Ashley\",\"modelId\":\"inworld-tts-1\",\"audioConfig\":{\"audioEncoding\":\"AAC\"}}"), 400, 3);
        assertStatus(post("{\"text\":\"" + "t".repeat(2001) + "\",\"voiceId\":\"Ashley\",\"modelId\":\"inworld-tts-1\","
                + "\"audioConfig\":{\"audioEncoding\":\"MP3\"}}"), 400, 3);
    }

    @Test
    void unknownModelOrPathIsNotFound() {
        assertStatus(post(HELLO.replace("inworld-tts-1", "inworld-tts-9")), 404, 5);
        assertStatus(client.post("inworld", "/tts/v1/voices", HELLO, client.auth("inworld")), 404, 5);
    }

    @Test
    void rateLimitedIsResourceExhaustedWithRetryAfter() {
        sim.faults("inworld", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(3));

        HttpResponse<String> response = post(HELLO);

        assertStatus(response, 429, 8);
        assertThat(response.headers().firstValue("retry-after")).contains("3");
    }

    @Test
    void outagesPerModel() {
        sim.faults("inworld", "inworld-tts-1-max", Faults.down(503));

        assertStatus(post(HELLO.replace("inworld-tts-1", "inworld-tts-1-max")), 503, 14);
        assertThat(post(HELLO).statusCode()).isEqualTo(200);
        assertThat(sim.stats("inworld").byStatus()).containsEntry(503, 1L);
    }

    private static void assertStatus(HttpResponse<String> response, int status, int grpcCode) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("code").asInt()).isEqualTo(grpcCode);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("details").isArray()).isTrue();
    }
}
