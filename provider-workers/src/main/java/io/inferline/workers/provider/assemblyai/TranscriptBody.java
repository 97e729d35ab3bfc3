package io.inferline.workers.provider.assemblyai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.RoutedRequest;
import io.inferline.workers.provider.canonical.Unsupported;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.media.ExtraOptions;
import io.inferline.workers.provider.media.InlineBinaries;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The body of {@code POST /v2/transcript}: where the audio is, and which model transcribes it. */
final class TranscriptBody {

    static final String LANGUAGE_CODE = "language_code";

    private TranscriptBody() {
    }

    static ObjectNode of(RoutedRequest request) {
        String provider = AssemblyAiAdapter.PROVIDER;
        ExtraOptions extra = ExtraOptions.of(request.getRequest().getOptions(), provider, Set.of(LANGUAGE_CODE));
        ObjectNode body = JsonBody.object();
        body.put("audio_url", audioUrl(request.getRequest().getInput().getMedia()));
        body.putArray("speech_models").add(request.getModel());
        extra.text(LANGUAGE_CODE).ifPresent(code -> body.put(LANGUAGE_CODE, code));
        return body;
    }

    // AssemblyAI fetches the audio itself; bytes it cannot fetch would need an upload, a second call
    private static String audioUrl(List<BinaryRef> media) {
        String provider = AssemblyAiAdapter.PROVIDER;
        if (media.isEmpty()) {
            throw Unsupported.because(provider + ": a transcription request needs the audio in input.media[0], it has none");
        }
        if (media.size() > 1) {
            throw Unsupported.because(provider + ": a transcript is made of one audio file, the request has " + media.size()
                    + " in input.media");
        }
        BinaryRef audio = media.get(0);
        String uri = audio.getUri();
        String scheme = scheme(uri);
        if (scheme.equals("http") || scheme.equals("https")) {
            return uri;
        }
        if (audio.getInlineData() != null || InlineBinaries.INLINE_URI.equals(uri)) {
            throw Unsupported.because(provider + ": the audio comes as inline bytes, but AssemblyAI transcribes from a URL it "
                    + "can fetch; uploading the bytes first (POST /v2/upload) is a second call this adapter does not make. "
                    + "Give input.media[0].uri as an http(s) URL");
        }
        // the URI itself is not quoted: a signed URL carries its credential in the query
        throw Unsupported.because(provider + ": input.media[0].uri must be an http(s) URL AssemblyAI can fetch, not a '"
                + (scheme.isEmpty() ? "relative" : scheme) + "' URI");
    }

    private static String scheme(String uri) {
        try {
            String scheme = uri == null ? null : URI.create(uri).getScheme();
            return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAUri) {
            return "";
        }
    }
}
