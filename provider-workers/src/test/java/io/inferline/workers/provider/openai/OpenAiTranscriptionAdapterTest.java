package io.inferline.workers.provider.openai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.endpoint;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.raw;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** whisper-1 through {@code POST /v1/audio/transcriptions}: a multipart upload in, verbose JSON out, billed by the second. */
class OpenAiTranscriptionAdapterTest {

    // made up for the test, shaped like a project key
    private static final String KEY = "sk-proj-T3stK3yN0tR3alAbCdEfGhIjKlMnOpQrStUvWx";
    private static final byte[] WAV = wav(16_000);
    private final OpenAiAdapter adapter = new OpenAiAdapter();

    static byte[] wav(int samples) {
        int data = samples * 2;
        ByteBuffer buffer = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        buffer.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16);
        buffer.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        return buffer.array();
    }

    private static BinaryRef inline(byte[] bytes, String type) {
        return InlineBinaries.inline(bytes, type);
    }

    private static RoutedRequest transcription(List<BinaryRef> media, String prompt, GenerationOptions options) {
        return routed("openai", "whisper-1", Capability.TRANSCRIPTION,
                Input.newBuilder().setCapability(Capability.TRANSCRIPTION).setMedia(media).setPrompt(prompt).build(), options);
    }

    private static RoutedRequest speech() {
        return transcription(List.of(inline(WAV, "audio/wav")), null, options().build());
    }

    /** The form's parts by name: the headers of each, and its content. */
    private record Part(String headers, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, Part> parts(UpstreamRequest request) {
        Matcher boundary = Pattern.compile("boundary=(\\S+)").matcher(request.headers().get("Content-Type"));
        assertThat(boundary.find()).isTrue();
        String body = new String(request.body(), StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        String delimiter = "--" + boundary.group(1);
        assertThat(body).startsWith(delimiter + "\r\n").endsWith(delimiter + "--\r\n");
        for (String chunk : body.substring(delimiter.length() + 2, body.length() - delimiter.length() - 4).split("\r\n" + delimiter + "\r\n", -1)) {
            int split = chunk.indexOf("\r\n\r\n");
            String headers = chunk.substring(0, split);
            String content = chunk.substring(split + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(headers);
            assertThat(name.find()).isTrue();
            parts.put(name.group(1), new Part(headers, content.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return parts;
    }

    @Test
    void uploadsTheInlineAudioAsAFormWithVerboseJson() {
        RoutedRequest request = transcription(List.of(inline(WAV, "audio/wav")), "Kafka, Avro, inferline",
                options().setTemperature(0.2).setExtra(Map.of("language", "\"en\"")).build());

        UpstreamRequest upstream = adapter.toUpstream(request, endpoint(KEY));

        assertThat(upstream.method()).isEqualTo("POST");
        assertThat(upstream.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/audio/transcriptions"));
        assertThat(upstream.headers()).containsEntry("Authorization", "Bearer " + KEY);
        assertThat(upstream.headers().get("Content-Type")).startsWith("multipart/form-data; boundary=inferline-");
        Map<String, Part> parts = parts(upstream);
        assertThat(parts.keySet()).containsExactly("model", "response_format", "language", "prompt", "temperature", "file");
        assertThat(parts.get("model").text()).isEqualTo("whisper-1");
        assertThat(parts.get("response_format").text()).isEqualTo("verbose_json");
        assertThat(parts.get("language").text()).isEqualTo("en");
        assertThat(parts.get("prompt").text()).isEqualTo("Kafka, Avro, inferline");
        assertThat(parts.get("temperature").text()).isEqualTo("0.2");
        assertThat(parts.get("file").headers()).contains("filename=\"audio.wav\"").contains("Content-Type: audio/wav");
        assertThat(parts.get("file").content()).isEqualTo(WAV);
        assertThat(upstream.toString()).doesNotContain(KEY);
    }

    @Test
    void theSameRequestGivesTheSameBytes() {
        assertThat(adapter.toUpstream(speech(), endpoint(KEY)).body()).isEqualTo(adapter.toUpstream(speech(), endpoint(KEY)).body());
    }

    @Test
    void audioWithoutATypeIsNamedByItsBytes() {
        UpstreamRequest upstream = adapter.toUpstream(transcription(List.of(inline(WAV, "application/octet-stream")), null,
                options().build()), endpoint(KEY));

        assertThat(parts(upstream).get("file").headers()).contains("filename=\"audio.wav\"");
        assertThat(parts(upstream).keySet()).containsExactly("model", "response_format", "file");
    }

    @Test
    void mediaOnlyNamedByUriIsRefusedWithoutQuotingIt() {
        BinaryRef remote = BinaryRef.newBuilder().setUri("https://bucket.example/audio.mp3?X-Signature=abc123").setContentType("audio/mpeg")
                .build();

        assertThatThrownBy(() -> adapter.toUpstream(transcription(List.of(remote), null, options().build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("inline_data").hasMessageContaining("https:").hasMessageNotContaining("X-Signature");
    }

    @Test
    void whatTheApiCannotTakeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> adapter.toUpstream(transcription(List.of(), null, options().build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.media");
        assertThatThrownBy(() -> adapter.toUpstream(transcription(List.of(inline(WAV, "audio/wav"), inline(WAV, "audio/wav")), null,
                options().build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("one audio file");
        assertThatThrownBy(() -> adapter.toUpstream(transcription(List.of(inline(new byte[] {1, 2, 3}, "text/plain")), null,
                options().build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("text/plain").hasMessageContaining("mp3");
        assertThatThrownBy(() -> adapter.toUpstream(transcription(List.of(inline(new byte[25 * 1024 * 1024 + 1], "audio/mpeg")), null,
                options().build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("25 MB");
        assertThatThrownBy(() -> adapter.toUpstream(transcription(List.of(inline(WAV, "audio/wav")), null,
                options().setExtra(Map.of("response_format", "\"srt\"")).build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("response_format");
    }

    @Test
    void theTranscriptIsTheTextAndTheBilledSecondsTheUsage() {
        AdapterResult.Success success = (AdapterResult.Success) adapter.fromUpstream(speech(),
                answer(200, "openai/transcription-verbose.json", Map.of("x-request-id", "req_stt1")), NOW);

        assertThat(success.output().getText()).isEqualTo("The beach was a popular spot on a hot summer day.");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.output().getBinaries()).isEmpty();
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setUnits(9).setUnitKind(UnitKind.SECONDS).build());
        assertThat(success.upstreamRequestId()).contains("req_stt1");
    }

    @ParameterizedTest
    @CsvSource({
            "openai/transcription-duration-only.json, 62",
            "openai/transcription-fractional-usage.json, 5",
            "openai/transcription-tokens.json, 2",
    })
    void secondsAreRoundedUpFromUsageElseFromTheDuration(String fixture, long seconds) {
        AdapterResult.Success success = (AdapterResult.Success) adapter.fromUpstream(speech(), answer(200, fixture), NOW);

        assertThat(success.usage().getUnits()).isEqualTo(seconds);
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
    }

    @Test
    void tokenUsageIsKeptBesideTheSeconds() {
        Usage usage = ((AdapterResult.Success) adapter.fromUpstream(speech(), answer(200, "openai/transcription-tokens.json"), NOW)).usage();

        assertThat(usage.getInputTokens()).isEqualTo(14);
        assertThat(usage.getOutputTokens()).isEqualTo(45);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | openai/error-400-file-format.json | FATAL        | FATAL_ERROR     | invalid_request_error | Invalid file format",
            "401 | openai/error-401.json             | FATAL        | FATAL_ERROR     | invalid_api_key       | Incorrect API key",
            "404 | openai/error-404.json             | FATAL        | FATAL_ERROR     | model_not_found       | does not exist",
            "429 | openai/error-429.json             | RATE_LIMITED | RATE_LIMITED    | rate_limit_exceeded   | Rate limit reached",
            "500 | openai/error-500.json             | RETRYABLE    | RETRYABLE_ERROR | server_error          | The server had an error",
            "503 | openai/error-503.json             | RETRYABLE    | RETRYABLE_ERROR | overloaded            | currently overloaded",
    })
    void errorsAreClassifiedWithTheProvidersCode(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String code,
                                                String message) {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(speech(), answer(status, fixture), NOW);

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "openai/transcription-truncated.json        | the body is not JSON",
            "openai/transcription-missing-text.json     | the answer has no text (a string)",
            "openai/transcription-missing-duration.json | no duration (a number) and no usage.seconds",
            "openai/transcription-bad-duration.json     | the answer's duration is not a non-negative number",
            "openai/transcription-negative-usage.json   | usage.seconds is not a non-negative number",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(speech(), answer(200, fixture), NOW);

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.message()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                 | the body is empty",
            "\"just text\"      | the body is not a JSON object",
            "The beach was.     | the body is not JSON",
            "{\"text\": 42, \"duration\": 1} | the answer has no text (a string)",
    })
    void garbageBodiesAreInvalidResponsesNeverExceptions(String body, String message) {
        AdapterResult result = adapter.fromUpstream(speech(), raw(200, body), NOW);

        assertThat(((AdapterResult.Failure) result).outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(((AdapterResult.Failure) result).message()).contains(message);
    }
}
