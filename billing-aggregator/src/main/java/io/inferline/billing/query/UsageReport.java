package io.inferline.billing.query;

import io.inferline.avro.UsageWindow;
import io.inferline.billing.usage.UsageKeys;
import io.inferline.schemas.topic.UsageWindowSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * An account's usage over a time range from one window store (the windows that overlap the
 * range), grouped by any of provider, model and window. Rows come sorted (window start, provider, model), so the same question gets the same
 * answer byte for byte, whichever instance computes it.
 */
public final class UsageReport {

    /** What rows can be grouped by; {@code model} means provider and model. */
    public enum Dimension { PROVIDER, MODEL, WINDOW }

    /** One row: the values of its grouping dimensions (absent ones null) and its totals. */
    public record Row(String provider, String model, String slug, Instant windowStart, Instant windowEnd, UsageTotals totals) {

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            if (windowStart != null) {
                json.put("window_start", windowStart.toString());
                json.put("window_end", windowEnd.toString());
            }
            if (provider != null) {
                json.put("provider", provider);
            }
            if (model != null) {
                json.put("model", model);
                json.put("slug", slug);
            }
            json.putAll(totals.toJson());
            return json;
        }
    }

    /** The rows and their grand total. */
    public record Result(List<Row> rows, UsageTotals total) {
    }

    private UsageReport() {
    }

    /** Windows of {@code size} of {@code account} overlapping [{@code from}, {@code to}), grouped by {@code group}. */
    public static Result of(ReadOnlyWindowStore<String, UsageWindow> store, UsageWindowSize size, String account, Instant from,
                            Instant to, Set<Dimension> group) {
        Map<String, Row> rows = new TreeMap<>();
        UsageTotals total = new UsageTotals();
        for (UsageWindow window : windows(store, size, account, from, to)) {
            boolean byWindow = group.contains(Dimension.WINDOW);
            boolean byModel = group.contains(Dimension.MODEL);
            boolean byProvider = byModel || group.contains(Dimension.PROVIDER);
            String sortKey = (byWindow ? String.format("%020d", window.getWindowStart().toEpochMilli()) : "")
                    + '\u0000' + (byProvider ? window.getProvider() : "") + '\u0000' + (byModel ? window.getModel() : "");
            Row row = rows.computeIfAbsent(sortKey, k -> new Row(byProvider ? window.getProvider() : null,
                    byModel ? window.getModel() : null, byModel ? window.getSlug() : null,
                    byWindow ? window.getWindowStart() : null, byWindow ? window.getWindowEnd() : null, new UsageTotals()));
            row.totals().add(window);
            total.add(window);
        }
        return new Result(new ArrayList<>(rows.values()), total);
    }

    /**
     * The windows of {@code account} (or every account's, for null) of {@code size} that overlap
     * [from, to): a day's window answers a question about two hours of that day.
     */
    static List<UsageWindow> windows(ReadOnlyWindowStore<String, UsageWindow> store, UsageWindowSize size, String account,
                                     Instant from, Instant to) {
        List<UsageWindow> found = new ArrayList<>();
        if (!to.isAfter(from)) {
            return found;
        }
        // the store finds windows by their start: the first that overlaps starts at most a window before from
        Instant first = from.minus(size.size()).plusMillis(1);
        Instant last = to.minusMillis(1);
        try (KeyValueIterator<Windowed<String>, UsageWindow> it = account == null ? store.fetchAll(first, last)
                : store.fetch(UsageKeys.accountFrom(account), UsageKeys.accountTo(account), first, last)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, UsageWindow> next = it.next();
                // the key range is by prefix: an account whose id extends this one's cannot match the value
                if (account == null || next.value.getAccountId().equals(account)) {
                    found.add(next.value);
                }
            }
        }
        return found;
    }
}
