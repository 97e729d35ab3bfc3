package io.inferline.billing.topology;

import io.inferline.schemas.topic.UsageWindowSize;

/** Every state store of the billing aggregator, named so a refactor can never silently rename a changelog. */
public final class StoreNames {
    /** Account id → its {@code CreditBalance}; the source of truth of credit-balances. */
    public static final String BALANCES = "balances";
    /** account NUL request id → when it was charged (window store: entries expire after the dedup retention). */
    public static final String CHARGED_REQUESTS = "charged-requests";
    /** account NUL grant id → when it was applied; kept forever, like the grants. */
    public static final String APPLIED_GRANTS = "applied-grants";
    /** The account-profiles table (alert thresholds). */
    public static final String ACCOUNT_PROFILES = "account-profiles-store";
    /** account NUL job id → the job's answers counted so far ({@code BatchJob}: succeeded, failed, cancelled). */
    public static final String JOB_PROGRESS = "job-progress";
    /** The batch-jobs table (global): every job's record, as submitted or cancelled. */
    public static final String BATCH_JOBS = "batch-jobs-store";
    /** The newest occurred_at the usage windows have seen in a task: their stream time, for the grace. */
    public static final String USAGE_STREAM_TIME = "usage-stream-time";

    /** The window store of one size: {@code usage-1m}, {@code usage-1h}, {@code usage-1d}. */
    public static String usage(UsageWindowSize size) {
        return "usage-" + size.suffix();
    }

    private StoreNames() {
    }
}
