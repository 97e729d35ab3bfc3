package io.inferline.router.budget;

import io.inferline.schemas.catalog.Prices;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Input;
import io.inferline.avro.Message;
import io.inferline.avro.ModelSpec;
import io.inferline.avro.Price;

/**
 * The most a request can cost, from the catalog price and the request itself. It must be an upper
 * bound, so that reserving it guarantees an account never spends more than its balance: input
 * tokens are bounded by input bytes (a token covers at least one byte) plus a per-message overhead,
 * output tokens by the request's max tokens or the model's, media by the requested duration or a
 * configured maximum.
 */
public final class CostEstimator {

    static final int TOKENS_PER_MESSAGE_OVERHEAD = 8;

    private final int defaultMaxOutputTokens;
    private final int maxMediaSeconds;

    /**
     * @param defaultMaxOutputTokens output bound for a model whose catalog entry gives none
     * @param maxMediaSeconds        duration bound for audio/video requests that give none
     */
    public CostEstimator(int defaultMaxOutputTokens, int maxMediaSeconds) {
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
        this.maxMediaSeconds = maxMediaSeconds;
    }

    /** Worst-case tokens (for token rate limits; 0 for media) and worst-case cost in micro-credits. */
    public record WorstCase(long tokens, long micros) {
    }

    /** Both bounds at once: the input is measured once per request. */
    public WorstCase estimate(InferenceRequest request, ModelSpec model) {
        Price price = model.getPrice();
        Input input = request.getInput();
        GenerationOptions options = request.getOptions();
        long cost = price.getPerRequest();
        long tokens = 0;
        switch (input.getCapability()) {
            case CHAT, COMPLETION -> {
                long in = inputTokenBound(input);
                long out = outputTokenBound(options, model);
                tokens = in + out;
                cost += perMillion(in, Math.max(price.getInputPerMtok(), price.getCachedInputPerMtok()));
                cost += perMillion(out, price.getOutputPerMtok());
            }
            case EMBEDDING -> {
                tokens = inputTokenBound(input);
                cost += perMillion(tokens, price.getInputPerMtok());
            }
            case IMAGE -> cost += Math.multiplyExact(price.getPerImage(), imageCount(options));
            case VIDEO, TRANSCRIPTION -> cost += Math.multiplyExact(price.getPerSecond(), seconds(options));
            case SPEECH -> cost += Math.multiplyExact(price.getPerCharacter(), characters(input));
            default -> cost += perMillion(inputTokenBound(input), price.getInputPerMtok());
        }
        return new WorstCase(tokens, cost);
    }

    /** The worst-case tokens of the request (input bound plus output bound), for token rate limits. */
    public long worstCaseTokens(InferenceRequest request, ModelSpec model) {
        return estimate(request, model).tokens();
    }

    /** The worst-case cost in micro-credits. */
    public long worstCaseMicros(InferenceRequest request, ModelSpec model) {
        return estimate(request, model).micros();
    }

    static long inputTokenBound(Input input) {
        long bytes = utf8Length(input.getPrompt());
        for (Message message : input.getMessages()) {
            bytes += utf8Length(message.getContent()) + TOKENS_PER_MESSAGE_OVERHEAD;
            for (var call : message.getToolCalls()) {
                bytes += utf8Length(call.getName()) + utf8Length(call.getArgumentsJson()) + TOKENS_PER_MESSAGE_OVERHEAD;
            }
        }
        for (String text : input.getTexts()) {
            bytes += utf8Length(text);
        }
        return bytes + TOKENS_PER_MESSAGE_OVERHEAD;
    }

    private long outputTokenBound(GenerationOptions options, ModelSpec model) {
        Integer modelMax = model.getMaxOutputTokens();
        int bound = modelMax != null ? modelMax : defaultMaxOutputTokens;
        Integer asked = options.getMaxOutputTokens();
        return asked != null && asked > 0 ? Math.min(asked, bound) : bound;
    }

    private long seconds(GenerationOptions options) {
        Integer asked = options.getDurationSeconds();
        return asked != null && asked > 0 ? Math.min(asked, maxMediaSeconds) : maxMediaSeconds;
    }

    // extra values are JSON text, and the workers take the count as a number or as a string holding one ("4"):
    // reading fewer here than they send would reserve less than the images cost
    static long imageCount(GenerationOptions options) {
        String n = options.getExtra().get("n");
        if (n == null) {
            return 1;
        }
        String count = n.strip();
        if (count.length() >= 2 && count.startsWith("\"") && count.endsWith("\"")) {
            count = count.substring(1, count.length() - 1).strip();
        }
        try {
            return Math.max(1, Long.parseLong(count));
        } catch (NumberFormatException e) {
            return 1; // the workers refuse it before any call
        }
    }

    private static long characters(Input input) {
        return input.getPrompt() == null ? 0 : input.getPrompt().codePointCount(0, input.getPrompt().length());
    }

    /** Rounding up keeps the estimate an upper bound. */
    static long perMillion(long units, long pricePerMillion) {
        return Prices.perMillion(units, pricePerMillion);
    }

    /** The UTF-8 length, counted without encoding (this runs for every message of every request). */
    static long utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;   // a lone surrogate is encoded as '?', as String.getBytes does
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
