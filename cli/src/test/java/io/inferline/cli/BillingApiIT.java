package io.inferline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.inferline.avro.CreditBalance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jobs}, {@code usage} and {@code balance} against an HTTP server answering the billing API's
 * contract (the aggregator's own server is built beside this; see {@code BillingJson}).
 */
class BillingApiIT {

    private final ClusterFixture cluster = new ClusterFixture();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private CliRunner cli;

    @BeforeEach
    void startBilling() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        cli = cluster.cli("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopBilling() {
        try {
            server.stop(0);
        } catch (IllegalStateException alreadyStopped) {
            // the test stopped it to take the slow path
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        asked.add(target);
        String body = answers.entrySet().stream().filter(e -> target.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
        byte[] bytes = (body == null ? "{\"error\":\"not found\"}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void jobStatusAndListComeFromBilling() {
        answers.put("/jobs/job-1", """
                {"job_id":"job-1","account_id":"acct-1","state":"FINALIZING","total":1000,"succeeded":990,"failed":7,"cancelled":0,
                 "pending":3,"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:05:00Z"}""");
        answers.put("/jobs?account=acct-1", """
                {"jobs":[{"job_id":"job-1","account_id":"acct-1","state":"completed","total":2,"succeeded":2,"failed":0,"cancelled":0,
                 "pending":0,"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:05:00Z"}]}""");

        CliRunner.Result status = cli.run("jobs", "status", "job-1");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.err()).isEmpty();
        assertThat(status.out()).containsPattern("state\\s+finalizing").containsPattern("total\\s+1000").containsPattern("pending\\s+3")
                .containsPattern("created\\s+2026-01-01T00:00:00Z");

        CliRunner.Result list = cli.run("jobs", "list", "--account", "acct-1");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines()).hasSize(2);
        assertThat(list.out().lines().skip(1).findFirst().orElseThrow()).startsWith("job-1").contains("completed");
        assertThat(asked).contains("/jobs/job-1", "/jobs?account=acct-1");

        // billing does not know the job and neither do the topics
        CliRunner.Result unknown = cli.run("jobs", "status", "job-2");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(unknown.err()).contains("does not know job job-2").contains("job job-2 not found");
    }

    @Test
    void usageIsATableByModelOrProviderWithMoneyInCredits() {
        answers.put("/accounts/acct-1/usage?window=1h&from=2026-01-01T00%3A00%3A00Z&group=model", """
                {"account_id":"acct-1","window":"1h","from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:00Z","group":["model"],"rows":[
                 {"provider":"openai","model":"gpt-4o-mini","slug":"openai/gpt-4o-mini","requests":6,"successes":5,"errors":1,
                  "cache_hits":1,"input_tokens":110,"cached_input_tokens":0,"output_tokens":55,"units":{},"cost_micros":1650,
                  "latency":{"count":5,"mean_ms":200.0,"p50_ms":180,"p95_ms":400,"p99_ms":400}},
                 {"provider":"recraft","model":"recraftv3","slug":"recraft/recraftv3","requests":2,"successes":2,"errors":0,
                  "cache_hits":0,"input_tokens":0,"cached_input_tokens":0,"output_tokens":0,"units":{"IMAGES":2},"cost_micros":80000}],
                 "total":{"requests":8,"cost_micros":81650}}""");
        answers.put("/accounts/acct-1/usage?window=1d&from=2026-01-01T00%3A00%3A00Z&group=provider", """
                {"rows":[{"provider":"openai","requests":6,"successes":5,"errors":1,"cache_hits":1,"input_tokens":110,
                  "output_tokens":55,"units":{},"cost_micros":1650},
                 {"provider":"recraft","requests":2,"successes":2,"errors":0,"cache_hits":0,"units":{"IMAGES":2},"cost_micros":80000}]}""");
        answers.put("/top-models", """
                {"window":"1h","limit":1000,"models":[{"slug":"recraft/recraftv3","provider":"recraft","model":"recraftv3",
                  "cost_micros":80000,"requests":2},{"slug":"openai/gpt-4o-mini","provider":"openai","model":"gpt-4o-mini",
                  "cost_micros":1650,"requests":6}]}""");

        CliRunner.Result byModel = cli.run("usage", "--account", "acct-1", "--since", "2026-01-01", "--window", "1h");
        assertThat(byModel.exitCode()).as(byModel.toString()).isZero();
        assertThat(byModel.out()).contains("usage of acct-1 since 2026-01-01T00:00:00Z (1h windows)");
        assertThat(byModel.out().lines().filter(l -> l.startsWith("openai/gpt-4o-mini"))).singleElement().satisfies(line ->
                assertThat(line.split("\\s+")).containsExactly("openai/gpt-4o-mini", "6", "5", "1", "1", "110", "55", "0", "0.001650"));
        assertThat(byModel.out().lines().filter(l -> l.startsWith("total"))).singleElement().satisfies(line ->
                assertThat(line).endsWith("0.081650"));

        CliRunner.Result byProvider = cli.run("usage", "--account", "acct-1", "--since", "2026-01-01", "--window", "1d", "--by", "provider");
        assertThat(byProvider.exitCode()).as(byProvider.toString()).isZero();
        assertThat(byProvider.out().lines().filter(l -> l.startsWith("recraft"))).singleElement().satisfies(line ->
                assertThat(line.split("\\s+")).containsExactly("recraft", "2", "2", "0", "0", "0", "0", "2", "images", "0.080000"));

        CliRunner.Result everyAccount = cli.run("usage", "--since", "2026-01-01", "--by", "provider", "--all-accounts");
        assertThat(everyAccount.exitCode()).as(everyAccount.toString()).isZero();
        assertThat(everyAccount.out()).contains("usage of every account");
        assertThat(everyAccount.out().lines().filter(l -> l.startsWith("openai"))).singleElement().satisfies(line ->
                assertThat(line.split("\\s+")).containsExactly("openai", "6", "0.001650"));
        assertThat(asked).anySatisfy(target -> assertThat(target).startsWith("/top-models?window=1h&from=2026-01-01T00%3A00%3A00Z"));
    }

    @Test
    void balanceFromBillingElseFromTheBalancesTopic() {
        answers.put("/accounts/acct-1/balance", """
                {"account_id":"acct-1","balance_micros":24500000,"reserved_micros":1500,"lifetime_granted_micros":25000000,
                 "lifetime_spent_micros":500000,"updated_at":"2026-01-01T00:00:00Z"}""");
        CliRunner.Result balance = cli.run("balance", "acct-1");
        assertThat(balance.exitCode()).as(balance.toString()).isZero();
        assertThat(balance.out()).containsPattern("balance\\s+24.500000 credits").containsPattern("reserved\\s+0.001500 credits")
                .containsPattern("available\\s+24.498500 credits").containsPattern("spent\\s+0.500000 credits");
        assertThat(cli.run("balance", "acct-none").exitCode()).isEqualTo(ExitCode.NOT_FOUND);

        cluster.send(cluster.topics.creditBalances(), "acct-2", CreditBalance.newBuilder().setAccountId("acct-2").setBalanceMicros(3_000_000)
                .setLifetimeGrantedMicros(3_000_000).setUpdatedAt(Instant.now()).build());
        server.stop(0);
        CliRunner.Result slow = cli.run("balance", "acct-2");
        assertThat(slow.exitCode()).as(slow.toString()).isZero();
        assertThat(slow.err()).contains("slow path");
        assertThat(slow.out()).containsPattern("balance\\s+3.000000 credits");

        CliRunner.Result usage = cli.run("usage");
        assertThat(usage.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(usage.err()).contains("no answer from the billing service").contains("--billing-url");
    }
}
