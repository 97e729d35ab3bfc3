package io.inferline.billing.usage;

/**
 * Keys of usage windows. In the window stores an account's windows sort together
 * ({@code account NUL provider NUL model}), so one range read finds them all; on the output topics the
 * key is readable ({@code account|slug|window start ms}) and only has to be unique per window for
 * compaction: readers take the fields from the value.
 */
public final class UsageKeys {

    private static final char SEPARATOR = '\u0000';
    // above every character that can follow the separator, so [from, to] spans exactly the account's keys
    private static final String LAST = "\uDBFF\uDFFF";

    private UsageKeys() {
    }

    public static String storeKey(String account, String provider, String model) {
        return account + SEPARATOR + provider + SEPARATOR + model;
    }

    /** The smallest store key of {@code account}. */
    public static String accountFrom(String account) {
        return account + SEPARATOR;
    }

    /** The largest store key of {@code account}. */
    public static String accountTo(String account) {
        return account + SEPARATOR + LAST;
    }

    /** Key of a window on its output topic. */
    public static String topicKey(String account, String slug, long windowStartMs) {
        return account + "|" + slug + "|" + windowStartMs;
    }
}
