package io.inferline.billing.usage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A mergeable histogram of latencies in milliseconds with 1% relative accuracy: log-spaced buckets
 * (each {@link #GAMMA} times wider than the one before), so a quantile read from it is within 1% of
 * the true value whatever the range, and two sketches merge exactly by adding counts. Mutable and
 * not thread-safe; the byte form is the {@code latency_sketch} field of {@code UsageWindow}, whose
 * doc is the format's contract.
 */
public final class LatencySketch {

    /** Relative accuracy of a quantile. */
    public static final double ACCURACY = 0.01;
    static final double GAMMA = (1 + ACCURACY) / (1 - ACCURACY);
    private static final double LOG_GAMMA = StrictMath.log(GAMMA);
    private static final byte VERSION = 1;
    /** No latency is longer than a year; a bigger value is clamped, so a bad one cannot blow up the array. */
    private static final long MAX_MS = 366L * 24 * 60 * 60 * 1000;
    static final int MAX_INDEX = index(MAX_MS);

    // counts[i] is bucket (offset + i); the array spans only the buckets in use
    private long[] counts = new long[0];
    private int offset;
    private long total;

    /** An empty sketch. */
    public LatencySketch() {
    }

    /** Adds one latency; negative values count as 0. */
    public void add(long millis) {
        addCount(index(Math.min(Math.max(millis, 0), MAX_MS)), 1);
    }

    /** Adds every count of {@code other} to this one. */
    public void merge(LatencySketch other) {
        for (int i = 0; i < other.counts.length; i++) {
            if (other.counts[i] != 0) {
                addCount(other.offset + i, other.counts[i]);
            }
        }
    }

    public long count() {
        return total;
    }

    /**
     * The latency at quantile {@code q} (0..1): the value standing for the bucket of the sample at
     * rank {@code floor(q * (count - 1))}; 0 for an empty sketch.
     */
    public long quantile(double q) {
        if (q < 0 || q > 1 || Double.isNaN(q)) {
            throw new IllegalArgumentException("quantile must be within 0..1: " + q);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.floor(q * (total - 1));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen > rank) {
                return valueOf(offset + i);
            }
        }
        return valueOf(offset + counts.length - 1);
    }

    /** The compact byte form (see the class doc); empty for an empty sketch. */
    public byte[] toBytes() {
        if (total == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + counts.length * 3);
        out.write(VERSION);
        int buckets = 0;
        for (long c : counts) {
            if (c != 0) {
                buckets++;
            }
        }
        writeVarint(out, buckets);
        int previous = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                writeVarint(out, offset + i - previous);
                writeVarint(out, counts[i]);
                previous = offset + i;
            }
        }
        return out.toByteArray();
    }

    /** Reads the byte form; empty bytes are an empty sketch. */
    public static LatencySketch fromBytes(ByteBuffer bytes) {
        LatencySketch sketch = new LatencySketch();
        ByteBuffer in = bytes.duplicate();
        if (!in.hasRemaining()) {
            return sketch;
        }
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown latency sketch version " + version);
        }
        long buckets = readVarint(in);
        long index = 0;
        for (long b = 0; b < buckets; b++) {
            index += readVarint(in);
            long count = readVarint(in);
            if (index > MAX_INDEX || count <= 0) {
                throw new IllegalArgumentException("malformed latency sketch: bucket " + index + " count " + count);
            }
            sketch.addCount((int) index, count);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("malformed latency sketch: " + in.remaining() + " trailing bytes");
        }
        return sketch;
    }

    public static LatencySketch fromBytes(byte[] bytes) {
        return fromBytes(ByteBuffer.wrap(bytes));
    }

    /** Bucket 0 holds 0 ms; bucket i >= 1 holds (gamma^(i-2), gamma^(i-1)]. */
    static int index(long millis) {
        if (millis <= 0) {
            return 0;
        }
        return (int) Math.ceil(StrictMath.log(millis) / LOG_GAMMA) + 1;
    }

    /** The value bucket {@code index} stands for: equally close, relatively, to both of its edges. */
    static long valueOf(int index) {
        if (index == 0) {
            return 0;
        }
        return Math.round(2 * StrictMath.pow(GAMMA, index - 1) / (GAMMA + 1));
    }

    private void addCount(int index, long count) {
        if (counts.length == 0) {
            counts = new long[1];
            offset = index;
        } else if (index < offset) {
            long[] grown = new long[counts.length + (offset - index)];
            System.arraycopy(counts, 0, grown, offset - index, counts.length);
            counts = grown;
            offset = index;
        } else if (index >= offset + counts.length) {
            counts = Arrays.copyOf(counts, index - offset + 1);
        }
        counts[index - offset] = Math.addExact(counts[index - offset], count);
        total = Math.addExact(total, count);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.hasRemaining()) {
                throw new IllegalArgumentException("malformed latency sketch: truncated varint");
            }
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed latency sketch: varint longer than 64 bits");
    }
}
