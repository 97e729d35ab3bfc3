package io.inferline.router.cache;

import io.inferline.avro.GenerationOptions;
import io.inferline.avro.InferenceRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import io.inferline.avro.Input;

/**
 * The exact-match cache key: SHA-256 over the resolved slug, the input and every generation
 * parameter (tools and response format included), in Avro binary with maps sorted, so equal
 * requests give equal keys and any parameter that can change the output gives another key. Ids,
 * metadata, deadlines and logging options are not part of it.
 */
public final class CacheKey {

    private static final SpecificDatumWriter<Input> INPUT_WRITER = new SpecificDatumWriter<>(Input.class);
    private static final SpecificDatumWriter<GenerationOptions> OPTIONS_WRITER = new SpecificDatumWriter<>(GenerationOptions.class);

    private CacheKey() {
    }

    public static String of(String slug, InferenceRequest request) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            bytes.write(slug.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            INPUT_WRITER.write(request.getInput(), encoder);
            GenerationOptions options = GenerationOptions.newBuilder(request.getOptions())
                    .setExtra(new TreeMap<>(request.getOptions().getExtra())).build();
            OPTIONS_WRITER.write(options, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
