package io.inferline.workers.provider.minimax;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
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
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Text to speech: {@code POST /v1/t2a_v2}, hex audio in, inline bytes out, billed per character. */
class MiniMaxSpeechAdapterTest {

    private final MiniMaxAdapter adapter = new MiniMaxAdapter();

    private static RoutedRequest say(String text, GenerationOptions options) {
        return routed("minimax", "speech-02-hd", Capability.SPEECH,
                Input.newBuilder().setCapability(Capability.SPEECH).setPrompt(text).build(), options);
    }

    private static RoutedRequest hello() {
        return say("Hello world", options().setVoice("English_Graceful_Lady").build());
    }

    private static RoutedRequest pcm() {
        return say("Hello world", options().setExtra(Map.of("format", "\"pcm\"", "sample_rate", "16000")).build());
    }

    private AdapterResult.Success success(RoutedRequest request, String fixture) {
        AdapterResult result = adapter.fromUpstream(request, answer(200, "minimax/" + fixture), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        return (AdapterResult.Success) result;
    }

    @Test
    void speechPostsTextVoiceAndAudioSettingsAskingForHex() {
        UpstreamRequest request = adapter.toUpstream(hello(), MiniMaxAdapterTest.endpoint());

        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/t2a_v2"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + MiniMaxAdapterTest.KEY);
        assertThat(tree(request.body())).isEqualTo(json("minimax/speech-request.json"));
    }

    @Test
    void theDefaultVoiceAndOtherFormatsWithoutABitrate() {
        var plain = tree(adapter.toUpstream(say("Hi", options().build()), MiniMaxAdapterTest.endpoint()).body());
        var raw = tree(adapter.toUpstream(pcm(), MiniMaxAdapterTest.endpoint()).body());

        assertThat(plain.get("voice_setting").get("voice_id").asText()).isEqualTo("male-qn-qingse");
        assertThat(raw.get("audio_setting").get("format").asText()).isEqualTo("pcm");
        assertThat(raw.get("audio_setting").get("sample_rate").asInt()).isEqualTo(16000);
        assertThat(raw.get("audio_setting").has("bitrate")).isFalse();
    }

    @Test
    void whatTheApiCannotTakeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> adapter.toUpstream(say("Hi", options().setExtra(Map.of("format", "\"ogg\"")).build()),
                MiniMaxAdapterTest.endpoint())).isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("mp3, pcm, flac, wav");
        assertThatThrownBy(() -> adapter.toUpstream(say("Hi", options().setExtra(Map.of("emotion", "\"happy\"")).build()),
                MiniMaxAdapterTest.endpoint())).isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("emotion");
        assertThatThrownBy(() -> adapter.toUpstream(say(" ", options().build()), MiniMaxAdapterTest.endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.prompt");
    }

    @Test
    void hexAudioBecomesInlineMp3BilledByTheReportedCharacters() {
        AdapterResult.Success success = success(hello(), "speech-mp3.json");

        BinaryRef audio = success.output().getBinaries().get(0);
        byte[] expected = HexFormat.of().parseHex("fffb9064" + "00".repeat(28));
        assertThat(audio.getUri()).isEqualTo("inline:");
        assertThat(audio.getContentType()).isEqualTo("audio/mpeg");
        assertThat(audio.getInlineData().array()).isEqualTo(expected);
        assertThat(audio.getSizeBytes()).isEqualTo(32);
        assertThat(audio.getSha256()).isEqualTo(InlineBinaries.sha256Hex(expected));
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setUnits(11).setUnitKind(UnitKind.CHARACTERS).build());
        assertThat(success.upstreamRequestId()).contains("01b8bf9bb7433cc75c18eee6cfa8fe21");
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
    }

    @Test
    void pcmNamesItsRateAndAMissingCountFallsBackToTheTextsCharacters() {
        AdapterResult.Success raw = success(pcm(), "speech-pcm.json");
        AdapterResult.Success uncounted = success(say("Grüß dich 👋", options().build()), "speech-missing-usage.json");

        assertThat(raw.output().getBinaries().get(0).getContentType()).isEqualTo("audio/L16;rate=16000;channels=1");
        assertThat(raw.usage().getUnits()).isEqualTo(22);
        assertThat(uncounted.usage().getUnits()).isEqualTo(11);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "speech-1042.json | FATAL        | 1042",
            "error-1002.json  | RATE_LIMITED | 1002",
            "error-1004.json  | FATAL        | 1004",
    })
    void refusalsOnHttp200AreClassifiedByTheirCode(String fixture, FailureKind kind, String code) {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(hello(), answer(200, "minimax/" + fixture), NOW);

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.errorCode()).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "speech-missing-audio.json | the answer has no data.audio",
            "speech-empty-audio.json   | data.audio is empty",
            "speech-bad-hex.json       | data.audio is not hex",
            "speech-unfinished.json    | data.status is 1",
            "speech-bad-usage.json     | extra_info.usage_characters is not a non-negative whole number",
            "chat-success.json         | the answer has no data (an object)",
    })
    void unreadableAudioIsRetriedAsAnInvalidResponse(String fixture, String message) {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(hello(), answer(200, "minimax/" + fixture), NOW);

        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.message()).contains(message);
    }
}
