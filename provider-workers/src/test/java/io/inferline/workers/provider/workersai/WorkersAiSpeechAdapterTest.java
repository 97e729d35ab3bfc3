package io.inferline.workers.provider.workersai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.tree;
import static io.inferline.workers.provider.workersai.MediaFixtures.ERROR_HEADERS;
import static io.inferline.workers.provider.workersai.MediaFixtures.RAY;
import static io.inferline.workers.provider.workersai.MediaFixtures.RUN;
import static io.inferline.workers.provider.workersai.MediaFixtures.endpoint;
import static io.inferline.workers.provider.workersai.MediaFixtures.request;
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
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Workers AI melotts (text-to-speech) on recorded-style answers. */
class WorkersAiSpeechAdapterTest {

    private final WorkersAiAdapter adapter = new WorkersAiAdapter();

    static final String TEXT = "Bonjour, \u00e7a va?";

    static RoutedRequest hello() {
        return speech(options().build());
    }

    static RoutedRequest speech(GenerationOptions options) {
        return request("@cf/myshell-ai/melotts", Capability.SPEECH, Input.newBuilder().setPrompt(TEXT), options);
    }

    @Test
    void postsThePromptAndLanguage() {
        UpstreamRequest upstream = adapter.toUpstream(speech(options().setVoice("ignored").setExtra(Map.of("lang", "\"fr\"")).build()),
                endpoint());

        assertThat(upstream.uri()).isEqualTo(URI.create(RUN + "@cf/myshell-ai/melotts"));
        assertThat(tree(upstream.body())).isEqualTo(tree(("{\"prompt\":\"" + TEXT + "\",\"lang\":\"fr\"}").getBytes(StandardCharsets.UTF_8)));
        assertThat(tree(adapter.toUpstream(hello(), endpoint()).body()).has("lang")).isFalse();
    }

    @Test
    void whatTheSchemaCannotTakeIsRefused() {
        assertThatThrownBy(() -> adapter.toUpstream(speech(options().setExtra(Map.of("speed", "2")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("[speed]");
        assertThatThrownBy(() -> adapter.toUpstream(request("@cf/myshell-ai/melotts", Capability.SPEECH, Input.newBuilder(),
                options().build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.prompt");
    }

    @Test
    void theBase64AudioIsInlineMp3BilledByCharacter() {
        AdapterResult.Success success = MediaFixtures.success(adapter, hello(), "workers-ai/speech-success.json");

        BinaryRef audio = success.output().getBinaries().get(0);
        assertThat(audio.getContentType()).isEqualTo("audio/mpeg");
        assertThat(audio.getSizeBytes()).isEqualTo(834);
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setUnits(TEXT.length()).setUnitKind(UnitKind.CHARACTERS).build());
    }

    @Test
    void theAudioItselfAsTheBodyIsReadToo() {
        byte[] mp3 = new byte[417];
        mp3[0] = (byte) 0xFF;
        mp3[1] = (byte) 0xFB;
        mp3[2] = (byte) 0x90;
        AdapterResult result = adapter.fromUpstream(hello(), new UpstreamResponse(200, Map.of("Content-Type", "audio/mpeg"), mp3), NOW);

        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        assertThat(((AdapterResult.Success) result).output().getBinaries().get(0).getInlineData().array()).isEqualTo(mp3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "workers-ai/speech-missing.json   | the answer has no result.audio (a string)",
            "workers-ai/speech-not-audio.json | the audio is image/png, not audio",
            "workers-ai/chat-truncated.json   | the body is not JSON",
    })
    void unreadableSuccessesAreInvalidResponses(String fixture, String message) {
        assertThat(MediaFixtures.invalid(adapter, hello(), answer(200, fixture, RAY)).message()).contains(message);
    }

    @Test
    void anEmptyAudioBodyIsInvalid() {
        assertThat(MediaFixtures.invalid(adapter, hello(), new UpstreamResponse(200, Map.of("Content-Type", "audio/mpeg"), new byte[0])).message())
                .contains("the audio is empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | workers-ai/error-400.json | FATAL        | ''    | ''",
            "401 | workers-ai/error-401.json | FATAL        | 10000 | Authentication error",
            "404 | workers-ai/error-404.json | FATAL        | ''    | ''",
            "429 | workers-ai/error-429.json | RATE_LIMITED | 3040  | Capacity temporarily exceeded",
            "503 | workers-ai/error-503.json | RETRYABLE    | ''    | ''",
    })
    void errorsAreClassifiedWithCloudflaresCode(int status, String fixture, FailureKind kind, String code, String message) {
        ErrorChecks.check(adapter.fromUpstream(hello(), answer(status, fixture, ERROR_HEADERS), NOW), kind, code, message);
    }
}
