package io.inferline.workers.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.Percentiles;
import org.apache.kafka.common.metrics.stats.Rate;

/**
 * A provider worker's metrics, in Kafka's metrics library (JMX domain {@code inferline.workers},
 * tag {@code provider}): requests, calls in flight, retries, fallbacks, dead letters, upstream
 * latency (average, max, p50/p95/p99) and upstream status codes.
 */
public final class WorkerMetrics implements AutoCloseable {

    private static final String GROUP = "provider-worker";

    private final Metrics metrics;
    private final Map<String, String> tags;
    private final Sensor requests;
    private final Sensor retries;
    private final Sensor fallbacks;
    private final Sensor deadLetters;
    private final Sensor latency;
    private final Sensor tasksCreated;
    private final Sensor taskPolls;
    private final Sensor tasksCancelled;
    private final Map<Integer, Sensor> statuses = new ConcurrentHashMap<>();

    public WorkerMetrics(String provider, IntSupplier inFlight) {
        this.metrics = new Metrics(new MetricConfig(), java.util.List.of(new JmxReporter()), org.apache.kafka.common.utils.Time.SYSTEM,
                new KafkaMetricsContext("inferline.workers"));
        this.tags = Map.of("provider", provider);
        this.requests = counter("requests", "Requests finished (answered, failed or expired).");
        this.retries = counter("retries", "Calls retried after a retryable failure.");
        this.fallbacks = counter("fallbacks", "Requests moved to the next model of their fallback chain.");
        this.deadLetters = counter("dead-letters", "Records written to the provider's dead-letter topic.");
        this.tasksCreated = counter("tasks-created", "Provider tasks created (each one paid for upstream).");
        this.taskPolls = counter("task-polls", "Status queries of provider tasks.");
        this.tasksCancelled = counter("tasks-cancelled", "Provider tasks cancelled because their deadline passed.");
        this.latency = metrics.sensor("upstream-latency");
        latency.add(name("upstream-latency-avg", "Mean upstream call latency, ms."), new Avg());
        latency.add(name("upstream-latency-max", "Longest upstream call latency, ms."), new Max());
        latency.add(new Percentiles(4 * 1024, 60_000, Percentiles.BucketSizing.LINEAR,
                new Percentile(name("upstream-latency-p50", "Median upstream call latency, ms."), 50),
                new Percentile(name("upstream-latency-p95", "95th percentile upstream call latency, ms."), 95),
                new Percentile(name("upstream-latency-p99", "99th percentile upstream call latency, ms."), 99)));
        metrics.addMetric(name("in-flight", "Upstream calls in flight."), (org.apache.kafka.common.metrics.Gauge<Integer>) (config, now) -> inFlight.getAsInt());
    }

    private Sensor counter(String sensorName, String doc) {
        Sensor sensor = metrics.sensor(sensorName);
        sensor.add(name(sensorName + "-total", doc), new CumulativeCount());
        sensor.add(name(sensorName + "-rate", doc + " Per second."), new Rate());
        return sensor;
    }

    private MetricName name(String metric, String doc) {
        return metrics.metricName(metric, GROUP, doc, tags);
    }

    public void requestFinished() {
        requests.record();
    }

    public void retried() {
        retries.record();
    }

    public void fellBack() {
        fallbacks.record();
    }

    public void taskCreated() {
        tasksCreated.record();
    }

    public void taskPolled() {
        taskPolls.record();
    }

    public void taskCancelled() {
        tasksCancelled.record();
    }

    public void deadLettered() {
        deadLetters.record();
    }

    /** One upstream call ended: its latency and status ({@code 0} when no HTTP answer came). */
    public void called(long latencyMs, int status) {
        latency.record(latencyMs);
        statuses.computeIfAbsent(status, code -> {
            Sensor sensor = metrics.sensor("upstream-status-" + code);
            sensor.add(metrics.metricName("upstream-status-" + code + "-total", GROUP,
                    "Upstream calls answered with HTTP " + code + " (0: no answer).", tags), new CumulativeCount());
            return sensor;
        }).record();
    }

    /** A metric's current value, e.g. {@code "retries-total"}; NaN if unknown. */
    public double value(String metric) {
        var found = metrics.metric(metrics.metricName(metric, GROUP, "", tags));
        return found == null ? Double.NaN : ((Number) found.metricValue()).doubleValue();
    }

    @Override
    public void close() {
        metrics.close();
    }
}
