package io.inferline.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

    private static long exact(long[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    @Test
    void quantilesAreWithinOnePercentOverManyOrdersOfMagnitude() {
        Random random = new Random(42);
        long[] values = new long[20_000];
        LatencySketch sketch = new LatencySketch();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextDouble() * Math.log(600_000));   // 1 ms .. 10 minutes
            sketch.add(values[i]);
        }
        Arrays.sort(values);

        for (double q : new double[] {0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0}) {
            long truth = exact(values, q);
            assertThat((double) sketch.quantile(q)).as("q=%s", q)
                    .isBetween(truth * (1 - LatencySketch.ACCURACY) - 0.5, truth * (1 + LatencySketch.ACCURACY) + 0.5);
        }
        assertThat(sketch.count()).isEqualTo(values.length);
    }

    @Test
    void mergingIsExactlyTheSketchOfTheUnionInAnyOrder() {
        LatencySketch a = new LatencySketch();
        LatencySketch b = new LatencySketch();
        LatencySketch all = new LatencySketch();
        for (long v = 0; v < 5_000; v += 7) {
            (v % 3 == 0 ? a : b).add(v);
            all.add(v);
        }
        LatencySketch ab = LatencySketch.fromBytes(a.toBytes());
        ab.merge(b);
        LatencySketch ba = LatencySketch.fromBytes(b.toBytes());
        ba.merge(a);

        assertThat(ab.toBytes()).isEqualTo(all.toBytes()).isEqualTo(ba.toBytes());
        assertThat(ab.quantile(0.99)).isEqualTo(all.quantile(0.99));
    }

    @Test
    void theByteFormIsCompactAndRoundTrips() {
        LatencySketch sketch = new LatencySketch();
        for (int i = 0; i < 100_000; i++) {
            sketch.add(150 + i % 400);   // a typical spread of chat latencies
        }
        byte[] bytes = sketch.toBytes();

        assertThat(bytes.length).isLessThan(300);
        assertThat(LatencySketch.fromBytes(bytes).toBytes()).isEqualTo(bytes);
        assertThat(LatencySketch.fromBytes(bytes).quantile(0.5)).isEqualTo(sketch.quantile(0.5));
        assertThat(new LatencySketch().toBytes()).isEmpty();
        assertThat(LatencySketch.fromBytes(new byte[0]).count()).isZero();
    }

    @Test
    void edgesAreHandled() {
        LatencySketch sketch = new LatencySketch();
        assertThat(sketch.quantile(0.5)).isZero();
        sketch.add(0);
        sketch.add(-5);
        sketch.add(1);
        sketch.add(Long.MAX_VALUE);

        assertThat(sketch.quantile(0)).isZero();
        assertThat(sketch.quantile(0.5)).isZero();
        assertThat(sketch.quantile(0.7)).isEqualTo(1);
        assertThat(sketch.quantile(1)).as("clamped to a year").isCloseTo(366L * 24 * 3600 * 1000,
                org.assertj.core.data.Percentage.withPercentage(1));
        assertThatThrownBy(() -> sketch.quantile(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedBytesAreRejected() {
        assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {9})).hasMessageContaining("version");
        assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {1, 2, 5})).hasMessageContaining("truncated");
        assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {1, 1, 5, 1, 0})).hasMessageContaining("trailing");
        assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {1, 1, 5, 0})).hasMessageContaining("count");
    }
}
