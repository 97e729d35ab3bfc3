package io.inferline.workers.provider.google;

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
import io.inferline.workers.retry.FailureKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter's image requests, sent over real HTTP to the simulator, and its answers read back. */
class GeminiAgainstSimulatorTest {

    private static ProviderSimulator sim;
    private final GeminiAdapter adapter = new GeminiAdapter();

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
        return SimulatorHttp.call(adapter, request, SimulatorHttp.endpoint(sim, "google"), NOW);
    }

    private static RoutedRequest image(String model, GenerationOptions options) {
        return routed("google", model, Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("a lighthouse at dawn").build(), options);
    }

    @Test
    void imagesComeAsInlinePngsBilledOneUnitEach() throws Exception {
        AdapterResult result = call(image("gemini-2.5-flash-image", options().setSize("1344x768").setSeed(3L).build()));

        assertThat(result).as(String.valueOf(result)).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success success = (AdapterResult.Success) result;
        BinaryRef png = success.output().getBinaries().get(0);
        assertThat(success.output().getBinaries()).hasSize(1);
        assertThat(png.getContentType()).isEqualTo("image/png");
        assertThat(png.getSizeBytes()).isEqualTo(png.getInlineData().remaining());
        assertThat(success.output().getText()).isNull();
        assertThat(success.usage().getUnits()).isEqualTo(1);
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.IMAGES);
        assertThat(success.usage().getOutputTokens()).isEqualTo(1290);
        assertThat(success.upstreamRequestId()).isPresent();
    }

    @Test
    void aModelThatCannotDrawIsRefusedByTheApi() throws Exception {
        AdapterResult.Failure failure = (AdapterResult.Failure) call(image("gemini-2.5-flash", options().build()));

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.errorCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(failure.message()).contains("response modalities");
    }

    @Test
    void faultsOnTheImageModelAreClassified() throws Exception {
        sim.faults("google", "gemini-2.5-flash-image", Faults.down(503));
        AdapterResult.Failure down = (AdapterResult.Failure) call(image("gemini-2.5-flash-image", options().build()));
        assertThat(down.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(down.errorCode()).isEqualTo("UNAVAILABLE");

        sim.faults("google", "gemini-2.5-flash-image", Faults.none().withMalformedRate(1.0));
        AdapterResult.Failure cut = (AdapterResult.Failure) call(image("gemini-2.5-flash-image", options().build()));
        assertThat(cut.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
    }
}
