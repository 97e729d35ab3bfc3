package io.inferline.workers.provider.workersai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.workers.provider.SimulatorHttp;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.Capability;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.simulators.Faults;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
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
class WorkersAiAgainstSimulatorTest {

    private static final String TEXT = "Hello from inferline, spoken by a simulator.";
    private static ProviderSimulator sim;
    private final WorkersAiAdapter adapter = new WorkersAiAdapter();

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
        ProviderEndpoint endpoint = SimulatorHttp.endpoint(sim, "workers-ai", Map.of(WorkersAiAdapter.ACCOUNT_ID, sim.workersAiAccountId()));
        return SimulatorHttp.call(adapter, request, endpoint, NOW);
    }

    private static RoutedRequest request(String model, Capability capability, Input.Builder input) {
        return routed("workers-ai", model, capability, input.setCapability(capability).build(), options().build());
    }

    @Test
    void fluxAnswersOneInlineJpeg() throws Exception {
        AdapterResult result = call(request("@cf/black-forest-labs/flux-1-schnell", Capability.IMAGE,
                Input.newBuilder().setPrompt("a red fox")));

        assertThat(result).as(String.valueOf(result)).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success success = (AdapterResult.Success) result;
        assertThat(success.output().getBinaries().get(0).getContentType()).isEqualTo("image/jpeg");
        assertThat(success.usage().getUnits()).isEqualTo(1);
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.IMAGES);
        assertThat(success.upstreamRequestId()).isPresent();
    }

    @Test
    void melottsAnswersMp3BilledByCharacter() throws Exception {
        AdapterResult.Success success = (AdapterResult.Success) call(request("@cf/myshell-ai/melotts", Capability.SPEECH,
                Input.newBuilder().setPrompt(TEXT)));

        assertThat(success.output().getBinaries().get(0).getContentType()).isEqualTo("audio/mpeg");
        assertThat(success.usage().getUnits()).isEqualTo(TEXT.length());
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.CHARACTERS);
    }

    @Test
    void whisperTakesTheAudioBytesAndIsBilledBySeconds() throws Exception {
        AdapterResult result = call(request("@cf/openai/whisper", Capability.TRANSCRIPTION,
                Input.newBuilder().setMedia(List.of(InlineBinaries.inline(MediaFixtures.wav(3.2), "audio/wav")))));
        AdapterResult.Success mp3 = (AdapterResult.Success) call(request("@cf/openai/whisper", Capability.TRANSCRIPTION,
                Input.newBuilder().setMedia(List.of(InlineBinaries.inline(new byte[24_000], "audio/mpeg")))));

        assertThat(result).as(String.valueOf(result)).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success wav = (AdapterResult.Success) result;
        assertThat(wav.output().getText()).isEqualTo("simulated @cf/openai/whisper transcript of 3.2 seconds of audio");
        assertThat(wav.usage().getUnits()).isEqualTo(4);
        assertThat(wav.usage().getUnitKind()).isEqualTo(UnitKind.SECONDS);
        // not a WAV: the simulator times 24,000 bytes as 1.5 s, and the last word's end says so
        assertThat(mp3.usage().getUnits()).isEqualTo(2);
    }

    @Test
    void faultsOnTheMediaModelsAreClassified() throws Exception {
        sim.faults("workers-ai", "@cf/myshell-ai/melotts", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));
        AdapterResult.Failure limited = (AdapterResult.Failure) call(request("@cf/myshell-ai/melotts", Capability.SPEECH,
                Input.newBuilder().setPrompt(TEXT)));
        assertThat(limited.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(limited.errorCode()).isEqualTo("3040");
        assertThat(limited.failure().retryAfter()).contains(Duration.ofSeconds(2));

        sim.faults("workers-ai", Faults.none().withMalformedRate(1.0));
        AdapterResult.Failure cut = (AdapterResult.Failure) call(request("@cf/black-forest-labs/flux-1-schnell", Capability.IMAGE,
                Input.newBuilder().setPrompt("a red fox")));
        assertThat(cut.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);

        sim.clearFaults();
        AdapterResult.Failure refused = (AdapterResult.Failure) call(request("@cf/black-forest-labs/flux-1-schnell", Capability.IMAGE,
                Input.newBuilder().setPrompt("a".repeat(2049))));
        assertThat(refused.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(refused.errorCode()).isEqualTo("5006");
    }
}
