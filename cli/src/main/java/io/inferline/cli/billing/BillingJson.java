package io.inferline.cli.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.cli.jobs.JobCounts;
import io.inferline.cli.jobs.JobView;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place that knows the JSON shapes of the billing aggregator's HTTP API; if the service changes
 * them, only this class changes. Readers are lenient: a missing number is 0, a time may be epoch
 * milliseconds or ISO-8601 text.
 *
 * <ul>
 *   <li>{@code GET /jobs/{id}} → {@code {"job_id","account_id","state","total","succeeded","failed","cancelled","pending","created_at","updated_at"}}</li>
 *   <li>{@code GET /jobs?account=A} → {@code {"jobs":[...]}}</li>
 *   <li>{@code GET /accounts/{id}/balance} → {@code {"account_id","balance_micros","reserved_micros","available_micros",
 *       "lifetime_granted_micros","lifetime_spent_micros","updated_at"}}</li>
 *   <li>{@code GET /accounts/{id}/usage?window=1h&from=ISO&group=model} → {@code {"account_id","window","from","to","group",
 *       "rows":[{"provider","model","slug","requests","successes","errors","cache_hits","input_tokens","cached_input_tokens",
 *       "output_tokens","units","cost_micros","latency":{...}}],"total":{...}}} (rows grouped by provider, or by model)</li>
 *   <li>{@code GET /top-models?window=1h&from=ISO&limit=1000} → {@code {"models":[{"slug","provider","model","cost_micros",
 *       "requests"}]}}: every account's usage, cost and requests only</li>
 * </ul>
 */
public final class BillingJson {

    /** An account's credit pool. */
    public record Balance(String accountId, long balanceMicros, long reservedMicros, long availableMicros, long grantedMicros,
                          long spentMicros, Instant updatedAt) {
    }

    /** One window of one account's usage of one model. */
    public record UsageRow(String accountId, String provider, String slug, Instant windowStart, long requests, long successes,
                           long errors, long cacheHits, long inputTokens, long outputTokens, Map<String, Long> units,
                           long costMicros, long latencyP50Ms, long latencyP95Ms) {
    }

    private BillingJson() {
    }

    public static String jobPath(String jobId) {
        return "/jobs/" + BillingClient.encodePath(jobId);
    }

    public static final String JOBS_PATH = "/jobs";
    /** Usage of every account: only cost and requests per model. */
    public static final String ALL_ACCOUNTS_USAGE_PATH = "/top-models";

    public static String usagePath(String accountId) {
        return "/accounts/" + BillingClient.encodePath(accountId) + "/usage";
    }

    public static String balancePath(String accountId) {
        return "/accounts/" + BillingClient.encodePath(accountId) + "/balance";
    }

    public static JobView job(JsonNode node) {
        long total = node.path("total").asLong();
        long succeeded = node.path("succeeded").asLong();
        long failed = node.path("failed").asLong();
        long cancelled = node.path("cancelled").asLong();
        long pending = node.has("pending") ? node.path("pending").asLong() : Math.max(0, total - succeeded - failed - cancelled);
        return new JobView(text(node, "job_id"), text(node, "account_id"), JobView.displayState(text(node, "state")),
                new JobCounts(total, succeeded, failed, cancelled, pending), time(node.get("created_at")), time(node.get("updated_at")));
    }

    public static List<JobView> jobs(JsonNode node) {
        List<JobView> jobs = new ArrayList<>();
        node.path("jobs").forEach(job -> jobs.add(job(job)));
        return jobs;
    }

    public static Balance balance(JsonNode node) {
        long balance = node.path("balance_micros").asLong();
        long reserved = node.path("reserved_micros").asLong();
        long available = node.has("available_micros") ? node.path("available_micros").asLong() : balance - reserved;
        return new Balance(text(node, "account_id"), balance, reserved, available, node.path("lifetime_granted_micros").asLong(),
                node.path("lifetime_spent_micros").asLong(), time(node.get("updated_at")));
    }

    public static List<UsageRow> usage(JsonNode node) {
        // an account's rows, or every account's per-model totals (cost and requests only)
        JsonNode rows = node.has("rows") ? node.get("rows") : node.has("models") ? node.get("models") : node.path("windows");
        List<UsageRow> usage = new ArrayList<>();
        for (JsonNode row : rows) {
            JsonNode errors = row.path("errors");
            long errorCount = 0;
            if (errors.isObject()) {
                for (JsonNode count : errors) {
                    errorCount += count.asLong();
                }
            } else {
                errorCount = errors.asLong();
            }
            String slug = text(row, "slug");
            String provider = row.hasNonNull("provider") ? text(row, "provider")
                    : slug != null && slug.contains("/") ? slug.substring(0, slug.indexOf('/')) : null;
            usage.add(new UsageRow(text(row, "account_id"), provider, slug, time(row.get("window_start")),
                    row.path("requests").asLong(), row.path("successes").asLong(), errorCount, row.path("cache_hits").asLong(),
                    row.path("input_tokens").asLong(), row.path("output_tokens").asLong(), units(row.path("units")), row.path("cost_micros").asLong(),
                    row.path("latency_p50_ms").asLong(), row.path("latency_p95_ms").asLong()));
        }
        return usage;
    }

    /** Units by kind ({@code {"SECONDS": 20, "IMAGES": 5}}); kinds of nothing (NONE) and zero counts left out. */
    static Map<String, Long> units(JsonNode units) {
        Map<String, Long> byKind = new java.util.TreeMap<>();
        if (units.isNumber()) { // a bare count of unknown kind
            if (units.asLong() != 0) {
                byKind.put("UNITS", units.asLong());
            }
            return byKind;
        }
        units.fields().forEachRemaining(entry -> {
            if (!entry.getKey().equals("NONE") && entry.getValue().asLong() != 0) {
                byKind.put(entry.getKey(), entry.getValue().asLong());
            }
        });
        return byKind;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Instant time(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
