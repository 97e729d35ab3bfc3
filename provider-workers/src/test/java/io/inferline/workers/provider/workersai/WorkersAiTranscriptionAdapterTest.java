package io.inferline.workers.provider.workersai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.raw;
import static io.inferline.workers.provider.workersai.MediaFixtures.ERROR_HEADERS;
import static io.inferline.workers.provider.workersai.MediaFixtures.RAY;
import static io.inferline.workers.provider.workersai.MediaFixtures.RUN;
import static io.inferline.workers.provider.workersai.MediaFixtures.TOKEN;
import static io.inferline.workers.provider.workersai.MediaFixtures.endpoint;
import static io.inferline.workers.provider.workersai.MediaFixtures.request;
import static io.inferline.workers.provider.workersai.MediaFixtures.wav;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Workers AI whisper (speech recognition) on recorded-style answers. */
class WorkersAiTranscriptionAdapterTest {

    private final WorkersAiAdapter adapter = new WorkersAiAdapter();

    static RoutedRequest of(byte[] audio) {
        return of(audio, "audio/wav", options().build());
    }

    static RoutedRequest of(byte[] audio, String type, GenerationOptions options) {
        return request("@cf/openai/whisper", Capability.TRANSCRIPTION,
                Input.newBuilder().setMedia(List.of(InlineBinaries.inline(audio, type))), options);
    }

    @Test
    void theAudioBytesAreTheBody() {
        byte[] audio = wav(1.5);
        UpstreamRequest upstream = adapter.toUpstream(of(audio), endpoint());

        assertThat(upstream.uri()).isEqualTo(URI.create(RUN + "@cf/openai/whisper"));
        assertThat(upstream.headers()).containsEntry("Authorization", "Bearer " + TOKEN)
                .containsEntry("Content-Type", "application/octet-stream");
        assertThat(upstream.body()).isEqualTo(audio);
    }

    @Test
    void mediaOnlyNamedByUriIsRefused() {
        BinaryRef remote = BinaryRef.newBuilder().setUri("s3://bucket/secret-path/audio.mp3").setContentType("audio/mpeg").build();
        RoutedRequest request = request("@cf/openai/whisper", Capability.TRANSCRIPTION, Input.newBuilder().setMedia(List.of(remote)),
                options().build());

        assertThatThrownBy(() -> adapter.toUpstream(request, endpoint()))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("workers-ai").hasMessageContaining("inline_data").hasMessageNotContaining("secret-path");
        assertThatThrownBy(() -> adapter.toUpstream(request("@cf/openai/whisper", Capability.TRANSCRIPTION, Input.newBuilder(),
                options().build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.media");
    }

    @Test
    void aWavIsBilledByItsHeaderRoundedUp() {
        AdapterResult.Success success = MediaFixtures.success(adapter, of(wav(2.5)), "workers-ai/transcription-success.json");

        assertThat(success.output().getText()).isEqualTo("Hello, world, this is a test.");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setUnits(3).setUnitKind(UnitKind.SECONDS).build());
    }

    @ParameterizedTest
    @CsvSource({
            "workers-ai/transcription-success.json, 0, 3",
            "workers-ai/transcription-vtt-only.json, 0, 63",
            "workers-ai/transcription-text-only.json, 45, 45",
            "workers-ai/transcription-text-only.json, 0, 0",
    })
    void otherAudioIsBilledByTheLatestTimestampElseTheDeclaredDuration(String fixture, int declared, long seconds) {
        GenerationOptions options = declared > 0 ? options().setDurationSeconds(declared).build() : options().build();
        AdapterResult.Success success = MediaFixtures.success(adapter, of(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64}, "audio/mpeg", options),
                fixture);

        assertThat(success.usage().getUnits()).isEqualTo(seconds);
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "workers-ai/transcription-missing-text.json     | the answer has no result.text (a string)",
            "workers-ai/transcription-bad-words.json        | result.words[0].end is not a non-negative number",
            "workers-ai/transcription-words-not-array.json  | result.words is not an array",
            "workers-ai/transcription-truncated.json        | the body is not JSON",
    })
    void unreadableSuccessesAreInvalidResponses(String fixture, String message) {
        assertThat(MediaFixtures.invalid(adapter, of(new byte[] {1, 2, 3, 4}, "audio/mpeg", options().build()), answer(200, fixture, RAY)).message())
                .contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                | the body is empty",
            "[]                | the answer has no success (a boolean)",
            "{\"success\": true, \"result\": []} | the answer has no result (an object)",
            "{\"success\": true, \"result\": {\"text\": null}} | the answer has no result.text (a string)",
    })
    void garbageBodiesAreInvalidResponsesNeverExceptions(String body, String message) {
        assertThat(MediaFixtures.invalid(adapter, of(wav(1)), raw(200, body)).message()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | workers-ai/error-400.json | FATAL        | ''    | ''",
            "401 | workers-ai/error-401.json | FATAL        | 10000 | Authentication error",
            "413 | workers-ai/error-413.json | FATAL        | 3006  | too large",
            "429 | workers-ai/error-429.json | RATE_LIMITED | 3040  | Capacity temporarily exceeded",
            "500 | workers-ai/error-500.json | RETRYABLE    | ''    | ''",
    })
    void errorsAreClassifiedWithCloudflaresCode(int status, String fixture, FailureKind kind, String code, String message) {
        ErrorChecks.check(adapter.fromUpstream(of(wav(1)), answer(status, fixture, ERROR_HEADERS), NOW), kind, code, message);
    }
}
