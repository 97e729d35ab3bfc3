package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workers AI's image, speech-recognition and text-to-speech models over real HTTP. */
class WorkersAiMediaSimulatorTest {

    private static final String RUN = "/client/v4/accounts/sim-account/ai/run/";
    private static final String FLUX = RUN + "@cf/black-forest-labs/flux-1-schnell";
    private static final String WHISPER = RUN + "@cf/openai/whisper";
    private static final String MELO = RUN + "@cf/myshell-ai/melotts";
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

    private HttpResponse<String> post(String path, String body) {
        return client.post("workers-ai", path, body, client.auth("workers-ai"));
    }

    private HttpResponse<String> postBytes(String path, String contentType, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl("workers-ai") + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .headers(client.auth("workers-ai"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return client.http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode result(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("success").asBoolean()).isTrue();
        return body.get("result");
    }

    private static void assertFailure(HttpResponse<String> response, int status, int code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = SimClient.json(response);
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("errors").get(0).get("code").asInt()).isEqualTo(code);
    }

    @Test
    void fluxAnswersABase64Jpeg() {
        JsonNode result = result(post(FLUX, "{\"prompt\":\"a red fox\",\"steps\":4}"));

        byte[] jpeg = Base64.getDecoder().decode(result.get("image").asText());
        assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8);
    }

    @Test
    void fluxRefusesWhatItsSchemaRefuses() {
        assertFailure(post(FLUX, "{\"steps\":4}"), 400, 5006);
        assertFailure(post(FLUX, "{\"prompt\":\"a\",\"steps\":9}"), 400, 5006);
        assertFailure(post(FLUX, "{\"prompt\":\"" + "a".repeat(2049) + "\"}"), 400, 5006);
        assertFailure(post(FLUX, "{\"prompt\":\"a\",\"width\":512}"), 400, 5006);
        assertFailure(post(FLUX, "not json"), 400, 5006);
        assertFailure(client.post("workers-ai", FLUX, "{\"prompt\":\"a\"}"), 401, 10000);
    }

    @Test
    void whisperTakesTheAudioAsTheBodyAndTimesEveryWord() {
        JsonNode result = result(postBytes(WHISPER, "application/octet-stream", OpenAiMediaSimulatorTest.wav(3)));

        assertThat(result.get("text").asText()).isEqualTo("simulated @cf/openai/whisper transcript of 3.0 seconds of audio");
        assertThat(result.get("word_count").asInt()).isEqualTo(result.get("text").asText().split(" ").length);
        JsonNode words = result.get("words");
        assertThat(words.get(words.size() - 1).get("end").asDouble()).isEqualTo(3.0);
        assertThat(result.get("vtt").asText()).startsWith("WEBVTT").contains("00:03.000");
    }

    @Test
    void whisperAlsoTakesTheAudioAsAJsonByteArray() {
        JsonNode result = result(post(WHISPER, "{\"audio\":[" + "0,".repeat(15_999) + "0]}"));

        assertThat(result.get("text").asText()).contains("1.0 seconds");
        assertFailure(post(WHISPER, "{\"audio\":[300]}"), 400, 5006);
        assertFailure(post(WHISPER, "{\"text\":\"hi\"}"), 400, 5006);
        assertFailure(postBytes(WHISPER, "application/octet-stream", new byte[0]), 400, 5006);
    }

    @Test
    void melottsAnswersBase64Mp3() {
        JsonNode result = result(post(MELO, "{\"prompt\":\"Hello from the simulator\",\"lang\":\"en\"}"));

        byte[] mp3 = Base64.getDecoder().decode(result.get("audio").asText());
        assertThat(mp3[0] & 0xFF).isEqualTo(0xFF);
        assertThat(mp3[1] & 0xE0).isEqualTo(0xE0);
        assertFailure(post(MELO, "{\"lang\":\"en\"}"), 400, 5006);
        assertFailure(post(MELO, "{\"prompt\":\"hi\",\"lang\":7}"), 400, 5006);
    }

    @Test
    void faultsApplyToTheMediaModelsToo() {
        sim.faults("workers-ai", "@cf/openai/whisper", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));
        HttpResponse<String> limited = postBytes(WHISPER, "application/octet-stream", OpenAiMediaSimulatorTest.wav(1));
        assertFailure(limited, 429, 3040);
        assertThat(limited.headers().firstValue("retry-after")).contains("2");

        sim.faults("workers-ai", Faults.none().withMalformedRate(1.0));
        HttpResponse<String> cut = post(MELO, "{\"prompt\":\"hi\"}");
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(Json.parse(cut.body().getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
