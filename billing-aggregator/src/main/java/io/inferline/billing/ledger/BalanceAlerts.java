package io.inferline.billing.ledger;

import io.inferline.avro.AlertKind;
import io.inferline.avro.BalanceAlert;
import io.inferline.avro.CreditBalance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Alerts when a balance crosses a threshold, once per crossing: comparing the balance before and
 * after one change finds exactly the changes that cross, so a long run of charges below the
 * threshold raises nothing more. Reservations do not move {@code balance_micros}, so they never
 * make alerts flap.
 */
public final class BalanceAlerts {

    /** A balance below {@code lowMicros} is low; at or below {@code exhaustedMicros} it is exhausted. */
    public record Thresholds(long lowMicros, long exhaustedMicros) {
    }

    private enum Level { HEALTHY, LOW, EXHAUSTED }

    private BalanceAlerts() {
    }

    /**
     * The alerts of one change, in order. {@code before} is null for an account seen for the first
     * time, which counts as healthy: its first grant raises nothing, a first charge without credit does.
     * Falling past both thresholds at once raises LOW_BALANCE then EXHAUSTED; climbing back to or
     * above the low threshold raises RECOVERED.
     */
    public static List<BalanceAlert> crossings(CreditBalance before, CreditBalance after, Thresholds thresholds, Instant at) {
        Level was = before == null ? Level.HEALTHY : level(before.getBalanceMicros(), thresholds);
        Level now = level(after.getBalanceMicros(), thresholds);
        List<BalanceAlert> alerts = new ArrayList<>(2);
        if (was == Level.HEALTHY && now != Level.HEALTHY) {
            alerts.add(alert(after, AlertKind.LOW_BALANCE, thresholds.lowMicros(), at));
        }
        if (was != Level.EXHAUSTED && now == Level.EXHAUSTED) {
            alerts.add(alert(after, AlertKind.EXHAUSTED, thresholds.exhaustedMicros(), at));
        }
        if (was != Level.HEALTHY && now == Level.HEALTHY) {
            alerts.add(alert(after, AlertKind.RECOVERED, thresholds.lowMicros(), at));
        }
        return alerts;
    }

    private static Level level(long balance, Thresholds thresholds) {
        if (balance <= thresholds.exhaustedMicros()) {
            return Level.EXHAUSTED;
        }
        return balance < thresholds.lowMicros() ? Level.LOW : Level.HEALTHY;
    }

    private static BalanceAlert alert(CreditBalance balance, AlertKind kind, long threshold, Instant at) {
        return BalanceAlert.newBuilder().setAccountId(balance.getAccountId()).setKind(kind)
                .setBalanceMicros(balance.getBalanceMicros()).setThresholdMicros(threshold).setAt(at).build();
    }
}
