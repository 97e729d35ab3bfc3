package io.inferline.workers.provider.mistral;

import static io.inferline.workers.provider.AdapterFixtures.assistantCalling;
import static io.inferline.workers.provider.AdapterFixtures.chat;
import static io.inferline.workers.provider.AdapterFixtures.embedding;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.toolResult;
import static io.inferline.workers.provider.AdapterFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.workers.provider.SimulatorHttp;
import io.inferline.avro.RoutedRequest;
import io.inferline.simulators.Faults;
import io.inferline.simulators.ProviderSimulator;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.workers.provider.AdapterFixtures;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.retry.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter's requests sent over real HTTP to the simulated Mistral, and its answers read back. */
class MistralAgainstSimulatorTest {

    private static ProviderSimulator sim;
    private static ProviderEndpoint endpoint;
    private final MistralAdapter adapter = new MistralAdapter();

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults());
        endpoint = SimulatorHttp.endpoint(sim, "mistral");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private AdapterResult roundTrip(RoutedRequest request) throws Exception {
        return SimulatorHttp.call(adapter, request, endpoint, Instant.now());
    }

    @Test
    void chatToolCallsToolResultsAndEmbeddingsRoundTrip() throws Exception {
        RoutedRequest asks = chat("mistral", "mistral-large-latest", options().setToolsJson(AdapterFixtures.WEATHER_TOOLS)
                .setMaxOutputTokens(200).setTemperature(0.3).setTopP(0.9).setSeed(7L).setStop(List.of("###")).build(),
                user("What's the weather in Lyon?"));
        AdapterResult.Success call = (AdapterResult.Success) roundTrip(asks);

        assertThat(call.output().getFinishReason()).isEqualTo("tool_calls");
        String id = call.output().getToolCalls().get(0).getId();
        assertThat(call.upstreamRequestId()).isPresent();

        // a foreign id from an earlier provider is mapped, Mistral's own is kept: both are accepted
        RoutedRequest answers = chat("mistral", "mistral-large-latest", options().setToolsJson(AdapterFixtures.WEATHER_TOOLS).build(),
                user("What's the weather in Lyon?"), assistantCalling(id, "get_weather", "{\"city\":\"Lyon\"}"),
                toolResult(id, "{\"celsius\":18}"), assistantCalling("toolu_01AbC", "get_weather", "{\"city\":\"Nice\"}"),
                toolResult("toolu_01AbC", "{\"celsius\":24}"));
        AdapterResult.Success reply = (AdapterResult.Success) roundTrip(answers);
        assertThat(reply.output().getFinishReason()).isEqualTo("stop");
        assertThat(reply.usage().getInputTokens()).isPositive();

        AdapterResult.Success vectors = (AdapterResult.Success) roundTrip(embedding("mistral", "mistral-embed", "one", "two"));
        assertThat(vectors.output().getEmbeddings()).hasSize(2).allSatisfy(vector -> assertThat(vector).hasSize(8));
    }

    @Test
    void refusalsAndFaultsComeBackClassified() throws Exception {
        AdapterResult unknown = roundTrip(AdapterFixtures.prompt("mistral", "mistral-huge-latest", "Hi"));
        sim.faults("mistral", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(2));
        AdapterResult limited = roundTrip(AdapterFixtures.prompt("mistral", "mistral-small-latest", "Hi"));
        sim.faults("mistral", Faults.none().withMalformedRate(1.0));
        AdapterResult garbled = roundTrip(AdapterFixtures.prompt("mistral", "mistral-small-latest", "Hi"));
        sim.clearFaults();

        assertThat(((AdapterResult.Failure) unknown).errorCode()).isEqualTo("invalid_model");
        assertThat(((AdapterResult.Failure) unknown).failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(((AdapterResult.Failure) limited).failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(((AdapterResult.Failure) limited).failure().retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(((AdapterResult.Failure) garbled).errorCode()).isEqualTo("invalid_response");
    }
}
