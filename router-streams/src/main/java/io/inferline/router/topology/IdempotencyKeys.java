package io.inferline.router.topology;

import io.inferline.avro.InferenceRequest;

/** Keys of the idempotency store: one per account and request id, one per account and idempotency key. */
final class IdempotencyKeys {
    private IdempotencyKeys() {
    }

    static String requestId(InferenceRequest request) {
        return requestId(request.getAccountId(), request.getRequestId());
    }

    static String requestId(String accountId, String requestId) {
        return "rid|" + accountId + "|" + requestId;
    }

    static String idempotencyKey(InferenceRequest request) {
        return "key|" + request.getAccountId() + "|" + request.getIdempotencyKey();
    }
}
