package io.inferline.workers.provider.openai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.workers.provider.SimulatorHttp;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.simulators.Faults;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.retry.FailureKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter's image, speech and transcription requests, sent over real HTTP to the simulator, and its answers read back. */
class OpenAiAgainstSimulatorTest {

    private static final String TEXT = "Hello from inferline, spoken by a simulator.";
    private static ProviderSimulator sim;
    private final OpenAiAdapter adapter = new OpenAiAdapter();

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void healthy() {
        sim.clearFaults();
    }

    private AdapterResult call(RoutedRequest request) throws Exception {
        return SimulatorHttp.call(adapter, request, SimulatorHttp.endpoint(sim, "openai"), NOW);
    }

    private static RoutedRequest image(GenerationOptions options) {
        return routed("openai", "gpt-image-1", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("a red fox in the snow").build(), options);
    }

    private static RoutedRequest speech(GenerationOptions options) {
        return routed("openai", "tts-1", Capability.SPEECH, Input.newBuilder().setCapability(Capability.SPEECH).setPrompt(TEXT).build(),
                options);
    }

    private static RoutedRequest transcription(byte[] audio, String type) {
        return routed("openai", "whisper-1", Capability.TRANSCRIPTION, Input.newBuilder().setCapability(Capability.TRANSCRIPTION)
                .setMedia(List.of(InlineBinaries.inline(audio, type))).build(), options().build());
    }

    @Test
    void imagesComeInlineWithTheirTokensAndOneUnitEach() throws Exception {
        AdapterResult result = call(image(options().setSize("1536x1024").setExtra(Map.of("n", "2", "quality", "low",
                "output_format", "jpeg")).build()));

        assertThat(result).as(String.valueOf(result)).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success success = (AdapterResult.Success) result;
        assertThat(success.output().getBinaries()).hasSize(2).allSatisfy(image -> {
            assertThat(image.getContentType()).isEqualTo("image/jpeg");
            assertThat(image.getSizeBytes()).isEqualTo(image.getInlineData().remaining());
        });
        assertThat(success.usage().getUnits()).isEqualTo(2);
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.IMAGES);
        assertThat(success.usage().getOutputTokens()).isEqualTo(2 * 408);
        assertThat(success.upstreamRequestId()).isPresent();
    }

    @Test
    void speechIsTheAudioFileBilledByCharacter() throws Exception {
        AdapterResult.Success mp3 = (AdapterResult.Success) call(speech(options().build()));
        AdapterResult.Success wav = (AdapterResult.Success) call(speech(options().setVoice("shimmer")
                .setExtra(Map.of("response_format", "wav", "speed", "0.9")).build()));

        BinaryRef audio = mp3.output().getBinaries().get(0);
        assertThat(audio.getContentType()).isEqualTo("audio/mpeg");
        assertThat(audio.getSizeBytes()).isPositive();
        assertThat(mp3.usage().getUnits()).isEqualTo(TEXT.length());
        assertThat(mp3.usage().getUnitKind()).isEqualTo(UnitKind.CHARACTERS);
        assertThat(wav.output().getBinaries().get(0).getContentType()).isEqualTo("audio/wav");
    }

    @Test
    void transcriptionUploadsTheFormAndBillsTheSecondsOfAudio() throws Exception {
        AdapterResult result = call(transcription(OpenAiTranscriptionAdapterTest.wav(16_000 * 5 / 2), "audio/wav"));

        assertThat(result).as(String.valueOf(result)).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success success = (AdapterResult.Success) result;
        assertThat(success.output().getText()).isEqualTo("simulated whisper-1 transcript of 2.5 seconds of audio");
        assertThat(success.usage().getUnits()).isEqualTo(3);
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
    }

    @Test
    void errorsAndCutBodiesOfTheMediaEndpointsAreClassified() throws Exception {
        sim.faults("openai", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));
        AdapterResult.Failure limited = (AdapterResult.Failure) call(transcription(new byte[8_000], "audio/mpeg"));
        assertThat(limited.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(limited.errorCode()).isEqualTo("rate_limit_exceeded");
        assertThat(limited.failure().retryAfter()).contains(Duration.ofSeconds(2));

        sim.faults("openai", Faults.none().withMalformedRate(1.0));
        AdapterResult.Failure cut = (AdapterResult.Failure) call(image(options().build()));
        assertThat(cut.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(cut.failure().retryable()).isTrue();
    }

    @Test
    void whatTheSimulatorRefusesIsFatal() throws Exception {
        AdapterResult.Failure tooLong = (AdapterResult.Failure) call(routed("openai", "tts-1", Capability.SPEECH,
                Input.newBuilder().setCapability(Capability.SPEECH).setPrompt("a".repeat(4097)).build(), options().build()));
        AdapterResult.Failure badSize = (AdapterResult.Failure) call(image(options().setSize("640x480").build()));

        assertThat(tooLong.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(tooLong.message()).contains("4096");
        assertThat(badSize.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(badSize.message()).contains("640x480");
    }
}
