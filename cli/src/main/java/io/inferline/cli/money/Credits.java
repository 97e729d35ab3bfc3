package io.inferline.cli.money;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credits as the user reads and types them, micro-credits as the system counts them (1 credit =
 * 1,000,000 micro-credits, a {@code long}). Conversions are exact: no floating point anywhere.
 */
public final class Credits {

    public static final long MICROS_PER_CREDIT = 1_000_000L;
    /** The largest single grant accepted: a billion credits. Anything above is taken for a typo. */
    public static final long MAX_GRANT_MICROS = 1_000_000_000L * MICROS_PER_CREDIT;

    private static final Pattern AMOUNT = Pattern.compile("(\\d*)(?:\\.(\\d*))?");
    private static final int DECIMALS = 6;

    private Credits() {
    }

    /** {@code 1500000} → {@code "1.500000"}, {@code -150} → {@code "-0.000150"}. */
    public static String format(long micros) {
        long whole = micros / MICROS_PER_CREDIT;
        long fraction = Math.abs(micros % MICROS_PER_CREDIT);
        String sign = micros < 0 && whole == 0 ? "-" : "";
        return sign + whole + "." + String.format("%06d", fraction);
    }

    /**
     * Parses a non-negative amount of credits with up to 6 decimals ({@code 25}, {@code 0.5},
     * {@code 0.000001}) into micro-credits, exactly.
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static long parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("amount '" + trimmed + "' is negative: give a positive number of credits");
        }
        if (trimmed.startsWith("+")) {
            trimmed = trimmed.substring(1);
        }
        Matcher matcher = AMOUNT.matcher(trimmed);
        if (!matcher.matches() || trimmed.equals(".") || trimmed.isEmpty()) {
            throw new IllegalArgumentException("amount '" + text + "' is not a number of credits: write e.g. 25 or 0.000150");
        }
        String wholeDigits = matcher.group(1).isEmpty() ? "0" : matcher.group(1);
        String fractionDigits = matcher.group(2) == null ? "" : matcher.group(2);
        if (fractionDigits.length() > DECIMALS) {
            if (!fractionDigits.substring(DECIMALS).chars().allMatch(c -> c == '0')) {
                throw new IllegalArgumentException("amount '" + text + "' has more than 6 decimals: the smallest unit is "
                        + "0.000001 credits (one micro-credit)");
            }
            fractionDigits = fractionDigits.substring(0, DECIMALS);
        }
        String stripped = wholeDigits.replaceFirst("^0+(?=\\d)", "");
        // 12 digits of credits are far beyond any grant and still fit a long in micro-credits
        if (stripped.length() > 12) {
            throw new IllegalArgumentException("amount '" + text + "' is too large");
        }
        long whole = Long.parseLong(stripped);
        long fraction = Long.parseLong((fractionDigits + "000000").substring(0, DECIMALS));
        return Math.addExact(Math.multiplyExact(whole, MICROS_PER_CREDIT), fraction);
    }

    /**
     * Parses the amount of a credit grant: positive and at most {@link #MAX_GRANT_MICROS}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static long parseGrant(String text) {
        long micros = parse(text);
        if (micros == 0) {
            throw new IllegalArgumentException("amount '" + text.strip() + "' is zero: a grant must add at least 0.000001 credits");
        }
        if (micros > MAX_GRANT_MICROS) {
            throw new IllegalArgumentException("amount '" + text.strip() + "' is more than the " + format(MAX_GRANT_MICROS)
                    + " credits one grant may add: split it, or check for a typo");
        }
        return micros;
    }
}
