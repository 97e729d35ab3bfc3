package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenAI's image, speech and transcription endpoints over real HTTP: their shapes, refusals and faults. */
class OpenAiMediaSimulatorTest {

    private static final String IMAGES = "/v1/images/generations";
    private static final String SPEECH = "/v1/audio/speech";
    private static final String TRANSCRIPTIONS = "/v1/audio/transcriptions";
    private static final String BOUNDARY = "sim-test-boundary";
    private static final String FOX = "{\"model\":\"gpt-image-1\",\"prompt\":\"a red fox\"}";
    private static final String HELLO = "{\"model\":\"tts-1\",\"input\":\"Hello there\",\"voice\":\"alloy\"}";
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
    }

    private HttpResponse<String> post(String path, String body) {
        return client.post("openai", path, body, client.auth("openai"));
    }

    private HttpResponse<byte[]> postBytes(String path, String contentType, byte[] body, String... auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl("openai") + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth.length > 0) {
            request.headers(auth);
        }
        try {
            return client.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> transcribe(byte[] form) {
        return postBytes(TRANSCRIPTIONS, "multipart/form-data; boundary=" + BOUNDARY, form, client.auth("openai"));
    }

    /** A form with a file part named {@code filename} (none when null) and the given text fields as name/value pairs. */
    static byte[] form(String filename, byte[] audio, String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i += 2) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n" + fields[i + 1]
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (filename != null) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                    + "\"\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(audio);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** {@code seconds} of 16 kHz 16-bit mono silence with a canonical WAV header. */
    static byte[] wav(double seconds) {
        int data = (int) (seconds * 16_000) * 2;
        ByteBuffer buffer = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        buffer.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16);
        buffer.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        return buffer.array();
    }

    private static void assertError(HttpResponse<?> response, int status, String param) {
        String body = response.body() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) response.body();
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        JsonNode error = Json.parse(body.getBytes(StandardCharsets.UTF_8)).get("error");
        assertThat(error.get("message").asText()).isNotBlank();
        if (param != null) {
            assertThat(error.get("param").asText()).isEqualTo(param);
        }
    }

    @Test
    void imagesComeAsBase64PngsWithTokenUsage() {
        HttpResponse<String> response = post(IMAGES, "{\"model\":\"gpt-image-1\",\"prompt\":\"a red fox in the snow\",\"n\":2,"
                + "\"size\":\"1024x1536\",\"quality\":\"low\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        JsonNode body = SimClient.json(response);
        assertThat(body.get("created").asLong()).isPositive();
        assertThat(body.get("data")).hasSize(2);
        byte[] image = Base64.getDecoder().decode(body.get("data").get(0).get("b64_json").asText());
        assertThat(Arrays.copyOf(image, 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(body.get("output_format").asText()).isEqualTo("png");
        assertThat(body.get("quality").asText()).isEqualTo("low");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(Replies.tokens("a red fox in the snow"));
        assertThat(usage.get("output_tokens").asInt()).isEqualTo(2 * 408);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(usage.get("input_tokens").asInt() + 2 * 408);
        assertThat(usage.get("input_tokens_details").get("text_tokens").asInt()).isEqualTo(usage.get("input_tokens").asInt());
    }

    @Test
    void otherOutputFormatsAreJpegAndWebp() {
        byte[] jpeg = Base64.getDecoder().decode(SimClient.json(post(IMAGES, "{\"model\":\"gpt-image-1\",\"prompt\":\"a\","
                + "\"output_format\":\"jpeg\",\"output_compression\":80}")).get("data").get(0).get("b64_json").asText());
        byte[] webp = Base64.getDecoder().decode(SimClient.json(post(IMAGES, "{\"model\":\"gpt-image-1\",\"prompt\":\"a\","
                + "\"output_format\":\"webp\",\"background\":\"transparent\"}")).get("data").get(0).get("b64_json").asText());

        assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8);
        assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
    }

    @Test
    void imageRequestsTheApiRefusesAre400s() {
        assertError(post(IMAGES, "{\"model\":\"gpt-image-1\"}"), 400, "prompt");
        assertError(post(IMAGES, "{\"model\":\"gpt-image-1\",\"prompt\":\"a\",\"response_format\":\"b64_json\"}"), 400, "response_format");
        assertError(post(IMAGES, "{\"model\":\"gpt-image-1\",\"prompt\":\"a\",\"n\":11}"), 400, "n");
        assertError(post(IMAGES, "{\"model\":\"gpt-image-1\",\"prompt\":\"a\",\"size\":\"512x512\"}"), 400, "size");
        assertError(post(IMAGES, "{\"model\":\"gpt-image-1\",\"prompt\":\"a\",\"quality\":\"hd\"}"), 400, "quality");
        assertError(post(IMAGES, "{\"model\":\"gpt-image-1\",\"prompt\":\"a\",\"background\":\"transparent\","
                + "\"output_format\":\"jpeg\"}"), 400, "background");
        assertError(post(IMAGES, "{\"model\":\"gpt-image-1\",\"prompt\":\"a\",\"colour\":\"red\"}"), 400, "colour");
        assertError(post(IMAGES, "{\"model\":\"gpt-4o-mini\",\"prompt\":\"a\"}"), 400, "model");
        assertError(post(IMAGES, "{\"model\":\"gpt-image-9\",\"prompt\":\"a\"}"), 404, "model");
        assertError(post(IMAGES, "not json"), 400, null);
        assertError(client.post("openai", IMAGES, FOX), 401, null);
    }

    @Test
    void speechAnswersTheAudioItselfTypedByItsFormat() {
        HttpResponse<byte[]> mp3 = postBytes(SPEECH, "application/json", HELLO.getBytes(StandardCharsets.UTF_8), client.auth("openai"));
        HttpResponse<byte[]> wav = postBytes(SPEECH, "application/json", ("{\"model\":\"tts-1\",\"input\":\"Hello there\","
                + "\"voice\":\"nova\",\"response_format\":\"wav\",\"speed\":1.5}").getBytes(StandardCharsets.UTF_8), client.auth("openai"));

        assertThat(mp3.statusCode()).isEqualTo(200);
        assertThat(mp3.headers().firstValue("Content-Type")).contains("audio/mpeg");
        assertThat(mp3.body()[0] & 0xFF).isEqualTo(0xFF);
        assertThat(mp3.headers().firstValue("x-request-id")).isPresent();
        assertThat(wav.headers().firstValue("Content-Type")).contains("audio/wav");
        assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    }

    @Test
    void speechRequestsTheApiRefusesAre400s() {
        assertError(post(SPEECH, "{\"model\":\"tts-1\",\"voice\":\"alloy\"}"), 400, "input");
        assertError(post(SPEECH, "{\"model\":\"tts-1\",\"input\":\"hi\"}"), 400, "voice");
        assertError(post(SPEECH, "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"darth\"}"), 400, "voice");
        assertError(post(SPEECH, "{\"model\":\"tts-1\",\"input\":\"" + "a".repeat(4097) + "\",\"voice\":\"alloy\"}"), 400, "input");
        assertError(post(SPEECH, "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"response_format\":\"ogg\"}"), 400,
                "response_format");
        assertError(post(SPEECH, "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"speed\":5}"), 400, "speed");
        assertError(post(SPEECH, "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"instructions\":\"whisper\"}"), 400,
                "instructions");
        assertError(post(SPEECH, "{\"model\":\"whisper-1\",\"input\":\"hi\",\"voice\":\"alloy\"}"), 400, "model");
        assertError(client.post("openai", SPEECH, HELLO, "Authorization", "Bearer wrong-key"), 401, null);
    }

    @Test
    void transcriptionsReadTheUploadedFileAndBillItsDuration() {
        HttpResponse<byte[]> response = transcribe(form("speech.wav", wav(2.5), "model", "whisper-1", "response_format", "verbose_json",
                "language", "en"));

        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode body = Json.parse(response.body());
        assertThat(body.get("task").asText()).isEqualTo("transcribe");
        assertThat(body.get("language").asText()).isEqualTo("en");
        assertThat(body.get("duration").asDouble()).isEqualTo(2.5);
        assertThat(body.get("text").asText()).isEqualTo("simulated whisper-1 transcript of 2.5 seconds of audio");
        assertThat(body.get("segments").get(0).get("end").asDouble()).isEqualTo(2.5);
        assertThat(body.get("usage").get("type").asText()).isEqualTo("duration");
        assertThat(body.get("usage").get("seconds").asInt()).isEqualTo(3);
    }

    @Test
    void plainJsonAndTextFormatsToo() {
        JsonNode json = Json.parse(transcribe(form("speech.mp3", new byte[32_000], "model", "whisper-1")).body());
        HttpResponse<byte[]> text = transcribe(form("speech.mp3", new byte[16_000], "model", "whisper-1", "response_format", "text"));

        assertThat(json.get("text").asText()).contains("2.0 seconds");
        assertThat(json.get("usage").get("seconds").asInt()).isEqualTo(2);
        assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(new String(text.body(), StandardCharsets.UTF_8)).contains("1.0 seconds");
    }

    @Test
    void transcriptionRequestsTheApiRefusesAre400s() {
        byte[] audio = wav(1);
        assertError(postBytes(TRANSCRIPTIONS, "application/json", "{\"model\":\"whisper-1\"}".getBytes(StandardCharsets.UTF_8),
                client.auth("openai")), 400, null);
        assertError(transcribe(form(null, null, "model", "whisper-1")), 400, "file");
        assertError(transcribe(form("speech.wav", audio)), 400, "model");
        assertError(transcribe(form("speech.txt", audio, "model", "whisper-1")), 400, "file");
        assertError(transcribe(form("speech.wav", new byte[0], "model", "whisper-1")), 400, "file");
        assertError(transcribe(form("speech.wav", audio, "model", "whisper-1", "response_format", "xml")), 400, "response_format");
        assertError(transcribe(form("speech.wav", audio, "model", "whisper-1", "temperature", "2")), 400, "temperature");
        assertError(transcribe(form("speech.wav", audio, "model", "tts-1")), 400, "model");
        assertError(transcribe("--sim-test-boundary\r\ngarbage".getBytes(StandardCharsets.UTF_8)), 400, null);
        assertError(postBytes(TRANSCRIPTIONS, "multipart/form-data; boundary=" + BOUNDARY, form("speech.wav", audio, "model", "whisper-1")),
                401, null);
    }

    @Test
    void faultsApplyToTheMediaEndpointsAsToChat() {
        sim.faults("openai", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(3));
        HttpResponse<String> limited = post(IMAGES, FOX);
        HttpResponse<byte[]> limitedSpeech = postBytes(SPEECH, "application/json", HELLO.getBytes(StandardCharsets.UTF_8),
                client.auth("openai"));
        assertError(limited, 429, null);
        assertThat(limited.headers().firstValue("retry-after")).contains("3");
        assertThat(limitedSpeech.headers().firstValue("Content-Type")).contains("application/json");
        assertError(limitedSpeech, 429, null);

        sim.faults("openai", "whisper-1", Faults.down(503));
        assertError(transcribe(form("speech.wav", wav(1), "model", "whisper-1")), 503, null);

        sim.clearFaults();
        sim.faults("openai", Faults.none().withMalformedRate(1.0));
        HttpResponse<String> cut = post(IMAGES, FOX);
        HttpResponse<byte[]> cutAudio = postBytes(SPEECH, "application/json", ("{\"model\":\"tts-1\",\"input\":\"" + "x".repeat(100)
                + "\",\"voice\":\"alloy\"}").getBytes(StandardCharsets.UTF_8), client.auth("openai"));
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(Json.parse(cut.body().getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(cutAudio.statusCode()).isEqualTo(200);
        assertThat(cutAudio.body()).hasSize(10 * 417 / 2);

        sim.faults("openai", Faults.none().withLatency(150, 150));
        long started = System.nanoTime();
        assertThat(transcribe(form("speech.wav", wav(1), "model", "whisper-1")).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(140));
        assertThat(sim.stats("openai").byModel()).containsKeys("gpt-image-1", "tts-1", "whisper-1");
    }
}
