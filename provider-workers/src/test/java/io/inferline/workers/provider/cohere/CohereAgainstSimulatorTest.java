package io.inferline.workers.provider.cohere;

import static io.inferline.workers.provider.AdapterFixtures.assistantCalling;
import static io.inferline.workers.provider.AdapterFixtures.chat;
import static io.inferline.workers.provider.AdapterFixtures.embedding;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.system;
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

/** The adapter's requests sent over real HTTP to the simulated Cohere, and its answers read back. */
class CohereAgainstSimulatorTest {

    private static ProviderSimulator sim;
    private static ProviderEndpoint endpoint;
    private final CohereAdapter adapter = new CohereAdapter();

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorSettings.defaults());
        endpoint = SimulatorHttp.endpoint(sim, "cohere");
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
        RoutedRequest asks = chat("cohere", "command-a-03-2025", options().setToolsJson(AdapterFixtures.WEATHER_TOOLS)
                .setMaxOutputTokens(200).setTemperature(0.3).setTopP(1.0).setSeed(7L).setStop(List.of("###")).build(),
                system("Be brief."), user("What's the weather in Oslo?"));
        AdapterResult.Success call = (AdapterResult.Success) roundTrip(asks);

        assertThat(call.output().getFinishReason()).isEqualTo("tool_calls");
        assertThat(call.output().getText()).isNull();
        String id = call.output().getToolCalls().get(0).getId();

        RoutedRequest answers = chat("cohere", "command-a-03-2025", options().setToolsJson(AdapterFixtures.WEATHER_TOOLS).build(),
                user("What's the weather in Oslo?"), assistantCalling(id, "get_weather", call.output().getToolCalls().get(0).getArgumentsJson()),
                toolResult(id, "{\"celsius\":-2}"));
        AdapterResult.Success reply = (AdapterResult.Success) roundTrip(answers);
        assertThat(reply.output().getText()).startsWith("simulated command-a-03-2025 reply: ");
        assertThat(reply.output().getFinishReason()).isEqualTo("stop");
        assertThat(reply.usage().getInputTokens()).isPositive();
        assertThat(reply.usage().getOutputTokens()).isPositive();

        AdapterResult.Success vectors = (AdapterResult.Success) roundTrip(embedding("cohere", "embed-v4.0", "one", "two", "three"));
        assertThat(vectors.output().getEmbeddings()).hasSize(3).allSatisfy(vector -> assertThat(vector).hasSize(8));
        assertThat(vectors.usage().getInputTokens()).isEqualTo(1 + 1 + 2);
    }

    @Test
    void refusalsAndFaultsComeBackClassified() throws Exception {
        AdapterResult unknown = roundTrip(AdapterFixtures.prompt("cohere", "command-z", "Hi"));
        sim.faults("cohere", Faults.none().withErrorRate(429, 1.0).withRetryAfterSeconds(3));
        AdapterResult limited = roundTrip(AdapterFixtures.prompt("cohere", "command-r-08-2024", "Hi"));
        sim.faults("cohere", Faults.down(503));
        AdapterResult down = roundTrip(AdapterFixtures.prompt("cohere", "command-r-08-2024", "Hi"));
        sim.clearFaults();

        assertThat(((AdapterResult.Failure) unknown).errorCode()).isEqualTo("not_found");
        assertThat(((AdapterResult.Failure) unknown).failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(((AdapterResult.Failure) limited).failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(((AdapterResult.Failure) limited).failure().retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(((AdapterResult.Failure) down).failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(((AdapterResult.Failure) down).errorCode()).isEqualTo("service_unavailable");
    }
}
