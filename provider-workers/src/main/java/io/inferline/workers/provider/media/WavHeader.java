package io.inferline.workers.provider.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a RIFF/WAVE header says about the audio after it: its byte rate and how many data bytes it announces.
 * Read by walking the chunks, so headers with extra chunks (LIST, fact) are read too.
 *
 * @param byteRate      bytes of audio per second, from the {@code fmt } chunk
 * @param declaredBytes the {@code data} chunk's size, or -1 when it is a streaming placeholder (0 or 0xFFFFFFFF)
 * @param presentBytes  the data bytes actually there
 */
public record WavHeader(long byteRate, long declaredBytes, long presentBytes) {

    private static final long PLACEHOLDER = 0xFFFFFFFFL;

    /** The header of {@code bytes}, or empty when they are not a WAV file with {@code fmt } and {@code data} chunks. */
    public static Optional<WavHeader> read(byte[] bytes) {
        if (bytes.length < 12 || !tag(bytes, 0, "RIFF") || !tag(bytes, 8, "WAVE")) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long byteRate = -1;
        long position = 12;
        while (position + 8 <= bytes.length) {
            int at = (int) position;
            long size = Integer.toUnsignedLong(buffer.getInt(at + 4));
            if (tag(bytes, at, "fmt ") && at + 20 <= bytes.length) {
                byteRate = Integer.toUnsignedLong(buffer.getInt(at + 16));
            } else if (tag(bytes, at, "data")) {
                if (byteRate <= 0) {
                    return Optional.empty();
                }
                long present = bytes.length - (at + 8L);
                long declared = size == 0 || size == PLACEHOLDER ? -1 : size;
                return Optional.of(new WavHeader(byteRate, declared, present));
            }
            // chunks are padded to an even size
            position += 8 + size + (size & 1);
        }
        return Optional.empty();
    }

    /** Whether the header announces more audio than arrived: the file was cut short. */
    public boolean truncated() {
        return declaredBytes > presentBytes;
    }

    /** How long the audio is, in seconds, from the announced size (or what is there, for a placeholder). */
    public OptionalDouble seconds() {
        long data = declaredBytes < 0 ? presentBytes : Math.min(declaredBytes, presentBytes);
        return byteRate > 0 ? OptionalDouble.of(data / (double) byteRate) : OptionalDouble.empty();
    }

    private static boolean tag(byte[] bytes, int at, String tag) {
        return at + 4 <= bytes.length && new String(bytes, at, 4, StandardCharsets.US_ASCII).equals(tag);
    }
}
