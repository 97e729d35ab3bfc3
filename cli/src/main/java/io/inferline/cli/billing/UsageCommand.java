package io.inferline.cli.billing;

import io.inferline.cli.CliContext;
import io.inferline.cli.CliException;
import io.inferline.cli.ExitCode;
import io.inferline.cli.InferlineCli;
import io.inferline.cli.money.Credits;
import io.inferline.cli.text.Durations;
import io.inferline.cli.text.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inferline usage}: requests, tokens and cost by provider or model, from the billing aggregator's usage windows. */
@Command(name = "usage", description = {"Usage by provider or model: requests, errors, tokens, units and cost.",
        "From the billing aggregator's usage windows since --since, of --account (every account: requests and cost only)."})
public final class UsageCommand implements Callable<Integer> {

    enum By { provider, model }

    @Spec
    CommandSpec spec;

    @Option(names = "--by", defaultValue = "model", paramLabel = "provider|model", description = "Group rows by (default ${DEFAULT-VALUE}).")
    By by;

    @Option(names = "--window", defaultValue = "1h", paramLabel = "1m|1h|1d",
            description = "Size of the usage windows to sum (default ${DEFAULT-VALUE}); the start of --since is rounded down to it.")
    String window;

    @Option(names = "--since", defaultValue = "-24h", paramLabel = "ISO|-DURATION",
            description = "From when: an instant (2026-01-31T12:00:00Z), a day (2026-01-31) or a time ago (-1h, -7d); default ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--all-accounts", description = "Every account's usage, even when --account or INFERLINE_ACCOUNT names one.")
    boolean allAccounts;

    @Override
    public Integer call() {
        CliContext context = InferlineCli.context(spec);
        if (!List.of("1m", "1h", "1d").contains(window)) {
            throw CliException.usage("--window must be 1m, 1h or 1d, got '" + window + "'");
        }
        Instant from = since(since, context.clock().instant());
        String account = allAccounts ? null : context.options().account();
        BillingClient billing = new BillingClient(context.options().billingUrl());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("window", window);
        query.put("from", from.toString());
        String path;
        if (account == null) {
            path = BillingJson.ALL_ACCOUNTS_USAGE_PATH;
            query.put("limit", "1000");
        } else {
            path = BillingJson.usagePath(account);
            query.put("group", by.name());
        }
        List<BillingJson.UsageRow> rows;
        try {
            rows = billing.get(path, query).map(BillingJson::usage).orElse(List.of());
        } catch (BillingClient.Unreachable e) {
            throw BillingClient.unavailable(e);
        }
        Map<String, long[]> groups = new TreeMap<>();
        Map<String, Map<String, Long>> units = new TreeMap<>();
        long[] total = new long[8];
        Map<String, Long> totalUnits = new TreeMap<>();
        for (BillingJson.UsageRow row : rows) {
            if (row.windowStart() != null && row.windowStart().plus(Durations.parse(window)).isBefore(from)) {
                continue;   // a window that ended before --since
            }
            String group = by == By.provider ? row.provider() : row.slug();
            long[] sums = groups.computeIfAbsent(group == null ? "?" : group, g -> new long[8]);
            long[] values = {row.requests(), row.successes(), row.errors(), row.cacheHits(), row.inputTokens(), row.outputTokens(),
                    0, row.costMicros()};
            row.units().forEach((kind, count) -> {
                units.computeIfAbsent(group == null ? "?" : group, g -> new TreeMap<>()).merge(kind, count, Long::sum);
                totalUnits.merge(kind, count, Long::sum);
            });
            for (int i = 0; i < values.length; i++) {
                sums[i] += values[i];
                total[i] += values[i];
            }
        }
        String first = by == By.provider ? "PROVIDER" : "MODEL";
        // every account's usage comes as cost and requests per model only
        Table table = account == null ? new Table(first, "REQUESTS>", "COST (CREDITS)>")
                : new Table(first, "REQUESTS>", "SUCCEEDED>", "ERRORS>", "CACHED>", "INPUT TOKENS>", "OUTPUT TOKENS>", "UNITS>",
                        "COST (CREDITS)>");
        groups.forEach((group, sums) -> row(table, group, sums, units.getOrDefault(group, Map.of())));
        if (table.isEmpty()) {
            context.note("no usage" + (account == null ? "" : " for account " + account) + " since " + from);
            return ExitCode.OK;
        }
        row(table, "total", total, totalUnits);
        context.out().println("usage" + (account == null ? " of every account" : " of " + account) + " since " + from
                + " (" + window + " windows)");
        table.print(context.out());
        return ExitCode.OK;
    }

    private static void row(Table table, String group, long[] sums, Map<String, Long> units) {
        if (table.columns() == 3) {
            table.row(group, sums[0], Credits.format(sums[7]));
        } else {
            table.row(group, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], units(units), Credits.format(sums[7]));
        }
    }

    /** {@code 20 seconds, 5 images}: units of different kinds are never added up. */
    static String units(Map<String, Long> byKind) {
        if (byKind.isEmpty()) {
            return "0";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        byKind.forEach((kind, count) -> parts.add(count + " " + kind.toLowerCase(java.util.Locale.ROOT)));
        return String.join(", ", parts);
    }

    /** {@code -1h} (ago), {@code 2026-01-31} (UTC midnight) or an ISO instant. */
    static Instant since(String text, Instant now) {
        String value = text.strip();
        if (value.startsWith("-")) {
            try {
                return now.minus(Durations.parse(value.substring(1))).truncatedTo(ChronoUnit.SECONDS);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--since '" + text + "': " + e.getMessage());
            }
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADay) {
                throw new CliException(ExitCode.USAGE, "--since '" + text + "' is not a time: write 2026-01-31T12:00:00Z, 2026-01-31 or -1h");
            }
        }
    }
}
