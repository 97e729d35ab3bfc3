package io.inferline.billing.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.inferline.avro.CreditBalance;
import io.inferline.billing.query.LocalStores;
import io.inferline.billing.query.Placement;
import io.inferline.billing.query.TopModels;
import io.inferline.billing.query.UsageReport;
import io.inferline.schemas.topic.UsageWindowSize;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's HTTP API. Questions about one account are answered by the instance that owns
 * the account (found with {@link Placement#ownerOf}); any other instance forwards them there and
 * returns the owner's answer unchanged, so a client may ask any instance. Questions about all
 * accounts ask every instance for its part and add the parts up. Answers are JSON; a bad
 * parameter gets 400 naming it; state that is moving (start-up, rebalance) gets 503 with Retry-After.
 */
final class QueryHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);
    private static final Set<String> RANGE_PARAMS = Set.of("window", "from", "to");
    private static final Set<String> USAGE_PARAMS = Set.of("window", "from", "to", "group");
    private static final Set<String> TOP_PARAMS = Set.of("window", "from", "to", "limit");
    private static final Duration DEFAULT_RANGE = Duration.ofDays(1);
    private static final Set<String> JOBS_PARAMS = Set.of("account");
    private static final String PATHS = "GET /health, /metrics, /accounts/{account}/balance, /accounts/{account}/usage,"
            + " /accounts/{account}/top-models, /top-models, /jobs/{job}, /jobs?account=";

    private final Placement placement;
    private final LocalStores stores;
    private final Forwarder forwarder;
    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final Supplier<String> state;
    private final Clock clock;
    private final Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();

    QueryHandler(Placement placement, LocalStores stores, Duration forwardTimeout, Supplier<Map<MetricName, ? extends Metric>> metrics,
                 Supplier<String> state, Clock clock) {
        this.placement = placement;
        this.stores = stores;
        this.forwarder = new Forwarder(forwardTimeout, placement.self());
        this.metrics = metrics;
        this.state = state;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) {
        Answer answer;
        try {
            answer = answer(exchange);
        } catch (BadParameter e) {
            answer = Answer.badParameter(e);
        } catch (InvalidStateStoreException e) {
            answer = Answer.unavailable("state is not queryable right now (" + e.getMessage() + "); retry shortly");
        } catch (RuntimeException e) {
            LOG.warn("query {} failed", exchange.getRequestURI(), e);
            answer = Answer.error(500, "internal error: " + e);
        }
        answers.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
        try (OutputStream body = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            body.write(answer.body());
        } catch (IOException e) {
            LOG.debug("could not send the answer to {}: {}", exchange.getRemoteAddress(), e.toString());
        } finally {
            exchange.close();
        }
    }

    private Answer answer(HttpExchange exchange) {
        if (!exchange.getRequestMethod().equals("GET")) {
            return new Answer(405, Answer.JSON, Answer.error(405, "only GET is supported").body(), Map.of("Allow", "GET"));
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        boolean forwarded = exchange.getRequestHeaders().containsKey(Forwarder.FORWARDED_HEADER);
        String pathAndQuery = rawPath + (rawQuery == null ? "" : "?" + rawQuery);
        List<String> path = segments(rawPath);
        if (path.equals(List.of("health"))) {
            return health();
        }
        if (path.equals(List.of("metrics"))) {
            return Answer.text(200, PrometheusText.CONTENT_TYPE, PrometheusText.render(metrics.get(), state.get(), answerCounts()));
        }
        if (path.equals(List.of("top-models"))) {
            return topModels(QueryParams.parse(rawQuery, TOP_PARAMS));
        }
        if (path.equals(List.of("local", "top-models"))) {
            return localTopModels(QueryParams.parse(rawQuery, RANGE_PARAMS));
        }
        if (path.size() == 2 && path.get(0).equals("jobs")) {
            QueryParams.parse(rawQuery, Set.of());
            return job(path.get(1), forwarded, pathAndQuery);
        }
        if (path.equals(List.of("jobs"))) {
            String account = QueryParams.parse(rawQuery, JOBS_PARAMS).text("account")
                    .orElseThrow(() -> new BadParameter("account", "missing: GET /jobs?account=<account id> lists that account's jobs"));
            return forAccount(account, forwarded, pathAndQuery, partition -> Answer.json(200, Map.of("account_id", account,
                    "jobs", io.inferline.billing.query.JobReport.ofAccount(account, stores.jobs(), stores.jobProgress(OptionalInt.of(partition))))));
        }
        if (path.size() == 3 && path.get(0).equals("accounts")) {
            String account = path.get(1);
            if (account.isBlank()) {
                throw new BadParameter("account", "the account id in the path is empty");
            }
            switch (path.get(2)) {
                case "balance" -> {
                    QueryParams.parse(rawQuery, Set.of());
                    return forAccount(account, forwarded, pathAndQuery, partition -> balance(account, partition));
                }
                case "usage" -> {
                    QueryParams params = QueryParams.parse(rawQuery, USAGE_PARAMS);
                    Range range = range(params);
                    Set<UsageReport.Dimension> group = params.dimensions("group", EnumSet.of(UsageReport.Dimension.MODEL));
                    return forAccount(account, forwarded, pathAndQuery, partition -> usage(account, range, group, partition));
                }
                case "top-models" -> {
                    QueryParams params = QueryParams.parse(rawQuery, TOP_PARAMS);
                    Range range = range(params);
                    int limit = params.integer("limit", 10, 1, 1000);
                    return forAccount(account, forwarded, pathAndQuery, partition -> accountTopModels(account, range, limit, partition));
                }
                default -> {
                    // unknown: answered below
                }
            }
        }
        return Answer.error(404, "no such path: " + rawPath + "; the paths are " + PATHS);
    }

    /** Answers from the owner's stores: here, or by forwarding to the instance that has them. */
    private Answer forAccount(String account, boolean forwarded, String pathAndQuery, IntFunction<Answer> local) {
        Placement.Owner owner = placement.ownerOf(account);
        if (owner instanceof Placement.Local here) {
            return local.apply(here.partition());
        }
        if (owner instanceof Placement.Remote remote) {
            if (forwarded) {
                return Answer.unavailable("account '" + account + "' moved while the question was forwarded; retry");
            }
            return forwarder.get(remote.host(), pathAndQuery);
        }
        return Answer.unavailable(((Placement.Unavailable) owner).reason());
    }

    /** A job's record is on every instance; its counts are in the task of its account, asked there. */
    private Answer job(String jobId, boolean forwarded, String pathAndQuery) {
        if (jobId.isBlank()) {
            throw new BadParameter("job", "the job id in the path is empty");
        }
        io.inferline.avro.BatchJob job = stores.jobs().get(jobId);
        if (job == null) {
            return Answer.error(404, "no batch job '" + jobId + "': none was submitted with that id (or its record has not arrived yet)");
        }
        return forAccount(job.getAccountId(), forwarded, pathAndQuery, partition -> Answer.json(200,
                io.inferline.billing.query.JobReport.of(job, stores.jobProgress(OptionalInt.of(partition))
                        .get(io.inferline.billing.query.JobReport.key(job.getAccountId(), jobId)))));
    }

    private Answer health() {
        Optional<String> notReady = placement.notReady();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("state", state.get());
        json.put("ready", notReady.isEmpty());
        notReady.ifPresent(reason -> json.put("reason", reason));
        return Answer.json(notReady.isEmpty() ? 200 : 503, json);
    }

    private Answer balance(String account, int partition) {
        CreditBalance balance = stores.balances(OptionalInt.of(partition)).get(account);
        if (balance == null) {
            return Answer.error(404, "no balance for account '" + account + "': nothing was granted or charged yet");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_id", balance.getAccountId());
        json.put("balance_micros", balance.getBalanceMicros());
        json.put("reserved_micros", balance.getReservedMicros());
        json.put("available_micros", Math.subtractExact(balance.getBalanceMicros(), balance.getReservedMicros()));
        json.put("lifetime_spent_micros", balance.getLifetimeSpentMicros());
        json.put("lifetime_granted_micros", balance.getLifetimeGrantedMicros());
        json.put("day_start", balance.getDayStart().toString());
        json.put("day_spent_micros", balance.getDaySpentMicros());
        json.put("month_start", balance.getMonthStart().toString());
        json.put("month_spent_micros", balance.getMonthSpentMicros());
        json.put("reservation_seq", balance.getReservationSeq());
        json.put("version", balance.getVersion());
        json.put("updated_at", balance.getUpdatedAt().toString());
        return Answer.json(200, json);
    }

    private Answer usage(String account, Range range, Set<UsageReport.Dimension> group, int partition) {
        UsageReport.Result result = UsageReport.of(stores.usage(range.size(), OptionalInt.of(partition)), range.size(), account,
                range.from(), range.to(), group);
        Map<String, Object> json = range.toJson(account);
        json.put("group", group.stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList());
        json.put("rows", result.rows().stream().map(UsageReport.Row::toJson).toList());
        json.put("total", result.total().toJson());
        return Answer.json(200, json);
    }

    private Answer accountTopModels(String account, Range range, int limit, int partition) {
        List<TopModels.ModelCost> models = TopModels.top(List.of(TopModels.local(stores.usage(range.size(),
                OptionalInt.of(partition)), range.size(), account, range.from(), range.to())), limit);
        return topModelsAnswer(range.toJson(account), limit, models);
    }

    /** Every instance's totals of every model, added up, then ranked. */
    private Answer topModels(QueryParams params) {
        Range range = range(params);
        int limit = params.integer("limit", 10, 1, 1000);
        Optional<String> notReady = placement.notReady();
        if (notReady.isPresent()) {
            return Answer.unavailable(notReady.get());
        }
        List<List<TopModels.ModelCost>> parts = new ArrayList<>();
        for (HostInfo instance : placement.instances()) {
            if (instance.equals(placement.self())) {
                parts.add(TopModels.local(stores.usage(range.size(), OptionalInt.empty()), range.size(), null, range.from(), range.to()));
                continue;
            }
            Answer part = forwarder.get(instance, "/local/top-models?window=" + range.size().suffix()
                    + "&from=" + range.from().toEpochMilli() + "&to=" + range.to().toEpochMilli());
            if (part.status() != 200) {
                return part.status() == 504 ? part : Answer.unavailable("instance " + instance.host() + ":" + instance.port()
                        + " could not give its part (HTTP " + part.status() + "); retry");
            }
            parts.add(modelsOf(part));
        }
        return topModelsAnswer(range.toJson(null), limit, TopModels.top(parts, limit));
    }

    /** This instance's part of {@code /top-models}: every model's totals over the partitions it owns. */
    private Answer localTopModels(QueryParams params) {
        Range range = range(params);
        Optional<String> notReady = placement.notReady();
        if (notReady.isPresent()) {
            return Answer.unavailable(notReady.get());
        }
        List<TopModels.ModelCost> models = TopModels.local(stores.usage(range.size(), OptionalInt.empty()), range.size(), null,
                range.from(), range.to());
        return Answer.json(200, Map.of("models", models.stream().map(TopModels.ModelCost::toJson).toList()));
    }

    private static List<TopModels.ModelCost> modelsOf(Answer answer) {
        try {
            Map<String, List<Map<String, Object>>> json = Answer.MAPPER.readValue(answer.body(), new TypeReference<>() { });
            return json.get("models").stream().map(TopModels.ModelCost::fromJson).toList();
        } catch (IOException e) {
            throw new IllegalStateException("another instance answered /local/top-models with something else than its models", e);
        }
    }

    private static Answer topModelsAnswer(Map<String, Object> json, int limit, List<TopModels.ModelCost> models) {
        json.put("limit", limit);
        json.put("models", models.stream().map(TopModels.ModelCost::toJson).toList());
        return Answer.json(200, json);
    }

    private Range range(QueryParams params) {
        UsageWindowSize size = params.window("window", UsageWindowSize.ONE_HOUR);
        Instant to = params.instant("to", clock.instant().truncatedTo(ChronoUnit.MILLIS));
        Instant from = params.instant("from", to.minus(DEFAULT_RANGE));
        if (!from.isBefore(to)) {
            throw new BadParameter("from", "parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        return new Range(size, from, to);
    }

    private Map<Integer, Long> answerCounts() {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        answers.forEach((status, count) -> counts.put(status, count.sum()));
        return counts;
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            if (!raw.isEmpty()) {
                // a path segment keeps its '+' (only a query turns '+' into a space)
                segments.add(QueryParams.decode(raw.replace("+", "%2B")));
            }
        }
        return segments;
    }

    /** The window size and time range of a usage question: the windows overlapping [from, to). */
    private record Range(UsageWindowSize size, Instant from, Instant to) {

        Map<String, Object> toJson(String account) {
            Map<String, Object> json = new LinkedHashMap<>();
            if (account != null) {
                json.put("account_id", account);
            }
            json.put("window", size.suffix());
            json.put("from", from.toString());
            json.put("to", to.toString());
            return json;
        }
    }
}
