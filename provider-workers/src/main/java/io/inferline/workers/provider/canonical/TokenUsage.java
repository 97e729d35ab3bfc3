package io.inferline.workers.provider.canonical;

import io.inferline.avro.UnitKind;
import io.inferline.avro.Usage;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** Usage of token-priced calls. */
public final class TokenUsage {

    private TokenUsage() {
    }

    /**
     * @param input  every input token, cached ones included (the providers' protocol says so for Anthropic)
     * @param cached the part of {@code input} served from the prompt cache
     */
    public static Usage of(long input, long output, long cached) {
        return Usage.newBuilder()
                .setInputTokens(input)
                .setOutputTokens(output)
                .setCachedInputTokens(cached)
                .setUnitKind(UnitKind.NONE)
                .build();
    }

    /**
     * A stand-in for a token count the provider does not report: about four bytes of UTF-8 per token,
     * rounded up, over all the texts together. Rough, but it keeps such calls billed instead of free.
     */
    public static long estimate(Collection<String> texts) {
        long bytes = texts.stream().mapToLong(text -> text.getBytes(StandardCharsets.UTF_8).length).sum();
        return (bytes + 3) / 4;
    }
}
