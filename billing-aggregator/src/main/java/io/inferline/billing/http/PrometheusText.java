package io.inferline.billing.http;

import io.inferline.billing.topology.BillingSensors;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Prometheus text exposition (format 0.0.4) of what an operator of the aggregator watches:
 * consumer lag per input partition, records folded (total and per second), dead letters,
 * duplicates, late and skipped usage, the application state, HTTP answers. Read from the Kafka
 * Streams metrics, where the aggregator's own sensors live too.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String CONSUMER_FETCH_GROUP = "consumer-fetch-manager-metrics";

    private PrometheusText() {
    }

    static String render(Map<MetricName, ? extends Metric> metrics, String state, Map<Integer, Long> httpAnswers) {
        StringBuilder out = new StringBuilder(2048);
        Map<String, Double> totals = new TreeMap<>();
        Map<String, Double> lag = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName name = entry.getKey();
            if (name.group().equals(BillingSensors.GROUP)) {
                totals.merge(name.name(), value(entry.getValue()), Double::sum);
            } else if (name.group().equals(CONSUMER_FETCH_GROUP) && name.name().equals("records-lag")
                    && isMainConsumer(name.tags().get("client-id"))) {
                double records = value(entry.getValue());
                if (!Double.isNaN(records)) {
                    lag.merge(labels("topic", name.tags().get("topic"), "partition", name.tags().get("partition")), records, Double::sum);
                }
            }
        }
        gauge(out, "inferline_billing_consumer_lag", "Records of an input partition not yet read by this instance.", lag);
        counter(out, "inferline_billing_records_folded_total", "Grants, reservations and charges applied to balances.",
                totals.getOrDefault(BillingSensors.FOLDED + "-total", 0.0));
        gauge(out, "inferline_billing_records_folded_per_second", "Records applied to balances per second (recent average).",
                Map.of("", totals.getOrDefault(BillingSensors.FOLDED + "-rate", 0.0)));
        counter(out, "inferline_billing_dead_letters_total", "Records written to the dead-letter topic instead of being applied.",
                totals.getOrDefault(BillingSensors.DEAD_LETTERS + "-total", 0.0));
        counter(out, "inferline_billing_duplicates_total", "Usage events, grants and reservations seen again and not applied twice.",
                totals.getOrDefault(BillingSensors.DUPLICATES + "-total", 0.0));
        counter(out, "inferline_billing_late_usage_total", "Usage left out of a window that had closed (end plus grace).",
                totals.getOrDefault(BillingSensors.LATE_USAGE + "-total", 0.0));
        counter(out, "inferline_billing_skipped_usage_total", "Usage left out of every window (dated too far ahead, or figures too large).",
                totals.getOrDefault(BillingSensors.SKIPPED_USAGE + "-total", 0.0));
        gauge(out, "inferline_billing_state", "1 for the Kafka Streams state this instance is in.", Map.of(labels("state", state), 1.0));
        Map<String, Double> answers = new TreeMap<>();
        httpAnswers.forEach((status, count) -> answers.put(labels("code", Integer.toString(status)), count.doubleValue()));
        typeAndHelp(out, "inferline_billing_http_responses_total", "counter", "HTTP answers of this instance by status.");
        answers.forEach((labels, count) -> sample(out, "inferline_billing_http_responses_total", labels, count));
        return out.toString();
    }

    /** Stream threads' main consumers; not the restore consumer (its lag is restoration, not input). */
    private static boolean isMainConsumer(String clientId) {
        return clientId != null && clientId.endsWith("-consumer") && !clientId.endsWith("-restore-consumer");
    }

    private static double value(Metric metric) {
        Object value = metric.metricValue();
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    private static void counter(StringBuilder out, String name, String help, double value) {
        typeAndHelp(out, name, "counter", help);
        sample(out, name, "", value);
    }

    private static void gauge(StringBuilder out, String name, String help, Map<String, Double> samples) {
        typeAndHelp(out, name, "gauge", help);
        samples.forEach((labels, value) -> sample(out, name, labels, value));
    }

    private static void typeAndHelp(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String labels(String... pairs) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
        return out.append('}').toString();
    }

    private static String escape(String value) {
        return String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
