package io.inferline.workers.provider.task;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.Output;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.json.InvalidAnswerException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a finished task answers with: result URLs, checked and typed, and the success they make. */
public final class TaskOutputs {

    private TaskOutputs() {
    }

    /**
     * A result URL, which must be http(s): the runtime fetches nothing else.
     *
     * @param where the answer's field, for the message, e.g. {@code output[0]}
     */
    public static URI httpUrl(String url, String where) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnswerException("the answer's " + where + " is not a URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http")) {
            throw new InvalidAnswerException("the answer's " + where + " is not an http(s) URL");
        }
        return uri;
    }

    /**
     * The media type a URL's path ends in.
     *
     * @param types    the extensions the provider is known to answer with (e.g. {@code .mp4}), none the end of another
     * @param fallback the type when the path ends in none of them
     */
    public static String typeOf(URI uri, Map<String, String> types, String fallback) {
        String path = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
        return types.entrySet().stream()
                .filter(type -> path.endsWith(type.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(fallback);
    }

    /** A task's outputs as a finished answer; its upstream request id is the task id. */
    public static AdapterResult.Success success(TaskHandle handle, List<BinaryRef> binaries, Usage usage) {
        Output output = Output.newBuilder().setBinaries(binaries).setFinishReason(FinishReason.STOP).build();
        return new AdapterResult.Success(output, usage, Optional.of(handle.taskId()));
    }
}
