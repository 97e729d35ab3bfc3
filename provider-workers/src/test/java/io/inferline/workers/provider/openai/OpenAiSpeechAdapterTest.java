package io.inferline.workers.provider.openai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.endpoint;
import static io.inferline.workers.provider.AdapterFixtures.json;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static io.inferline.workers.provider.AdapterFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** tts-1 through {@code POST /v1/audio/speech}: JSON in, audio bytes out, billed by character. */
class OpenAiSpeechAdapterTest {

    // made up for the test, shaped like a project key
    private static final String KEY = "sk-proj-T3stK3yN0tR3alAbCdEfGhIjKlMnOpQrStUvWx";
    // 21 characters, one of them outside the BMP (two UTF-16 chars, one code point)
    private static final String TEXT = "Hello from inferline\uD83D\uDE00";
    private static final byte[] MP3 = frames(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64}, 417, 3);
    private final OpenAiAdapter adapter = new OpenAiAdapter();

    private static RoutedRequest speech(GenerationOptions options) {
        return routed("openai", "tts-1", Capability.SPEECH, Input.newBuilder().setCapability(Capability.SPEECH).setPrompt(TEXT).build(),
                options);
    }

    private static RoutedRequest format(String format) {
        return speech(options().setExtra(Map.of("response_format", format)).build());
    }

    private static UpstreamResponse audio(String contentType, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("x-request-id", "req_tts1");
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new UpstreamResponse(200, headers, body);
    }

    private static byte[] frames(byte[] header, int length, int count) {
        byte[] bytes = new byte[length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(header, 0, bytes, i * length, header.length);
        }
        return bytes;
    }

    private static byte[] wav(int dataBytes, int declared) {
        ByteBuffer buffer = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + declared).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        buffer.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(24_000).putInt(48_000).putShort((short) 2).putShort((short) 16);
        buffer.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(declared);
        return buffer.array();
    }

    private static byte[] tagged(String magic) {
        byte[] bytes = new byte[64];
        System.arraycopy(magic.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, magic.length());
        return bytes;
    }

    private AdapterResult.Failure invalid(RoutedRequest request, UpstreamResponse response) {
        AdapterResult result = adapter.fromUpstream(request, response, NOW);
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        AdapterResult.Failure failure = (AdapterResult.Failure) result;
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        return failure;
    }

    @Test
    void postsTheTextVoiceFormatAndSpeed() {
        RoutedRequest request = routed("openai", "tts-1", Capability.SPEECH,
                Input.newBuilder().setCapability(Capability.SPEECH).setPrompt("Hello from inferline.").build(),
                options().setVoice("nova").setExtra(Map.of("response_format", "\"wav\"", "speed", "1.25")).build());

        UpstreamRequest upstream = adapter.toUpstream(request, endpoint(KEY));

        assertThat(upstream.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/audio/speech"));
        assertThat(upstream.headers()).containsEntry("Authorization", "Bearer " + KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(upstream.body())).isEqualTo(json("openai/request-speech.json"));
    }

    @Test
    void alloyAndMp3WhenTheRequestNamesNeither() {
        UpstreamRequest upstream = adapter.toUpstream(speech(options().build()), endpoint(KEY));

        assertThat(tree(upstream.body()).get("voice").asText()).isEqualTo("alloy");
        assertThat(tree(upstream.body()).get("response_format").asText()).isEqualTo("mp3");
        assertThat(tree(upstream.body()).has("speed")).isFalse();
    }

    @Test
    void whatTheApiCannotTakeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> adapter.toUpstream(format("ogg"), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("mp3, opus, aac, flac, wav, pcm");
        assertThatThrownBy(() -> adapter.toUpstream(speech(options().setExtra(Map.of("speed", "5")).build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("\"speed\"");
        assertThatThrownBy(() -> adapter.toUpstream(speech(options().setExtra(Map.of("instructions", "\"calm\"")).build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("instructions");
        RoutedRequest silent = routed("openai", "tts-1", Capability.SPEECH, Input.newBuilder().setCapability(Capability.SPEECH).build(),
                options().build());
        assertThatThrownBy(() -> adapter.toUpstream(silent, endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.prompt");
    }

    @Test
    void theAudioIsInlineAndBilledByCodePoint() {
        AdapterResult result = adapter.fromUpstream(speech(options().build()), audio("audio/mpeg", MP3), NOW);

        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success success = (AdapterResult.Success) result;
        BinaryRef audio = success.output().getBinaries().get(0);
        assertThat(audio.getContentType()).isEqualTo("audio/mpeg");
        assertThat(audio.getSizeBytes()).isEqualTo(MP3.length);
        assertThat(audio.getSha256()).isEqualTo(InlineBinaries.sha256Hex(MP3));
        assertThat(success.usage().getUnits()).isEqualTo(21);
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.CHARACTERS);
        assertThat(success.usage().getInputTokens()).isZero();
        assertThat(success.upstreamRequestId()).contains("req_tts1");
    }

    @ParameterizedTest
    @CsvSource({
            "wav, audio/wav, audio/wav",
            "opus, audio/opus, audio/ogg",
            "flac, audio/flac, audio/flac",
            "aac, audio/aac, audio/aac",
            "pcm, audio/pcm, audio/L16;rate=24000;channels=1",
    })
    void everyFormatComesTypedAsItIs(String format, String header, String expected) {
        byte[] body = switch (format) {
            case "wav" -> wav(480, 480);
            case "opus" -> tagged("OggS");
            case "flac" -> tagged("fLaC");
            case "aac" -> frames(new byte[] {(byte) 0xFF, (byte) 0xF1, 0x58, 0x40}, 64, 2);
            default -> new byte[480];
        };

        AdapterResult.Success success = (AdapterResult.Success) adapter.fromUpstream(format(format), audio(header, body), NOW);

        assertThat(success.output().getBinaries().get(0).getContentType()).isEqualTo(expected);
        assertThat(success.output().getBinaries().get(0).getInlineData().array()).isEqualTo(body);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | openai/error-400-speech-too-long.json | FATAL        | invalid_request_error | at most 4096 characters",
            "401 | openai/error-401.json                 | FATAL        | invalid_api_key       | Incorrect API key",
            "429 | openai/error-429.json                 | RATE_LIMITED | rate_limit_exceeded   | Rate limit reached",
            "500 | openai/error-500.json                 | RETRYABLE    | server_error          | The server had an error",
            "503 | openai/error-503.json                 | RETRYABLE    | overloaded            | currently overloaded",
    })
    void errorsComeAsJsonLikeEveryOtherEndpoint(int status, String fixture, FailureKind kind, String code, String message) {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(speech(options().build()),
                answer(status, fixture, Map.of("Content-Type", "application/json", "x-ratelimit-remaining-requests", "0",
                        "x-ratelimit-reset-requests", "2s")), NOW);

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
        if (status == 429) {
            assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(2));
        }
    }

    @Test
    void anEmptyBodyIsNoAudio() {
        assertThat(invalid(speech(options().build()), audio("audio/mpeg", new byte[0])).message()).contains("the body is empty");
    }

    @Test
    void aJsonOrHtmlBodyIsNoAudio() {
        byte[] json = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] html = "<html><body>maintenance</body></html>".getBytes(StandardCharsets.UTF_8);

        assertThat(invalid(speech(options().build()), audio("application/json", json)).message())
                .contains("not audio").contains("{\"ok\":true}");
        assertThat(invalid(speech(options().build()), audio("text/html; charset=utf-8", html)).message()).contains("not audio");
    }

    @Test
    void audioOfAnotherFormatThanAskedIsRefused() {
        assertThat(invalid(speech(options().build()), audio("audio/mpeg", wav(480, 480))).message())
                .contains("not mp3 audio").contains("audio/wav");
        assertThat(invalid(format("flac"), audio(null, MP3)).message()).contains("not flac audio");
        assertThat(invalid(format("aac"), audio(null, new byte[64])).message()).contains("not aac audio");
        assertThat(invalid(format("pcm"), audio(null, new byte[481])).message()).contains("not pcm audio");
    }

    @Test
    void aWavCutShortIsRefusedButAStreamedHeaderIsNot() {
        assertThat(invalid(format("wav"), audio("audio/wav", wav(240, 480))).message()).contains("cut short");

        byte[] streamed = wav(240, 0xFFFFFFFF - 36);
        ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
        assertThat(adapter.fromUpstream(format("wav"), audio("audio/wav", streamed), NOW)).isInstanceOf(AdapterResult.Success.class);
    }

    @Test
    void garbageNeverThrows() {
        byte[] noise = Arrays.copyOf("garbage".getBytes(StandardCharsets.UTF_8), 9);

        assertThat(invalid(speech(options().build()), audio("application/octet-stream", noise)).message()).contains("not mp3 audio");
    }
}
