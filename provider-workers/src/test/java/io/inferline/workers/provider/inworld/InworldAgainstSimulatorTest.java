package io.inferline.workers.provider.inworld;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.workers.provider.SimulatorHttp;
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
import io.inferline.workers.retry.FailureKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter's request, sent over real HTTP to the simulator, and the simulator's answer read back. */
class InworldAgainstSimulatorTest {

    private static final String TEXT = "Hello from inferline, spoken by a simulator.";
    private static ProviderSimulator sim;
    private final InworldAdapter adapter = new InworldAdapter();

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private AdapterResult call(RoutedRequest request) throws Exception {
        return SimulatorHttp.call(adapter, request, SimulatorHttp.endpoint(sim, "inworld"), NOW);
    }

    private static RoutedRequest speech(String model, GenerationOptions options) {
        return routed("inworld", model, Capability.SPEECH,
                Input.newBuilder().setCapability(Capability.SPEECH).setPrompt(TEXT).build(), options);
    }

    @Test
    void mp3ByDefaultBilledByCharacter() throws Exception {
        AdapterResult result = call(speech("inworld-tts-1", options().build()));

        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success success = (AdapterResult.Success) result;
        BinaryRef audio = success.output().getBinaries().get(0);
        assertThat(audio.getContentType()).isEqualTo("audio/mpeg");
        assertThat(audio.getSizeBytes()).isPositive();
        assertThat(success.usage().getUnits()).isEqualTo(TEXT.length());
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.CHARACTERS);
    }

    @Test
    void linear16ComesBackAsWav() throws Exception {
        AdapterResult.Success success = (AdapterResult.Success) call(speech("inworld-tts-1-max", options().setVoice("Dennis")
                .setExtra(Map.of("audio_encoding", "\"LINEAR16\"", "sample_rate_hertz", "16000")).build()));

        assertThat(success.output().getBinaries().get(0).getContentType()).isEqualTo("audio/wav");
    }

    @Test
    void rateLimitsAreReadWithTheirWait() throws Exception {
        sim.faults("inworld", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));
        try {
            AdapterResult.Failure failure = (AdapterResult.Failure) call(speech("inworld-tts-1", options().build()));

            assertThat(failure.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(failure.errorCode()).isEqualTo("RESOURCE_EXHAUSTED");
            assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(2));
        } finally {
            sim.clearFaults();
        }
    }
}
