package io.inferline.workers.blob;

import java.io.IOException;
import java.net.URI;

/**
 * Where large outputs (images, audio, video) go instead of into Kafka records: the response carries
 * a reference, the claim check. The shape is an object store's (a key, bytes, a content type), so an
 * S3-compatible store fits behind it as well as the local directory used by default.
 */
public interface BlobStore {

    /**
     * Stores {@code content} under {@code key} (overwriting: a retried request stores the same bytes
     * again) and returns the URI a client fetches it from.
     */
    URI put(String key, byte[] content, String contentType) throws IOException;
}
