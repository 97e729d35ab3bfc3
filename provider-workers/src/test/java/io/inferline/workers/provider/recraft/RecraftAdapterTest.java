package io.inferline.workers.provider.recraft;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
import static io.inferline.workers.provider.AdapterFixtures.json;
import static io.inferline.workers.provider.AdapterFixtures.options;
import static io.inferline.workers.provider.AdapterFixtures.raw;
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
import io.inferline.workers.provider.AdapterFixtures;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.provider.media.InlineBinaries;
import io.inferline.workers.retry.FailureKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RecraftAdapterTest {

    // made up for the test, shaped like a 64-character Recraft API token
    private static final String TOKEN = "Rc7fT3stT0k3nN0tR3alAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefGH";
    private static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    private final RecraftAdapter adapter = new RecraftAdapter();

    private static ProviderEndpoint endpoint() {
        return AdapterFixtures.endpoint(TOKEN);
    }

    private static RoutedRequest image(GenerationOptions options) {
        return routed("recraft", "recraftv3", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("a red fox in the snow").build(), options);
    }

    private static RoutedRequest foxes() {
        return image(options().setSize("1365x1024")
                .setExtra(Map.of("style", "\"digital_illustration\"", "n", "2")).build());
    }

    private static RoutedRequest base64() {
        return image(options().setExtra(Map.of("response_format", "\"b64_json\"")).build());
    }

    private AdapterResult.Success success(RoutedRequest request, String fixture) {
        AdapterResult result = adapter.fromUpstream(request, answer(200, fixture), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        return (AdapterResult.Success) result;
    }

    private AdapterResult.Failure failure(UpstreamResponse response) {
        AdapterResult result = adapter.fromUpstream(foxes(), response, NOW);
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        return (AdapterResult.Failure) result;
    }

    @Test
    void namesItselfAndTheRealApi() {
        assertThat(adapter.provider()).isEqualTo("recraft");
        assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://external.api.recraft.ai"));
    }

    @Test
    void generationPostsThePromptModelStyleSizeAndCountForUrls() {
        UpstreamRequest request = adapter.toUpstream(foxes(), endpoint());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/images/generations"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + TOKEN).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("recraft/generate-request.json"));
    }

    @Test
    void oneUrlImageByDefaultAndBareWordsInExtraAreStrings() {
        UpstreamRequest plain = adapter.toUpstream(image(options().build()), endpoint());
        UpstreamRequest bare = adapter.toUpstream(image(options().setExtra(Map.of("style", "vector_illustration")).build()), endpoint());

        assertThat(tree(plain.body())).isEqualTo(tree(("{\"prompt\":\"a red fox in the snow\",\"model\":\"recraftv3\",\"n\":1,"
                + "\"response_format\":\"url\"}").getBytes(StandardCharsets.UTF_8)));
        assertThat(tree(bare.body()).get("style").asText()).isEqualTo("vector_illustration");
    }

    @Test
    void whatTheApiCannotTakeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("n", "7")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("\"n\"").hasMessageContaining("1 to 6");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("response_format", "\"multipart\"")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("url or b64_json");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("negative_prompt", "\"dogs\"")).build()), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("negative_prompt");
        RoutedRequest noPrompt = routed("recraft", "recraftv3", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).build(), options().build());
        assertThatThrownBy(() -> adapter.toUpstream(noPrompt, endpoint()))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.prompt");
    }

    @ParameterizedTest
    @EnumSource(value = Capability.class, names = {"CHAT", "EMBEDDING", "VIDEO", "SPEECH", "TRANSCRIPTION"})
    void otherCapabilitiesAreRefusedByName(Capability capability) {
        assertThatThrownBy(() -> adapter.toUpstream(AdapterFixtures.capability("recraft", "recraftv3", capability), endpoint()))
                .isInstanceOf(UnsupportedRequestException.class)
                .hasMessageContaining("recraft").hasMessageContaining(capability.name());
    }

    @Test
    void urlsExpireAfterTheDocumentedDayAndCountOneImageEach() {
        AdapterResult.Success success = success(foxes(), "recraft/generate-url.json");

        assertThat(success.output().getBinaries()).hasSize(2);
        BinaryRef first = success.output().getBinaries().get(0);
        assertThat(first.getUri()).startsWith("https://img.recraft.ai/");
        assertThat(first.getContentType()).isEqualTo("image/webp");
        assertThat(first.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(first.getInlineData()).isNull();
        // a URL that names its format wins over the guess
        assertThat(success.output().getBinaries().get(1).getContentType()).isEqualTo("image/png");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setUnits(2).setUnitKind(UnitKind.IMAGES).build());
        assertThat(success.upstreamRequestId()).isEmpty();
    }

    @Test
    void vectorStylesAreSvg() {
        RoutedRequest vector = image(options().setExtra(Map.of("style", "\"vector_illustration/line_art\"")).build());

        AdapterResult.Success success = success(vector, "recraft/generate-url.json");

        assertThat(success.output().getBinaries().get(0).getContentType()).isEqualTo("image/svg+xml");
    }

    @Test
    void base64ImagesAreInlineWithSizeAndDigest() {
        AdapterResult.Success success = success(base64(), "recraft/generate-b64.json");
        AdapterResult.Success svg = success(base64(), "recraft/generate-b64-svg.json");

        BinaryRef image = success.output().getBinaries().get(0);
        assertThat(image.getUri()).isEqualTo("inline:");
        assertThat(image.getContentType()).isEqualTo("image/webp");
        assertThat(image.getSizeBytes()).isEqualTo(WEBP.length);
        assertThat(image.getSha256()).isEqualTo(InlineBinaries.sha256Hex(WEBP)).hasSize(64);
        assertThat(image.getInlineData().array()).isEqualTo(WEBP);
        assertThat(image.getExpiresAt()).isNull();
        assertThat(success.usage().getUnits()).isEqualTo(1);
        assertThat(svg.output().getBinaries().get(0).getContentType()).isEqualTo("image/svg+xml");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | recraft/error-400.json | FATAL     | FATAL_ERROR     | invalid_size      | Invalid image size",
            "500 | recraft/error-500.json | RETRYABLE | RETRYABLE_ERROR | internal_error    | Internal server error",
    })
    void jsonErrorsKeepTheirCodeAndMessage(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String code, String message) {
        AdapterResult.Failure failure = failure(answer(status, fixture, Map.of("Content-Type", "application/json")));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
    }

    @Test
    void plainTextErrorsAreTheMessage() {
        AdapterResult.Failure unauthorized = failure(answer(401, "recraft/error-401.txt", Map.of("Content-Type", "text/plain; charset=utf-8")));
        AdapterResult.Failure notFound = failure(answer(404, "recraft/error-404.txt", Map.of("Content-Type", "text/plain")));

        assertThat(unauthorized.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(unauthorized.errorCode()).isEqualTo("http_401");
        assertThat(unauthorized.message()).isEqualTo("request unauthorized");
        assertThat(notFound.outcome()).isEqualTo(AttemptOutcome.FATAL_ERROR);
        assertThat(notFound.message()).isEqualTo("404 page not found");
    }

    @Test
    void rateLimitedWaitsForRetryAfter() {
        AdapterResult.Failure failure = failure(answer(429, "recraft/error-429.json", Map.of("Retry-After", "7")));

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.RATE_LIMITED);
        assertThat(failure.errorCode()).isEqualTo("too_many_requests");
        assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aProxyPageOn503IsRetriedAndQuoted() {
        AdapterResult.Failure failure = failure(answer(503, "recraft/error-503.html", Map.of("Content-Type", "text/html")));

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.errorCode()).isEqualTo("http_503");
        assertThat(failure.message()).contains("503 Service Temporarily Unavailable");
    }

    @Test
    void theTokenNeverReachesTheFailureNorTheRequestsText() {
        UpstreamRequest request = adapter.toUpstream(foxes(), endpoint());
        AdapterResult.Failure failure = failure(answerWithKey(401, "recraft/error-401-echo.json", TOKEN));

        assertThat(request.toString()).doesNotContain(TOKEN).contains("Authorization");
        assertThat(failure.message()).startsWith("token").doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "recraft/generate-truncated.json    | url      | the body is not JSON",
            "recraft/generate-missing-data.json | url      | the answer has no data (an array)",
            "recraft/generate-empty-data.json   | url      | the answer's data is empty",
            "recraft/generate-missing-url.json  | url      | the answer has no data[0].url",
            "recraft/generate-url.json          | b64_json | the answer has no data[0].b64_json",
            "recraft/generate-bad-b64.json      | b64_json | data[0].b64_json is not base64",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String format, String message) {
        RoutedRequest request = format.equals("url") ? foxes() : base64();
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(request, answer(200, fixture), NOW);

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(message);
    }

    @Test
    void anEmptyBodyIsAnInvalidResponse() {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(foxes(), raw(200, ""), NOW);

        assertThat(failure.message()).contains("the body is empty");
    }
}
