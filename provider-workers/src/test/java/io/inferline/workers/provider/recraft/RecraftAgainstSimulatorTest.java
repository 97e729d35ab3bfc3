package io.inferline.workers.provider.recraft;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.workers.provider.SimulatorHttp;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter's request, sent over real HTTP to the simulator, and the simulator's answer read back. */
class RecraftAgainstSimulatorTest {

    private static ProviderSimulator sim;
    private final RecraftAdapter adapter = new RecraftAdapter();

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private AdapterResult call(RoutedRequest request) throws Exception {
        return SimulatorHttp.call(adapter, request, SimulatorHttp.endpoint(sim, "recraft"), NOW);
    }

    private static RoutedRequest foxes(Map<String, String> extra) {
        return routed("recraft", "recraftv3", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("a red fox in the snow").build(),
                options().setSize("16:9").setExtra(extra).build());
    }

    @Test
    void urlImagesCanBeFetchedFromWhereTheAnswerPoints() throws Exception {
        AdapterResult result = call(foxes(Map.of("n", "2", "style", "\"digital_illustration\"")));

        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        AdapterResult.Success success = (AdapterResult.Success) result;
        assertThat(success.usage().getUnits()).isEqualTo(2);
        assertThat(success.usage().getUnitKind()).isEqualTo(UnitKind.IMAGES);
        BinaryRef image = success.output().getBinaries().get(0);
        assertThat(image.getContentType()).isEqualTo("image/webp");
        assertThat(image.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        HttpResponse<byte[]> file = SimulatorHttp.download(image);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).contains(image.getContentType());
    }

    @Test
    void base64VectorImagesComeInline() throws Exception {
        AdapterResult.Success success = (AdapterResult.Success) call(foxes(Map.of("response_format", "\"b64_json\"",
                "style", "\"vector_illustration\"")));

        BinaryRef image = success.output().getBinaries().get(0);
        assertThat(image.getUri()).isEqualTo("inline:");
        assertThat(image.getContentType()).isEqualTo("image/svg+xml");
        assertThat(image.getSizeBytes()).isEqualTo(image.getInlineData().remaining());
    }

    @Test
    void aWrongTokenIsAFatalPlainTextFailure() throws Exception {
        ProviderEndpoint wrong = SimulatorHttp.wrongKey(sim, "recraft", "not-the-token");
        AdapterResult.Failure failure = (AdapterResult.Failure) SimulatorHttp.call(adapter, foxes(Map.of()), wrong, NOW);

        assertThat(failure.failure().retryable()).isFalse();
        assertThat(failure.message()).isEqualTo("request unauthorized");
    }
}
