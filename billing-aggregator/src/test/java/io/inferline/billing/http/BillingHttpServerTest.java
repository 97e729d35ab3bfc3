package io.inferline.billing.http;

import static io.inferline.billing.topology.BillingFixture.CREDIT;
import static io.inferline.billing.topology.BillingFixture.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.UsageWindow;
import io.inferline.billing.query.LocalStores;
import io.inferline.billing.query.Placement;
import io.inferline.billing.topology.BillingFixture;
import io.inferline.schemas.topic.UsageWindowSize;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two query servers, each over its own driver's stores, owning one account each: any server answers for both. */
class BillingHttpServerTest {

    private static final Instant TEN = Instant.parse("2026-11-25T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(TEN.plus(Duration.ofHours(2)), ZoneOffset.UTC);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final BillingFixture first = new BillingFixture();
    private final BillingFixture second = new BillingFixture();
    private final Map<String, HostInfo> owners = new ConcurrentHashMap<>();
    private BillingHttpServer serverA;
    private BillingHttpServer serverB;
    private HostInfo a;
    private HostInfo b;
    private volatile Optional<String> notReady = Optional.empty();

    /** Placement by a shared table of owners, as queryMetadataForKey would give it. */
    private Placement placement(HostInfo self) {
        return new Placement() {
            @Override
            public Owner ownerOf(String account) {
                if (notReady.isPresent()) {
                    return new Unavailable(notReady.get());
                }
                HostInfo owner = owners.getOrDefault(account, a);
                return owner.equals(self) ? new Local(0) : new Remote(owner);
            }

            @Override
            public Optional<String> notReady() {
                return notReady;
            }

            @Override
            public HostInfo self() {
                return self;
            }

            @Override
            public List<HostInfo> instances() {
                return List.of(a, b);
            }
        };
    }

    private static LocalStores stores(BillingFixture fixture) {
        return new LocalStores() {
            @Override
            public ReadOnlyKeyValueStore<String, CreditBalance> balances(OptionalInt partition) {
                return fixture.balanceStore();
            }

            @Override
            public ReadOnlyWindowStore<String, UsageWindow> usage(UsageWindowSize size, OptionalInt partition) {
                return fixture.usageStore(size);
            }

            @Override
            public ReadOnlyKeyValueStore<String, io.inferline.avro.BatchJob> jobProgress(OptionalInt partition) {
                return fixture.jobProgressStore();
            }

            @Override
            public ReadOnlyKeyValueStore<String, io.inferline.avro.BatchJob> jobs() {
                return fixture.jobsStore();
            }
        };
    }

    @BeforeEach
    void start() throws IOException {
        first.grant("alice", 10 * CREDIT);
        first.send(usage("alice", "openai/gpt-4o", 2_000, TEN).setLatencyMs(300).build());
        first.send(usage("alice", "openai/gpt-4o-mini", 100, TEN.plusSeconds(3600)).build());
        second.grant("bob/eu", 5 * CREDIT);
        second.send(usage("bob/eu", "openai/gpt-4o-mini", 7_000, TEN).build());
        serverA = BillingHttpServer.bind("127.0.0.1", 0, 2);
        serverB = BillingHttpServer.bind("127.0.0.1", 0, 2);
        a = new HostInfo("127.0.0.1", serverA.port());
        b = new HostInfo("127.0.0.1", serverB.port());
        owners.put("alice", a);
        owners.put("bob/eu", b);
        serverA.start(placement(a), stores(first), Duration.ofSeconds(5), first.driver::metrics, () -> "RUNNING", CLOCK);
        serverB.start(placement(b), stores(second), Duration.ofSeconds(5), second.driver::metrics, () -> "RUNNING", CLOCK);
    }

    @AfterEach
    void stop() {
        serverA.close();
        serverB.close();
        first.close();
        second.close();
    }

    private static HttpResponse<String> get(HostInfo server, String pathAndQuery) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + server.host() + ":" + server.port() + pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Answer.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void eitherServerAnswersForEitherAccountTheSame() {
        for (String path : List.of("/accounts/alice/balance", "/accounts/bob%2Feu/balance",
                "/accounts/alice/usage?window=1h&from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z&group=model,window",
                "/accounts/bob%2Feu/top-models?window=1d&from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z")) {
            HttpResponse<String> fromA = get(a, path);
            HttpResponse<String> fromB = get(b, path);
            assertThat(fromA.statusCode()).as(path).isEqualTo(200);
            assertThat(fromA.body()).as(path).isEqualTo(fromB.body());
            assertThat(fromA.headers().firstValue("Content-Type")).hasValue("application/json");
        }
        JsonNode bob = json(get(a, "/accounts/bob%2Feu/balance"));
        assertThat(bob.get("account_id").asText()).isEqualTo("bob/eu");
        assertThat(bob.get("balance_micros").asLong()).isEqualTo(5 * CREDIT - 7_000);
        assertThat(bob.get("available_micros").asLong()).isEqualTo(5 * CREDIT - 7_000);
        assertThat(bob.get("day_spent_micros").asLong()).isEqualTo(7_000);
    }

    @Test
    void usageRowsCarryTheirGroupAndTotals() {
        JsonNode usage = json(get(b, "/accounts/alice/usage?window=1h&from=1795593600000&to=1795608000000&group=window"));

        assertThat(usage.get("account_id").asText()).isEqualTo("alice");
        assertThat(usage.get("window").asText()).isEqualTo("1h");
        assertThat(usage.get("from").asText()).isEqualTo("2026-11-25T08:00:00Z");
        assertThat(usage.get("rows")).hasSize(2);
        assertThat(usage.get("rows").get(0).get("window_start").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(usage.get("rows").get(0).get("cost_micros").asLong()).isEqualTo(2_000);
        assertThat(usage.get("rows").get(0).get("latency").get("p50_ms").asLong()).isBetween(297L, 303L);
        assertThat(usage.get("total").get("requests").asLong()).isEqualTo(2);
        assertThat(usage.get("rows").get(0).has("slug")).isFalse();
    }

    @Test
    void topModelsOfAllAccountsAddUpEveryServersPart() {
        String path = "/top-models?window=1d&from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z&limit=2";
        HttpResponse<String> fromA = get(a, path);

        assertThat(fromA.statusCode()).isEqualTo(200);
        assertThat(fromA.body()).isEqualTo(get(b, path).body());
        JsonNode models = json(fromA).get("models");
        assertThat(models).hasSize(2);
        assertThat(models.get(0).get("slug").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(models.get(0).get("cost_micros").asLong()).isEqualTo(7_100);
        assertThat(models.get(0).get("requests").asLong()).isEqualTo(2);
        assertThat(models.get(1).get("slug").asText()).isEqualTo("openai/gpt-4o");
    }

    @Test
    void aBadParameterGets400NamingIt() {
        Map<String, String> cases = Map.of(
                "/accounts/alice/usage?window=2h", "window",
                "/accounts/alice/usage?from=yesterday", "from",
                "/accounts/alice/usage?from=2026-11-26T00:00:00Z&to=2026-11-25T00:00:00Z", "from",
                "/accounts/alice/usage?group=model,colour", "group",
                "/accounts/alice/usage?frm=1", "frm",
                "/accounts/alice/top-models?limit=0", "limit",
                "/top-models?limit=many", "limit",
                "/accounts/alice/balance?window=1h", "window",
                "/accounts/alice/usage?to=1&to=2", "to");
        cases.forEach((path, parameter) -> {
            HttpResponse<String> response = get(b, path);   // not the owner: checked before any forwarding
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(json(response).get("parameter").asText()).as(path).isEqualTo(parameter);
            assertThat(json(response).get("error").asText()).as(path).contains(parameter);
        });
    }

    @Test
    void aJobsProgressAnswersFromEitherServerWithItsDerivedState() {
        io.inferline.avro.BatchJob job = io.inferline.avro.BatchJob.newBuilder().setJobId("job-1").setAccountId("alice")
                .setState(io.inferline.avro.JobState.IN_PROGRESS).setTotal(3).setInputFile("lines.jsonl")
                .setCreatedAt(TEN).setUpdatedAt(TEN).build();
        first.job(job);
        second.job(job);   // a global table: every instance has every job's record
        first.send(usage("alice", "openai/gpt-4o", 10, TEN.plusSeconds(1)).setJobId("job-1").build());
        first.send(usage("alice", "openai/gpt-4o", 0, TEN.plusSeconds(2)).setJobId("job-1")
                .setStatus(io.inferline.avro.ResponseStatus.FAILED).setErrorCode("upstream_error").build());

        HttpResponse<String> fromB = get(b, "/jobs/job-1");
        assertThat(fromB.statusCode()).isEqualTo(200);
        assertThat(fromB.body()).as("forwarded to the owner of alice").isEqualTo(get(a, "/jobs/job-1").body());
        JsonNode status = json(fromB);
        assertThat(status.get("state").asText()).isEqualTo("in_progress");
        assertThat(status.get("succeeded").asLong()).isEqualTo(1);
        assertThat(status.get("failed").asLong()).isEqualTo(1);
        assertThat(status.get("pending").asLong()).isEqualTo(1);

        first.send(usage("alice", "openai/gpt-4o", 10, TEN.plusSeconds(3)).setJobId("job-1").build());
        assertThat(json(get(a, "/jobs/job-1")).get("state").asText()).as("every line answered").isEqualTo("completed");
        JsonNode list = json(get(b, "/jobs?account=alice"));
        assertThat(list.get("jobs")).hasSize(1);
        assertThat(list.get("jobs").get(0).get("succeeded").asLong()).isEqualTo(2);

        assertThat(get(a, "/jobs/no-such-job").statusCode()).isEqualTo(404);
        HttpResponse<String> noAccount = get(a, "/jobs");
        assertThat(noAccount.statusCode()).isEqualTo(400);
        assertThat(json(noAccount).get("parameter").asText()).isEqualTo("account");
    }

    @Test
    void unknownAccountsPathsAndMethodsAreSaidSo() throws Exception {
        assertThat(get(b, "/accounts/nobody/balance").statusCode()).isEqualTo(404);
        assertThat(get(b, "/accounts/nobody/balance").body()).isEqualTo(get(a, "/accounts/nobody/balance").body());
        HttpResponse<String> unknown = get(a, "/balances/alice");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).contains("/accounts/{account}/balance");
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/accounts/alice/balance"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void whileStateMovesQueriesGet503WithRetryAfter() {
        notReady = Optional.of("the aggregator is REBALANCING");

        HttpResponse<String> balance = get(a, "/accounts/alice/balance");
        HttpResponse<String> health = get(a, "/health");

        assertThat(balance.statusCode()).isEqualTo(503);
        assertThat(balance.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(balance).get("error").asText()).contains("REBALANCING");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(get(a, "/top-models").statusCode()).isEqualTo(503);
        notReady = Optional.empty();
        assertThat(get(a, "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aForwardedQueryIsNotForwardedAgain() throws Exception {
        // B got a forwarded question about alice, whom it thinks A owns (ownership moved meanwhile): 503, not a loop
        HttpResponse<String> looped = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port()
                        + "/accounts/alice/balance")).header(Forwarder.FORWARDED_HEADER, "127.0.0.1:" + a.port()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(looped.statusCode()).isEqualTo(503);
        assertThat(looped.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void metricsAreInPrometheusTextFormat() {
        first.rawGrants.pipeInput("alice".getBytes(), "not avro".getBytes());
        get(a, "/accounts/alice/balance");

        HttpResponse<String> metrics = get(a, "/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body()).contains("# TYPE inferline_billing_records_folded_total counter\ninferline_billing_records_folded_total 3\n")
                .contains("inferline_billing_dead_letters_total 1\n")
                .contains("# TYPE inferline_billing_consumer_lag gauge")
                .contains("inferline_billing_records_folded_per_second ")
                .contains("inferline_billing_state{state=\"RUNNING\"} 1")
                .contains("inferline_billing_http_responses_total{code=\"200\"} 1");
    }

    @Test
    void aServerBoundButNeverStartedClosesCleanly() throws IOException {
        BillingHttpServer unused = BillingHttpServer.bind("127.0.0.1", 0, 1);
        int port = unused.port();
        unused.close();

        BillingHttpServer again = BillingHttpServer.bind("127.0.0.1", port, 1);
        again.close();
    }
}
