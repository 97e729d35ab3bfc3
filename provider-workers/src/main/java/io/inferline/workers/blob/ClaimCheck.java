package io.inferline.workers.blob;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.Output;
import io.inferline.workers.provider.media.InlineBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Moves binary outputs larger than the inline limit out of the response into the blob store and
 * leaves a reference (URI, content type, size, SHA-256) in their place; small ones stay inline.
 */
public final class ClaimCheck {

    private static final Map<String, String> EXTENSIONS = Map.of("image/png", "png", "image/jpeg", "jpg", "image/webp", "webp",
            "audio/mpeg", "mp3", "audio/wav", "wav", "audio/ogg", "ogg", "video/mp4", "mp4");

    private final BlobStore store;
    private final int inlineMaxBytes;

    public ClaimCheck(BlobStore store, int inlineMaxBytes) {
        this.store = store;
        this.inlineMaxBytes = inlineMaxBytes;
    }

    /** {@code output} with its large inline binaries stored; the same object when there is nothing to move. */
    public Output apply(Output output, String requestId) {
        if (output.getBinaries().stream().noneMatch(this::tooLarge)) {
            return output;
        }
        List<BinaryRef> binaries = new ArrayList<>();
        for (int i = 0; i < output.getBinaries().size(); i++) {
            BinaryRef binary = output.getBinaries().get(i);
            binaries.add(tooLarge(binary) ? stored(binary, requestId + "/" + i + "." + extension(binary.getContentType())) : binary);
        }
        return Output.newBuilder(output).setBinaries(binaries).build();
    }

    private boolean tooLarge(BinaryRef binary) {
        return binary.getInlineData() != null && binary.getInlineData().remaining() > inlineMaxBytes;
    }

    private BinaryRef stored(BinaryRef binary, String key) {
        ByteBuffer data = binary.getInlineData().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        try {
            return BinaryRef.newBuilder(binary)
                    .setUri(store.put(key, bytes, binary.getContentType()).toString())
                    .setSizeBytes((long) bytes.length)
                    .setSha256(binary.getSha256() != null ? binary.getSha256() : InlineBinaries.sha256Hex(bytes))
                    .setInlineData(null)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the output " + key + " in the blob store", e);
        }
    }

    private static String extension(String contentType) {
        return EXTENSIONS.getOrDefault(contentType == null ? "" : contentType.toLowerCase(Locale.ROOT), "bin");
    }
}
