package io.inferline.workers.provider.openai;

import static io.inferline.workers.provider.AdapterFixtures.NOW;
import static io.inferline.workers.provider.AdapterFixtures.answer;
import static io.inferline.workers.provider.AdapterFixtures.answerWithKey;
import static io.inferline.workers.provider.AdapterFixtures.endpoint;
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
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.UnsupportedRequestException;
import io.inferline.workers.provider.UpstreamRequest;
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

/** gpt-image-1 through {@code POST /v1/images/generations}, on recorded-style answers. */
class OpenAiImageAdapterTest {

    // made up for the test, shaped like a project key
    private static final String KEY = "sk-proj-T3stK3yN0tR3alAbCdEfGhIjKlMnOpQrStUvWx";
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    private final OpenAiAdapter adapter = new OpenAiAdapter();

    private static RoutedRequest image(GenerationOptions options) {
        return routed("openai", "gpt-image-1", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).setPrompt("a red fox in the snow").build(), options);
    }

    private static RoutedRequest foxes() {
        return image(options().setSize("1024x1024").setExtra(Map.of("n", "2", "quality", "\"high\"", "background", "opaque",
                "output_format", "\"png\"", "output_compression", "90", "moderation", "\"low\"")).build());
    }

    private AdapterResult.Success success(RoutedRequest request, String fixture) {
        AdapterResult result = adapter.fromUpstream(request, answer(200, fixture, Map.of("x-request-id", "req_img1")), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Success.class);
        return (AdapterResult.Success) result;
    }

    private AdapterResult.Failure failure(int status, String fixture, Map<String, String> headers) {
        AdapterResult result = adapter.fromUpstream(foxes(), answer(status, fixture, headers), NOW);
        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        return (AdapterResult.Failure) result;
    }

    @Test
    void postsThePromptAndTheImageOptionsButNoResponseFormat() {
        UpstreamRequest request = adapter.toUpstream(foxes(), endpoint(KEY));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URI.create("http://localhost:18080/sim/v1/images/generations"));
        assertThat(request.headers()).containsEntry("Authorization", "Bearer " + KEY).containsEntry("Content-Type", "application/json");
        assertThat(tree(request.body())).isEqualTo(json("openai/request-images.json"));
        assertThat(request.toString()).doesNotContain(KEY);
    }

    @Test
    void oneImageByDefault() {
        UpstreamRequest request = adapter.toUpstream(image(options().build()), endpoint(KEY));

        assertThat(tree(request.body())).isEqualTo(tree("{\"model\":\"gpt-image-1\",\"prompt\":\"a red fox in the snow\",\"n\":1}"
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whatTheApiCannotTakeIsRefusedBeforeTheCall() {
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("n", "11")).build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("\"n\"").hasMessageContaining("1 to 10");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("output_format", "gif")).build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("png, jpeg or webp");
        assertThatThrownBy(() -> adapter.toUpstream(image(options().setExtra(Map.of("response_format", "url")).build()), endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("response_format");
        RoutedRequest noPrompt = routed("openai", "gpt-image-1", Capability.IMAGE,
                Input.newBuilder().setCapability(Capability.IMAGE).build(), options().build());
        assertThatThrownBy(() -> adapter.toUpstream(noPrompt, endpoint(KEY)))
                .isInstanceOf(UnsupportedRequestException.class).hasMessageContaining("input.prompt");
    }

    @Test
    void base64ImagesAreInlineAndBilledOneUnitEachWithTheReportedTokens() {
        AdapterResult.Success success = success(foxes(), "openai/images-success.json");

        assertThat(success.output().getBinaries()).hasSize(2);
        BinaryRef image = success.output().getBinaries().get(0);
        assertThat(image.getUri()).isEqualTo(InlineBinaries.INLINE_URI);
        assertThat(image.getContentType()).isEqualTo("image/png");
        assertThat(image.getSizeBytes()).isEqualTo(PNG.length);
        assertThat(image.getSha256()).isEqualTo(InlineBinaries.sha256Hex(PNG));
        assertThat(image.getInlineData().array()).isEqualTo(PNG);
        assertThat(success.output().getFinishReason()).isEqualTo("stop");
        assertThat(success.usage()).isEqualTo(Usage.newBuilder().setUnits(2).setUnitKind(UnitKind.IMAGES)
                .setInputTokens(23).setOutputTokens(4160).build());
        assertThat(success.upstreamRequestId()).contains("req_img1");
    }

    @Test
    void imagesWhoseBytesSayNothingTakeTheAnswersOutputFormat() {
        AdapterResult.Success webp = success(image(options().build()), "openai/images-webp.json");

        assertThat(webp.output().getBinaries().get(0).getContentType()).isEqualTo("image/webp");
        assertThat(webp.usage().getUnits()).isEqualTo(1);
        assertThat(webp.usage().getOutputTokens()).isEqualTo(408);
    }

    @Test
    void anAnswerWithoutUsageStillCountsItsImages() {
        AdapterResult.Success jpeg = success(image(options().build()), "openai/images-no-usage.json");

        assertThat(jpeg.output().getBinaries().get(0).getContentType()).isEqualTo("image/jpeg");
        assertThat(jpeg.usage()).isEqualTo(Usage.newBuilder().setUnits(1).setUnitKind(UnitKind.IMAGES).build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400 | openai/error-400.json              | FATAL        | FATAL_ERROR     | invalid_request_error | Invalid value for 'temperature'",
            "400 | openai/error-400-moderation.json   | FATAL        | FATAL_ERROR     | moderation_blocked    | rejected as a result of our safety system",
            "403 | openai/error-403-verification.json | FATAL        | FATAL_ERROR     | invalid_request_error | must be verified",
            "404 | openai/error-404.json              | FATAL        | FATAL_ERROR     | model_not_found       | does not exist",
            "429 | openai/error-429.json              | RATE_LIMITED | RATE_LIMITED    | rate_limit_exceeded   | Rate limit reached",
            "500 | openai/error-500.json              | RETRYABLE    | RETRYABLE_ERROR | server_error          | The server had an error",
            "503 | openai/error-503.json              | RETRYABLE    | RETRYABLE_ERROR | overloaded            | currently overloaded",
            "502 | openai/gateway-502.html            | RETRYABLE    | RETRYABLE_ERROR | http_502              | 502 Bad Gateway",
    })
    void errorsAreClassifiedWithTheProvidersCode(int status, String fixture, FailureKind kind, AttemptOutcome outcome, String code,
                                                String message) {
        AdapterResult.Failure failure = failure(status, fixture, Map.of("x-request-id", "req_err"));

        assertThat(failure.failure().kind()).isEqualTo(kind);
        assertThat(failure.outcome()).isEqualTo(outcome);
        assertThat(failure.errorCode()).isEqualTo(code);
        assertThat(failure.message()).contains(message);
        assertThat(failure.upstreamRequestId()).contains("req_err");
    }

    @Test
    void rateLimitsWaitForTheAnnouncedReset() {
        AdapterResult.Failure failure = failure(429, "openai/error-429.json", Map.of("retry-after", "4"));

        assertThat(failure.failure().retryAfter()).contains(Duration.ofSeconds(4));
    }

    @Test
    void theKeyNeverReachesTheFailure() {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(foxes(),
                answerWithKey(401, "openai/error-401.json", KEY), NOW);

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.FATAL);
        assertThat(failure.errorCode()).isEqualTo("invalid_api_key");
        assertThat(failure.message()).doesNotContain(KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "openai/images-truncated.json    | the body is not JSON",
            "openai/images-missing-data.json | the answer has no data (an array)",
            "openai/images-empty-data.json   | the answer's data is empty",
            "openai/images-url-only.json     | the answer has no data[0].b64_json (a string)",
            "openai/images-wrong-type.json   | the answer has no data[0].b64_json (a string)",
            "openai/images-bad-b64.json      | data[0].b64_json is not base64",
            "openai/images-bad-usage.json    | usage.input_tokens is not a non-negative whole number",
    })
    void unreadableSuccessesAreRetriedAsInvalidResponses(String fixture, String message) {
        AdapterResult.Failure failure = (AdapterResult.Failure) adapter.fromUpstream(foxes(), answer(200, fixture), NOW);

        assertThat(failure.failure().kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(failure.outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(failure.errorCode()).isEqualTo("invalid_response");
        assertThat(failure.message()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                        | the body is empty",
            "[1, 2]                    | the body is not a JSON object",
            "<html>oops</html>         | the body is not JSON",
            "{\"data\": [{\"b64_json\": \"\"}]} | data[0].b64_json is empty",
            "{\"data\": [], \"usage\": 3} | the answer's data is empty",
            "{\"data\": [{\"b64_json\": \"iVBORw0KGgo=\"}], \"usage\": 3} | usage is not an object",
    })
    void garbageBodiesAreInvalidResponsesNeverExceptions(String body, String message) {
        AdapterResult result = adapter.fromUpstream(foxes(), raw(200, body), NOW);

        assertThat(result).isInstanceOf(AdapterResult.Failure.class);
        assertThat(((AdapterResult.Failure) result).outcome()).isEqualTo(AttemptOutcome.INVALID_RESPONSE);
        assertThat(((AdapterResult.Failure) result).message()).contains(message);
    }
}
