package io.inferline.workers.provider.inworld;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
import static io.inferline.workers.provider.AdapterFixtures.json;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.raw;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static io.inferline.workers.provider.AdapterFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterFixtures;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class InworldAdapterTest {

    // made up for the test, shaped like InWorld's Base64 credential (client:secret)
    private static final String KEY = "aW53b3JsZC10ZXN0LWNsaWVudDpuMHRBUmVhbDVlY3JldEp1c3RGb3JUZXN0czIwMjY=";
    private static final String TEXT = "Hello from inferline!";
    private final InworldAdapter adapter = new InworldAdapter();

    private static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(KEY);
    }

    private static RoutedRequest speech(String model, GenerationOptions options) {
        return routed("inworld", model, Capability.SPEECH,
                Input.newBuilder().setCapability(Capability.SPEECH).setPrompt(TEXT).build(), options);
    }

    private static RoutedRequest plain() {
        return speech("inworld-tts-1", options().build());
    }

    private static RoutedRequest wav() {
        return speech("inworld-tts-1-max", options().setVoice("Dennis").setTemperature(0.7)
                .setExtra(Map.of("audio_encoding", "\"LINEAR16\"", "sample_rate_hertz", "22050")).build());
    }

    private AdapterResult.Success success(RoutedRequest request, String fixture) {
        AdapterResult result = adapter.fromUpstream(request, answer(200, fixture), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        return (AdapterResult.Success) result;
    }

    private AdapterResult.Failure failure(int status, String fixture, Map<String, String> headers) {
        AdapterResult result = adapter.fromUpstream(plain(), answer(status, fixture, headers), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        return (AdapterResult.Failure) result;
    }

    @Test
    void namesItselfAndTheRealApi() {
        assertThat(adapter.provider()).isEqualTo("inworld");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.inworld.ai"));
    }

    @Test
    void theKeyGoesAsItIsIntoBasicAuth() {
        UpstreamRequest request = adapter.toUpstream(wav(), endpoint());

        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/tts/v1/voice"));
        assertThat(request.headers()).containsEntry("Authorization", "Basic " + KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("inworld/voice-request.json"));
    }

    @Test
    void withoutVoiceOrEncodingAshleySpeaksMp3() {
        JsonNode body = tree(adapter.toUpstream(plain(), endpoint()).body());

        assertThat(body.get("voiceId").asText()).isEqualTo("Ashley");
        assertThat(body.get("modelId").asText()).isEqualTo("inworld-tts-1");
        assertThat(body.get("audioConfig").get("audioEncoding").asText()).isEqualTo("MP3");
        assertThat(body.get("audioConfig").has("sampleRateHertz")).isFalse();
        assertThat(body.has("temperature")).isFalse();
    }

    @Test
    void whatTheApiCannotTakeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> adapter.toUpstream(speech("inworld-tts-1", options().setExtra(Map.of("audio_encoding", "\"AAC\"")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("AAC").hasMessageContaining("OGG_OPUS");
        assertThatThrownBy(() -> adapter.toUpstream(speech("inworld-tts-1", options().setExtra(Map.of("sample_rate_hertz", "96000")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("8000 to 48000");
        assertThatThrownBy(() -> adapter.toUpstream(speech("inworld-tts-1", options().setExtra(Map.of("speaking_rate", "1.2")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("speaking_rate");
        RoutedRequest silent = routed("inworld", "inworld-tts-1", Capability.SPEECH,
                Input.newBuilder().setCapability(Capability.SPEECH).setPrompt(" ").build(), options().build());
        assertThatThrownBy(() -> adapter.toUpstream(silent, endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.prompt");
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"CHAT", "EMBEDDING", "IMAGE", "VIDEO", "TRANSCRIPTION"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("inworld", "inworld-tts-1", capability), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("inworld").hasMessageContaining(capability.name());
    }

    @Test
    void mp3AudioIsInlineAndTheProcessedCharactersAreBilled() {
        AdapterResult.Success success = success(plain(), "inworld/voice-mp3.json");

        byte[] expected = Base64.getDecoder().decode(json("inworld/voice-mp3.json").get("audioContent").asText());
        assertThat(success.output().getBinaries()).hasSize(1);
        BinaryRef audio = success.output().getBinaries().get(0);
        assertThat(audio.getUri()).isEqualTo("inline:");
        assertThat(audio.getContentType()).isEqualTo("audio/mpeg");
        assertThat(audio.getSizeBytes()).isEqualTo(expected.length);
        assertThat(audio.getSha256()).isEqualTo(InlineBinaries.sha256Hex(expected));
        assertThat(audio.getInlineData().array()).isEqualTo(expected);
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setUnits(21).setUnitKind(UnitKind.CHARACTERS).build());
    }

    @Test
    void linear16IsWavAndHeaderlessPcmNamesItsRate() {
        AdapterResult.Success wav = success(wav(), "inworld/voice-linear16.json");
        RoutedRequest pcm = speech("inworld-tts-1", options().setExtra(Map.of("audio_encoding", "\"PCM\"", "sample_rate_hertz", "16000")).build());

        assertThat(wav.output().getBinaries().get(0).getContentType()).isEqualTo("audio/wav");
        assertThat(success(pcm, "inworld/voice-pcm.json").output().getBinaries().get(0).getContentType())
                .isEqualTo("audio/L16;rate=16000;channels=1");
    }

    @Test
    void withoutUsageTheTextsCharactersAreBilled() {
        AdapterResult.Success success = success(speech("inworld-tts-1", options().build()), "inworld/voice-missing-usage.json");

        assertThat(success.usage().getUnits()).isEqualTo(TEXT.length());
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.CHARACTERS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | inworld/error-400.json | FATAL     | FATAL_ERROR     | INVALID_ARGUMENT | exceeds the limit of 2000 characters",
            "401 | inworld/error-401.json | FATAL     | FATAL_ERROR     | UNAUTHENTICATED  | invalid authorization header",
            "404 | inworld/error-404.json | FATAL     | FATAL_ERROR     | NOT_FOUND        | Unknown voice",
            "500 | inworld/error-500.json | RETRYABLE | RETRYABLE_ERROR | INTERNAL         | Internal error",
            "503 | inworld/error-503.json | RETRYABLE | RETRYABLE_ERROR | UNAVAILABLE      | Service unavailable",
    })
    void grpcStatusesAreClassifiedByHttpStatusAndNamedByCode(int status, String fixture, FailureKind kind, AttemptOutcome outcome,
                                                             String code, String message) {
        AdapterResult.Failure failure = failure(status, fixture, Map.of());

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
    }

    @Test
    void resourceExhaustedIsRateLimitedUntilRetryAfter() {
        AdapterResult.Failure failure = failure(429, "inworld/error-429.json", Map.of("Retry-After", "4"));

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(failure.errorCode()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(4));
    }

    @Test
    void theKeyNeverReachesTheFailureNorTheRequestsText() {
        UpstreamRequest request = adapter.toUpstream(plain(), endpoint());
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(plain(),
                answerWithKey(401, "inworld/error-401-echo.json", KEY), NOW);

        assertThat(request.toString()).doesNotContain(KEY);
        assertThat(failure.errorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(failure.message()).startsWith("Unauthenticated: credential").doesNotContain(KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "inworld/voice-truncated.json     | the body is not JSON",
            "inworld/voice-missing-audio.json | the answer has no audioContent (a string)",
            "inworld/voice-bad-usage.json     | usage.processedCharactersCount is not a non-negative whole number",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = failure(200, fixture, Map.of());

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(message);
    }

    @Test
    void notBase64OrAnEmptyBodyIsAnInvalidResponse() {
        AdapterResult garbled = adapter.fromUpstream(plain(), raw(200, "{\"audioContent\":\"%%%\"}"), NOW);
        AdapterResult empty = adapter.fromUpstream(plain(), raw(200, ""), NOW);

        assertThat(((AdapterResult.Failure) garbled).message()).contains("audioContent is not base64");
        assertThat(((AdapterResult.Failure) empty).message()).contains("the body is empty");
    }
}
