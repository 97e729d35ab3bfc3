package io.inferline.schemas.catalog;

import io.inferline.avro.Price;
import io.inferline.avro.Usage;

/**
 * Catalog prices applied to usage, in micro-credits. Token prices are per million tokens; the sum is
 * rounded up once per request, so a request never costs less than its exact price and rounding
 * never adds more than one micro-credit.
 */
public final class Prices {
    private static final long PER_MILLION = 1_000_000L;

    private Prices() {
    }

    /** {@code ceil(units * pricePerMillion / 1e6)}. */
    public static long perMillion(long units, long pricePerMillion) {
        return ceilPerMillion(Math.multiplyExact(units, pricePerMillion));
    }

    /** What {@code usage} costs at {@code price}: tokens (cached input at its own price), units by kind, plus the flat fee. */
    public static long cost(Price price, Usage usage) {
        long cached = Math.min(usage.getCachedInputTokens(), usage.getInputTokens());
        long cachedPrice = price.getCachedInputPerMtok() > 0 ? price.getCachedInputPerMtok() : price.getInputPerMtok();
        long tokenMicroMillionths = Math.addExact(Math.addExact(
                        Math.multiplyExact(usage.getInputTokens() - cached, price.getInputPerMtok()),
                        Math.multiplyExact(cached, cachedPrice)),
                Math.multiplyExact(usage.getOutputTokens(), price.getOutputPerMtok()));
        long units = switch (usage.getUnitKind()) {
            case IMAGES -> Math.multiplyExact(usage.getUnits(), price.getPerImage());
            case SECONDS -> Math.multiplyExact(usage.getUnits(), price.getPerSecond());
            case CHARACTERS -> Math.multiplyExact(usage.getUnits(), price.getPerCharacter());
            default -> 0;
        };
        return Math.addExact(Math.addExact(ceilPerMillion(tokenMicroMillionths), units), price.getPerRequest());
    }

    private static long ceilPerMillion(long value) {
        return (value + PER_MILLION - 1) / PER_MILLION;
    }
}
