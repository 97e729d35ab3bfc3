package io.inferline.billing.query;

import io.inferline.avro.UsageWindow;
import io.inferline.schemas.topic.UsageWindowSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Models ranked by cost over a time range, for one account or for all. Each instance totals every
 * model over the partitions it owns ({@link #local}); the totals of all instances are added up and
 * only then cut to the limit ({@link #top}), so the ranking is exact, not a merge of top lists.
 */
public final class TopModels {

    /** One model's totals. */
    public record ModelCost(String slug, String provider, String model, long costMicros, long requests) {

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("slug", slug);
            json.put("provider", provider);
            json.put("model", model);
            json.put("cost_micros", costMicros);
            json.put("requests", requests);
            return json;
        }

        @SuppressWarnings("unchecked")
        public static ModelCost fromJson(Map<String, Object> json) {
            return new ModelCost((String) json.get("slug"), (String) json.get("provider"), (String) json.get("model"),
                    ((Number) json.get("cost_micros")).longValue(), ((Number) json.get("requests")).longValue());
        }

        ModelCost plus(ModelCost other) {
            return new ModelCost(slug, provider, model, Math.addExact(costMicros, other.costMicros),
                    Math.addExact(requests, other.requests));
        }
    }

    /** Highest cost first; ties by more requests, then by slug, so the order is total. */
    static final Comparator<ModelCost> RANKING = Comparator.comparingLong(ModelCost::costMicros).reversed()
            .thenComparing(Comparator.comparingLong(ModelCost::requests).reversed())
            .thenComparing(ModelCost::slug);

    private TopModels() {
    }

    /** Every model's totals in {@code store} for {@code account} (null: all accounts), windows overlapping [from, to). */
    public static List<ModelCost> local(ReadOnlyWindowStore<String, UsageWindow> store, UsageWindowSize size, String account,
                                        Instant from, Instant to) {
        Map<String, ModelCost> bySlug = new TreeMap<>();
        for (UsageWindow window : UsageReport.windows(store, size, account, from, to)) {
            ModelCost cost = new ModelCost(window.getSlug(), window.getProvider(), window.getModel(), window.getCostMicros(),
                    window.getRequests());
            bySlug.merge(window.getSlug(), cost, ModelCost::plus);
        }
        return new ArrayList<>(bySlug.values());
    }

    /** The {@code limit} most costly models of all the parts together. */
    public static List<ModelCost> top(Collection<List<ModelCost>> parts, int limit) {
        Map<String, ModelCost> bySlug = new TreeMap<>();
        parts.forEach(part -> part.forEach(cost -> bySlug.merge(cost.slug(), cost, ModelCost::plus)));
        return bySlug.values().stream().sorted(RANKING).limit(limit).toList();
    }
}
