package io.inferline.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.avro.Price;
import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import org.junit.jupiter.api.Test;

class PricesTest {

    private static final Price GPT_4O_MINI = Price.newBuilder().setInputPerMtok(150_000).setOutputPerMtok(600_000)
            .setCachedInputPerMtok(75_000).build();

    @Test
    void tokensArePricedPerMillionWithCachedInputAtItsOwnPriceRoundedUpOnce() {
        Usage usage = Usage.newBuilder().setInputTokens(1_000).setCachedInputTokens(400).setOutputTokens(500).build();

        // 600 * 0.15 + 400 * 0.075 + 500 * 0.6 = 90 + 30 + 300 = 420 micro-credits exactly
        assertThat(Prices.cost(GPT_4O_MINI, usage)).isEqualTo(420);
        // one token of input: 0.15 micro-credits, rounded up to 1
        assertThat(Prices.cost(GPT_4O_MINI, Usage.newBuilder().setInputTokens(1).build())).isEqualTo(1);
        assertThat(Prices.cost(GPT_4O_MINI, Usage.newBuilder().build())).isZero();
    }

    @Test
    void cachedTokensWithoutACachedPricePayTheInputPriceAndNeverExceedTheInput() {
        Price noCachePrice = Price.newBuilder().setInputPerMtok(1_000_000).build();

        assertThat(Prices.cost(noCachePrice, Usage.newBuilder().setInputTokens(10).setCachedInputTokens(10).build())).isEqualTo(10);
        assertThat(Prices.cost(GPT_4O_MINI, Usage.newBuilder().setInputTokens(10).setCachedInputTokens(50).build()))
                .isEqualTo(Prices.cost(GPT_4O_MINI, Usage.newBuilder().setInputTokens(10).setCachedInputTokens(10).build()));
    }

    @Test
    void unitsArePricedByTheirKindPlusTheFlatFee() {
        Price media = Price.newBuilder().setPerImage(42_000).setPerSecond(100).setPerCharacter(15).setPerRequest(7).build();

        assertThat(Prices.cost(media, Usage.newBuilder().setUnits(2).setUnitKind(UnitKind.IMAGES).build())).isEqualTo(84_007);
        assertThat(Prices.cost(media, Usage.newBuilder().setUnits(30).setUnitKind(UnitKind.SECONDS).build())).isEqualTo(3_007);
        assertThat(Prices.cost(media, Usage.newBuilder().setUnits(1_000).setUnitKind(UnitKind.CHARACTERS).build())).isEqualTo(15_007);
        assertThat(Prices.cost(media, Usage.newBuilder().setUnits(3).setUnitKind(UnitKind.REQUESTS).build())).isEqualTo(7);
    }

    @Test
    void anAbsurdAmountOverflowsLoudlyInsteadOfWrappingToACredit() {
        Usage absurd = Usage.newBuilder().setInputTokens(Long.MAX_VALUE / 2).build();

        assertThatThrownBy(() -> Prices.cost(GPT_4O_MINI, absurd)).isInstanceOf(ArithmeticException.class);
    }
}
