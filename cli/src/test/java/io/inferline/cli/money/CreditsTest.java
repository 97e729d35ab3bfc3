package io.inferline.cli.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CreditsTest {

    @Test
    void parsesExactlyIntoMicroCredits() {
        assertThat(Credits.parse("25")).isEqualTo(25_000_000L);
        assertThat(Credits.parse("0.5")).isEqualTo(500_000L);
        assertThat(Credits.parse(".25")).isEqualTo(250_000L);
        assertThat(Credits.parse("1.")).isEqualTo(1_000_000L);
        assertThat(Credits.parse("0.000001")).isEqualTo(1L);
        assertThat(Credits.parse("0.1")).as("no binary floating point").isEqualTo(100_000L);
        assertThat(Credits.parse("123456.789012")).isEqualTo(123_456_789_012L);
        assertThat(Credits.parse(" 007.10 ")).isEqualTo(7_100_000L);
        assertThat(Credits.parse("+3")).isEqualTo(3_000_000L);
        assertThat(Credits.parse("1.5000000")).as("zeros past the sixth decimal change nothing").isEqualTo(1_500_000L);
        assertThat(Credits.parse("999999999999.999999")).isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    void refusesWhatIsNotAnExactAmount() {
        assertThatThrownBy(() -> Credits.parse("-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Credits.parse("1.0000001")).hasMessageContaining("more than 6 decimals");
        assertThatThrownBy(() -> Credits.parse("1e6")).hasMessageContaining("not a number of credits");
        assertThatThrownBy(() -> Credits.parse("1,000")).hasMessageContaining("not a number of credits");
        assertThatThrownBy(() -> Credits.parse("")).hasMessageContaining("not a number of credits");
        assertThatThrownBy(() -> Credits.parse(".")).hasMessageContaining("not a number of credits");
        assertThatThrownBy(() -> Credits.parse("NaN")).hasMessageContaining("not a number of credits");
        assertThatThrownBy(() -> Credits.parse("9999999999999")).hasMessageContaining("too large");
    }

    @Test
    void aGrantIsPositiveAndNotAbsurd() {
        assertThat(Credits.parseGrant("0.000001")).isEqualTo(1L);
        assertThat(Credits.parseGrant("1000000000")).isEqualTo(Credits.MAX_GRANT_MICROS);
        assertThatThrownBy(() -> Credits.parseGrant("0")).hasMessageContaining("zero");
        assertThatThrownBy(() -> Credits.parseGrant("0.0000000")).hasMessageContaining("zero");
        assertThatThrownBy(() -> Credits.parseGrant("1000000000.000001")).hasMessageContaining("more than the 1000000000.000000 credits");
        assertThatThrownBy(() -> Credits.parseGrant("-5")).hasMessageContaining("negative");
    }

    @Test
    void printsSixDecimals() {
        assertThat(Credits.format(0)).isEqualTo("0.000000");
        assertThat(Credits.format(1)).isEqualTo("0.000001");
        assertThat(Credits.format(1_500_000)).isEqualTo("1.500000");
        assertThat(Credits.format(-150)).isEqualTo("-0.000150");
        assertThat(Credits.format(-2_500_000)).isEqualTo("-2.500000");
        assertThat(Credits.format(Long.MAX_VALUE)).isEqualTo("9223372036854.775807");
        assertThat(Credits.format(Long.MIN_VALUE)).isEqualTo("-9223372036854.775808");
    }

    @Test
    void printingAndParsingRoundTrip() {
        for (long micros : new long[] {0, 1, 999_999, 1_000_000, 123_456_789, 42_000_000_000L}) {
            assertThat(Credits.parse(Credits.format(micros))).isEqualTo(micros);
        }
    }
}
