package io.inferline.workers.provider.recraft;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.Capability;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UnitKind;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.Secret;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter's request, sent over real HTTP to the simulator, and the simulator's answer read back. */
class RecraftAgainstSimulatorTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
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
        ProviderEndpoint endpoint = new ProviderEndpoint(sim.baseUrl("recraft"), Secret.of(sim.apiKey("recraft")), Map.of());
        UpstreamRequest upstream = adapter.toUpstream(request, endpoint);
        HttpRequest.Builder http = HttpRequest.newBuilder(upstream.uri()).timeout(Duration.ofSeconds(20))
                .method(upstream.method(), HttpRequest.BodyPublishers.ofByteArray(upstream.body()));
        upstream.headers().forEach(http::header);
        HttpResponse<byte[]> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
        return adapter.fromUpstream(request, new UpstreamResponse(response.statusCode(), firstValues(response), response.body()), NOW);
    }

    private static Map<String, String> firstValues(HttpResponse<?> response) {
        Map<String, String> headers = new java.util.HashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
        return headers;
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
        HttpResponse<byte[]> file = HTTP.send(HttpRequest.newBuilder(URI.create(image.getUri())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
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
        ProviderEndpoint wrong = new ProviderEndpoint(sim.baseUrl("recraft"), Secret.of("not-the-token"), Map.of());
        UpstreamRequest upstream = adapter.toUpstream(foxes(Map.of()), wrong);
        HttpRequest.Builder http = HttpRequest.newBuilder(upstream.uri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(upstream.body()));
        upstream.headers().forEach(http::header);
        HttpResponse<byte[]> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());

        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(foxes(Map.of()),
                new UpstreamResponse(response.statusCode(), firstValues(response), response.body()), NOW);

        assertThat(failure.failure().retryable()).isFalse();
        assertThat(failure.message()).isEqualTo("request unauthorized");
    }
}
