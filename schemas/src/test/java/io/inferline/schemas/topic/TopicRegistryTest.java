package io.inferline.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.avro.InferenceRequest;
import io.inferline.avro.RoutedRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicRegistryTest {

    private final TopicRegistry registry = TopicRegistry.standard();

    @Test
    void namesTheTopicsOfTheContract() {
        assertThat(registry.inferenceRequests().name()).isEqualTo("inference-requests");
        assertThat(registry.providerRequests("openai").name()).isEqualTo("provider-requests-openai");
        assertThat(registry.providerBatch("workers-ai").name()).isEqualTo("provider-requests-workers-ai-batch");
        assertThat(registry.providerRetry("openai").name()).isEqualTo("provider-requests-openai-retry");
        assertThat(registry.providerDlq("openai").name()).isEqualTo("provider-requests-openai-dlq");
        assertThat(registry.inferenceResponses().name()).isEqualTo("inference-responses");
        assertThat(registry.usageEvents().name()).isEqualTo("usage-events");
        assertThat(registry.creditBalances().name()).isEqualTo("credit-balances");
    }

    @Test
    void carriesKeyAndValueTypes() {
        Topic<String, InferenceRequest> requests = registry.inferenceRequests();
        Topic<String, RoutedRequest> routed = registry.providerRequests("anthropic");
        Topic<byte[], byte[]> dlq = registry.providerDlq("anthropic");

        assertThat(requests.keyType()).isEqualTo(String.class);
        assertThat(requests.valueType()).isEqualTo(InferenceRequest.class);
        assertThat(routed.valueType()).isEqualTo(RoutedRequest.class);
        assertThat(dlq.valueType()).isEqualTo(byte[].class);
    }

    @Test
    void everyNameIsUniqueLowercaseKebabCase() {
        List<Topic<?, ?>> all = registry.all();

        assertThat(all).extracting(Topic::name).doesNotHaveDuplicates()
                .allMatch(name -> name.matches("[a-z0-9]+(-[a-z0-9]+)*"));
        assertThat(all).hasSize(18 + 4 * TopicRegistry.KNOWN_PROVIDERS.size());
    }

    @Test
    void accountKeyedTopicsAreCoPartitionedWhateverTheCount() {
        TopicRegistry scaled = registry.withAccountPartitions(24).withRequestPartitions(3);

        assertThat(scaled.accountKeyed()).extracting(Topic::partitions).containsOnly(24);
        assertThat(scaled.accountKeyed()).extracting(Topic::name)
                .contains("inference-requests", "usage-events", "credit-balances", "budget-reservations");
        assertThat(scaled.providerRequests("openai").partitions()).isEqualTo(3);
    }

    @Test
    void tablesAreCompactedAndStreamsAreNot() {
        Map<String, CleanupPolicy> policies = registry.all().stream()
                .collect(Collectors.toMap(Topic::name, Topic::cleanupPolicy));

        assertThat(policies).containsEntry("credit-balances", CleanupPolicy.COMPACT)
                .containsEntry("model-catalog", CleanupPolicy.COMPACT)
                .containsEntry("response-cache", CleanupPolicy.COMPACT)
                .containsEntry("provider-tasks", CleanupPolicy.COMPACT)
                .containsEntry("inference-requests", CleanupPolicy.DELETE)
                .containsEntry("credit-grants", CleanupPolicy.DELETE);
        assertThat(registry.creditGrants().retentionMsConfig()).hasValue("-1");
    }

    @Test
    void aPrefixIsolatesTenantsAndTests() {
        TopicRegistry prefixed = registry.withPrefix("it-7f3a-");

        assertThat(prefixed.all()).extracting(Topic::name).allMatch(name -> name.startsWith("it-7f3a-"));
        assertThat(prefixed.providerDlq("openai").name()).isEqualTo("it-7f3a-provider-requests-openai-dlq");
    }

    @Test
    void rejectsBadPrefixesAndProviderIds() {
        assertThatThrownBy(() -> registry.withPrefix("Tenant_A.")).hasMessageContaining("kebab-case");
        assertThatThrownBy(() -> registry.providerRequests("Open AI")).hasMessageContaining("provider id");
        assertThatThrownBy(() -> registry.providerRequests(null)).hasMessageContaining("provider id");
    }

    @Test
    void allCoversEveryProviderTheCallerNames() {
        Map<String, Topic<?, ?>> byName = registry.all(List.of("mistral")).stream()
                .collect(Collectors.toMap(Topic::name, Function.identity()));

        assertThat(byName).containsKeys("provider-requests-mistral", "provider-requests-mistral-batch",
                "provider-requests-mistral-retry", "provider-requests-mistral-dlq");
        assertThat(byName).doesNotContainKey("provider-requests-openai");
    }

    @Test
    void aProviderListedTwiceGetsItsTopicsOnce() {
        assertThat(registry.all(List.of("openai", "openai"))).extracting(Topic::name).doesNotHaveDuplicates()
                .hasSize(registry.all(List.of("openai")).size());
    }

    @Test
    void theStandardProvidersAreValidIdsAndEachHasFourTopics() {
        assertThat(TopicRegistry.KNOWN_PROVIDERS).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[a-z0-9]+(-[a-z0-9]+)*"));
        assertThat(registry.all()).extracting(Topic::name)
                .contains("provider-requests-workers-ai", "provider-requests-cohere-dlq");
    }

    @Test
    void deadLetterTopicsCarryRawBytesAndRequestTopicsStrings() {
        assertThat(registry.all()).filteredOn(t -> t.name().endsWith("-dlq"))
                .isNotEmpty()
                .allMatch(t -> t.keyType() == byte[].class && t.valueType() == byte[].class);
        assertThat(registry.all()).filteredOn(t -> !t.name().endsWith("-dlq"))
                .allMatch(t -> t.keyType() == String.class);
    }

    @Test
    void compactedTopicsKeepEveryKeyUntilTombstoned() {
        List<Topic<?, ?>> compacted = registry.all().stream()
                .filter(t -> t.cleanupPolicy() == CleanupPolicy.COMPACT).toList();

        assertThat(compacted).extracting(Topic::name).containsExactlyInAnyOrder("credit-balances",
                "account-profiles", "provider-tasks", "response-cache", "batch-jobs", "model-catalog");
        assertThat(compacted).allMatch(t -> t.retention().isEmpty());
    }

    @Test
    void usageWindowsAreCompactedPerWindowAndDeletedAfterTheirRetention() {
        TopicRegistry scaled = registry.withAccountPartitions(12);

        assertThat(scaled.usageWindows()).extracting(Topic::name)
                .containsExactly("usage-windows-1m", "usage-windows-1h", "usage-windows-1d");
        assertThat(scaled.usageWindows()).allMatch(t -> t.cleanupPolicy() == CleanupPolicy.COMPACT_DELETE
                && t.partitions() == 12 && t.valueType() == io.inferline.avro.UsageWindow.class);
        assertThat(scaled.usageWindows(UsageWindowSize.ONE_MINUTE).retentionMsConfig()).hasValue("604800000");
        assertThat(scaled.billingDlq().name()).isEqualTo("billing-dlq");
        assertThat(scaled.billingDlq().partitions()).isEqualTo(12);
        assertThat(UsageWindowSize.fromSuffix("1H")).hasValue(UsageWindowSize.ONE_HOUR);
        assertThat(UsageWindowSize.fromSuffix("2h")).isEmpty();
        assertThat(UsageWindowSize.ofMillis(86_400_000L)).hasValue(UsageWindowSize.ONE_DAY);
    }

    @Test
    void topicNamesAreValidated() {
        assertThatThrownBy(() -> new Topic<>("Inference_Requests", String.class, String.class, 1,
                CleanupPolicy.DELETE, java.util.Optional.empty())).hasMessageContaining("kebab-case");
        assertThatThrownBy(() -> new Topic<>("a.b", String.class, String.class, 1,
                CleanupPolicy.DELETE, java.util.Optional.empty())).hasMessageContaining("kebab-case");
        assertThatThrownBy(() -> new Topic<>("ok", String.class, String.class, 0,
                CleanupPolicy.DELETE, java.util.Optional.empty())).hasMessageContaining("at least one partition");
    }
}
