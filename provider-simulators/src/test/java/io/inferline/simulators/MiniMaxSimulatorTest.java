package io.inferline.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.task.TaskTiming;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MiniMaxSimulatorTest {

    private static final String CHAT = "/v1/text/chatcompletion_v2";
    private static final String SPEECH = "/v1/t2a_v2";
    private static final String VIDEO = "/v1/video_generation";
    private static final String HELLO = "{\"model\":\"MiniMax-M2\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"Hello there\"}],\"max_completion_tokens\":200}";
    private static final String SAY = "{\"model\":\"speech-02-hd\",\"text\":\"Hello world\",\"voice_setting\":{\"voice_id\":\"male-qn-qingse\"}}";
    private static final String FOX = "{\"model\":\"MiniMax-Hailuo-02\",\"prompt\":\"a red fox in the snow\",\"duration\":6,"
            + "\"resolution\":\"1080P\"}";
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
        sim.taskTiming("minimax", TaskTiming.lasting(400, 400));
    }

    private static String[] bearer() {
        return new String[] {"Authorization", "Bearer " + sim.apiKey("minimax")};
    }

    private HttpResponse<String> post(String path, String body) {
        return client.post("minimax", path, body, bearer());
    }

    private static HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl("minimax") + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int statusCode(HttpResponse<String> response) {
        return SimClient.json(response).get("base_resp").get("status_code").asInt();
    }

    @Test
    void chatAnswersInTheOpenAiShapeWithReasoningApartAndABaseResp() {
        HttpResponse<String> response = post(CHAT, HELLO);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = SimClient.json(response);
        JsonNode message = body.get("choices").get(0).get("message");
        assertThat(message.get("content").asText()).isEqualTo("simulated MiniMax-M2 reply: Hello there");
        assertThat(message.get("reasoning_content").asText()).isNotBlank();
        assertThat(body.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("completion_tokens").asInt())
                .isGreaterThan(usage.get("completion_tokens_details").get("reasoning_tokens").asInt());
        assertThat(usage.get("prompt_tokens").asInt()).isPositive();
        assertThat(body.get("base_resp").get("status_code").asInt()).isZero();
        assertThat(response.headers().firstValue("Trace-Id")).isPresent();
    }

    @Test
    void chatCallsTheFirstToolWhenTheWeatherIsAskedFor() {
        JsonNode body = SimClient.json(post(CHAT, "{\"model\":\"MiniMax-M2\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"What is the weather in Paris?\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":"
                + "\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                + "\"required\":[\"city\"]}}}]}"));

        JsonNode call = body.get("choices").get(0).get("message").get("tool_calls").get(0);
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(call.get("function").get("arguments").asText()).contains("\"city\"");
        assertThat(body.get("choices").get(0).get("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void refusalsArriveOnHttp200WithTheirStatusCode() {
        List<HttpResponse<String>> refused = List.of(
                post(CHAT, "{\"model\":\"MiniMax-M2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0}"),
                post(CHAT, "{\"model\":\"MiniMax-M9\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                post(CHAT, "{\"model\":\"MiniMax-M2\",\"messages\":[]}"),
                post(CHAT, "{\"model\":\"speech-02-hd\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                post(CHAT, "not json"),
                post(SPEECH, "{\"model\":\"speech-02-hd\",\"text\":\"Hi\"}"),
                post(SPEECH, "{\"model\":\"speech-02-hd\",\"text\":\"Hi\",\"voice_setting\":{\"voice_id\":\"v\"},"
                        + "\"audio_setting\":{\"format\":\"ogg\"}}"),
                post(SPEECH, "{\"model\":\"speech-02-hd\",\"text\":\"" + "a".repeat(10_000) + "\",\"voice_setting\":{\"voice_id\":\"v\"}}"),
                post(VIDEO, "{\"model\":\"MiniMax-Hailuo-02\",\"prompt\":\"fox\",\"duration\":10,\"resolution\":\"1080P\"}"),
                post(VIDEO, "{\"model\":\"MiniMax-Hailuo-02\",\"prompt\":\"fox\",\"duration\":8}"),
                post(VIDEO, "{\"model\":\"MiniMax-Hailuo-02\"}"),
                post(VIDEO, "{\"model\":\"MiniMax-M2\",\"prompt\":\"fox\"}"));

        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(statusCode(response)).as(response.body()).isEqualTo(2013);
            assertThat(SimClient.json(response).get("base_resp").get("status_msg").asText()).startsWith("invalid params");
        }
        assertThat(sim.tasks("minimax").created()).isZero();
    }

    @Test
    void aMissingKeyIs1004AndAWrongOne2049BothOnHttp200() throws Exception {
        HttpResponse<String> missing = client.post("minimax", CHAT, HELLO);
        HttpResponse<String> wrong = client.post("minimax", CHAT, HELLO, "Authorization", "Bearer not-the-key");
        HttpResponse<String> raw = get("/v1/query/video_generation?task_id=1", "Authorization", sim.apiKey("minimax"));

        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(statusCode(missing)).isEqualTo(1004);
        assertThat(SimClient.json(missing).get("base_resp").get("status_msg").asText()).contains("Authorization");
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(statusCode(wrong)).isEqualTo(2049);
        assertThat(statusCode(raw)).isEqualTo(1004);
    }

    @Test
    void aGroupIdQueryParameterIsAcceptedAndIgnored() {
        HttpResponse<String> response = post(CHAT + "?GroupId=1887488082316366000", HELLO);

        assertThat(statusCode(response)).isZero();
    }

    @Test
    void speechIsHexEncodedAudioInTheFormatAskedForWithTheCharactersBilled() {
        JsonNode mp3 = SimClient.json(post(SPEECH, SAY));
        JsonNode wav = SimClient.json(post(SPEECH, "{\"model\":\"speech-02-hd\",\"text\":\"Hi\",\"voice_setting\":{\"voice_id\":"
                + "\"male-qn-qingse\"},\"audio_setting\":{\"format\":\"wav\",\"sample_rate\":16000,\"channel\":1}}"));

        byte[] audio = HexFormat.of().parseHex(mp3.get("data").get("audio").asText());
        assertThat(audio[0] & 0xFF).isEqualTo(0xFF);
        assertThat(audio[1] & 0xE0).isEqualTo(0xE0);
        assertThat(mp3.get("data").get("status").asInt()).isEqualTo(2);
        assertThat(mp3.get("extra_info").get("usage_characters").asInt()).isEqualTo(11);
        assertThat(mp3.get("extra_info").get("audio_size").asInt()).isEqualTo(audio.length);
        assertThat(mp3.get("extra_info").get("audio_format").asText()).isEqualTo("mp3");
        byte[] wavAudio = HexFormat.of().parseHex(wav.get("data").get("audio").asText());
        assertThat(new String(wavAudio, 0, 4)).isEqualTo("RIFF");
        assertThat(wav.get("extra_info").get("audio_sample_rate").asInt()).isEqualTo(16000);
    }

    @Test
    void aVideoGoesFromQueuedToProcessingToSuccessAndItsFileCanBeDownloaded() throws Exception {
        sim.taskTiming("minimax", TaskTiming.lasting(1500, 1500)); // queued for 300 ms, then processing for 1.2 s
        HttpResponse<String> created = post(VIDEO, FOX);

        assertThat(statusCode(created)).as(created.body()).isZero();
        String taskId = SimClient.json(created).get("task_id").asText();
        assertThat(sim.tasks("minimax").created()).isEqualTo(1);

        List<String> seen = new ArrayList<>();
        JsonNode done = awaitEnd(taskId, seen);
        // a loaded machine may poll late; whatever came before Processing was a queued word
        assertThat(seen).containsSubsequence("Processing", "Success").doesNotHaveDuplicates();
        assertThat(seen.subList(0, seen.indexOf("Processing"))).isSubsetOf("Preparing", "Queueing");
        assertThat(done.get("video_width").asInt()).isEqualTo(1920);
        String fileId = done.get("file_id").asText();
        assertThat(fileId).matches("\\d+");

        HttpResponse<String> retrieved = get("/v1/files/retrieve?file_id=" + fileId, bearer());
        assertThat(statusCode(retrieved)).as(retrieved.body()).isZero();
        JsonNode file = SimClient.json(retrieved).get("file");
        assertThat(file.get("file_id").asLong()).isEqualTo(Long.parseLong(fileId));
        assertThat(file.get("purpose").asText()).isEqualTo("video_generation");
        String url = file.get("download_url").asText();
        assertThat(url).startsWith(sim.baseUrl("minimax") + "/files/");

        HttpResponse<byte[]> video = client.http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(video.statusCode()).isEqualTo(200);
        assertThat(video.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat(video.body()).isEqualTo(SimulatedMedia.video(taskId));
        assertThat(file.get("bytes").asInt()).isEqualTo(video.body().length);
        assertThat(sim.tasks("minimax").created()).isEqualTo(1);
    }

    @Test
    void aVideoJustCreatedIsPreparing() throws Exception {
        sim.taskTiming("minimax", TaskTiming.lasting(60_000, 60_000)); // Preparing for its first 6 s, queued for 12 s
        String taskId = SimClient.json(post(VIDEO, FOX)).get("task_id").asText();

        JsonNode status = SimClient.json(get("/v1/query/video_generation?task_id=" + taskId, bearer()));

        assertThat(status.get("status").asText()).isEqualTo("Preparing");
        assertThat(status.has("file_id")).isFalse();
        assertThat(status.get("base_resp").get("status_code").asInt()).isZero();
    }

    @Test
    void aFailedVideoIsFailWithTheReasonInBaseResp() throws Exception {
        sim.taskTiming("minimax", TaskTiming.lasting(50, 50).withFailureRate(1.0));
        String taskId = SimClient.json(post(VIDEO, FOX)).get("task_id").asText();

        JsonNode done = awaitEnd(taskId, new ArrayList<>());

        assertThat(done.get("status").asText()).isEqualTo("Fail");
        assertThat(done.get("base_resp").get("status_code").asInt()).isEqualTo(1027);
        assertThat(done.has("file_id")).isFalse();
    }

    @Test
    void unknownTasksAndFilesAreInvalidParams() throws Exception {
        assertThat(statusCode(get("/v1/query/video_generation?task_id=404404", bearer()))).isEqualTo(2013);
        assertThat(statusCode(get("/v1/query/video_generation", bearer()))).isEqualTo(2013);
        assertThat(statusCode(get("/v1/files/retrieve?file_id=12345", bearer()))).isEqualTo(2013);
        assertThat(statusCode(get("/v1/files/retrieve?file_id=abc", bearer()))).isEqualTo(2013);
        assertThat(get("/files/nope.mp4").statusCode()).isEqualTo(404);
    }

    @Test
    void anInjectedRateLimitIsHttp200With1002AndOutagesKeepTheirStatus() {
        sim.faults("minimax", Faults.none().withErrorRate(429, 1.0));
        HttpResponse<String> limited = post(VIDEO, FOX);
        sim.faults("minimax", Faults.down(503));
        HttpResponse<String> down = post(CHAT, HELLO);

        assertThat(limited.statusCode()).isEqualTo(200);
        assertThat(statusCode(limited)).isEqualTo(1002);
        assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(statusCode(down)).isEqualTo(1033);
        assertThat(sim.tasks("minimax").created()).isZero();
    }

    private static JsonNode awaitEnd(String taskId, List<String> seen) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get("/v1/query/video_generation?task_id=" + taskId, bearer());
            JsonNode body = SimClient.json(response);
            String status = body.get("status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            if (status.equals("Success") || status.equals("Fail")) {
                return body;
            }
            Thread.sleep(15);
        }
        throw new AssertionError("task " + taskId + " did not end; statuses seen: " + seen);
    }
}
