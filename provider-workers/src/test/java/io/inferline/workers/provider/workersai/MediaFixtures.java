package io.inferline.workers.provider.workersai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.Capability;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.Input;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.AdapterFixtures;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.retry.FailureKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** What the tests of the Workers AI media models share: the endpoint, requests, WAV audio and result checks. */
final class MediaFixtures {

    // made up for the test, shaped like a 40-character Cloudflare API token
    static final String TOKEN = "Cf7_T3stT0k3nN0tR3al-AbCdEfGhIjKlMnOpQrS";
    static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    static final String RUN = "http://localhost:18080/sim/client/v4/accounts/" + ACCOUNT + "/ai/run/";
    static final Map<String, String> RAY = Map.of("cf-ray", "8c2f1a2b3c4d5e6f-CDG");
    static final Map<String, String> ERROR_HEADERS = Map.of("cf-ray", "8c2f-CDG", "retry-after", "3");

    private MediaFixtures() {
    }

    static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(TOKEN, Map.of("account_id", ACCOUNT));
    }

    static RoutedRequest request(String model, Capability capability, Input.Builder input, GenerationOptions options) {
        return routed("workers-ai", model, capability, input.setCapability(capability).build(), options);
    }

    static AdapterResult.Success success(WorkersAiAdapter adapter, RoutedRequest request, String fixture) {
        AdapterResult result = adapter.fromUpstream(request, answer(200, fixture, RAY), NOW);
        assertThat(result).as(String.valueOf(result)).isInstanceOf(AdapterResult.Success.class);
        return (AdapterResult.Success) result;
    }

    /** A retried INVALID_RESPONSE that keeps the ray id, when the answer had one. */
    static AdapterResult.Failure invalid(WorkersAiAdapter adapter, RoutedRequest request, UpstreamResponse response) {
        AdapterResult result = adapter.fromUpstream(request, response, NOW);
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        AdapterResult.Failure failure = (AdapterResult.Failure) result;
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.upstreamRequestId()).isEqualTo(Optional.ofNullable(response.header("cf-ray")));
        return failure;
    }

    /** {@code seconds} of 16 kHz 16-bit mono silence with a canonical WAV header. */
    static byte[] wav(double seconds) {
        int data = (int) (seconds * 16_000) * 2;
        ByteBuffer buffer = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        buffer.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16);
        buffer.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        return buffer.array();
    }
}
