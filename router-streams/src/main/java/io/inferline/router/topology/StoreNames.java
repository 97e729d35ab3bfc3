package io.inferline.router.topology;

/** Every state store of the router, named so a refactor can never silently rename a changelog. */
final class StoreNames {
    static final String CATALOG = "model-catalog-store";
    static final String RESPONSE_CACHE = "response-cache-store";
    static final String BATCH_JOBS = "batch-jobs-store";
    static final String CREDIT_BALANCES = "credit-balances-store";
    static final String ACCOUNT_PROFILES = "account-profiles-store";
    static final String BUDGET_RESERVATIONS = "budget-reservations";
    static final String RATE_LIMITS = "rate-limits";
    static final String IDEMPOTENCY = "idempotency";
    static final String DELAYED_REQUESTS = "delayed-requests";

    private StoreNames() {
    }
}
