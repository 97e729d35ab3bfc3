package io.inferline.workers.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.avro.BinaryRef;
import io.inferline.avro.Output;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimCheckTest {

    @TempDir
    Path dir;

    private static BinaryRef inline(byte[] bytes, String contentType) {
        return BinaryRef.newBuilder().setUri("inline:").setContentType(contentType).setInlineData(ByteBuffer.wrap(bytes)).build();
    }

    @Test
    void aLargeOutputIsStoredAndReferencedASmallOneStaysInline() throws IOException {
        byte[] image = new byte[10_000];
        Arrays.fill(image, (byte) 7);
        byte[] tiny = {1, 2, 3};
        Output output = Output.newBuilder().setBinaries(List.of(inline(image, "image/png"), inline(tiny, "audio/mpeg"))).build();

        Output checked = new ClaimCheck(new LocalDirectoryBlobStore(dir, Optional.empty()), 1_024).apply(output, "req-1");

        BinaryRef stored = checked.getBinaries().get(0);
        assertThat(stored.getInlineData()).isNull();
        assertThat(stored.getSizeBytes()).isEqualTo(10_000);
        assertThat(stored.getSha256()).isEqualTo(io.inferline.workers.provider.media.InlineBinaries.sha256Hex(image)).hasSize(64);
        assertThat(Files.readAllBytes(Path.of(URI.create(stored.getUri())))).isEqualTo(image);
        assertThat(stored.getUri()).endsWith("req-1/0.png");
        assertThat(checked.getBinaries().get(1).getInlineData()).isEqualTo(ByteBuffer.wrap(tiny));
    }

    @Test
    void aPublicBaseUrlNamesWhereClientsFetchTheBlob() throws IOException {
        URI uri = new LocalDirectoryBlobStore(dir, Optional.of("https://blobs.example.test/outputs")).put("req-2/0.mp3", new byte[] {9}, "audio/mpeg");

        assertThat(uri).hasToString("https://blobs.example.test/outputs/req-2/0.mp3");
        assertThat(dir.resolve("req-2/0.mp3")).exists();
    }

    @Test
    void aKeyCannotEscapeTheBlobDirectory() {
        assertThatThrownBy(() -> new LocalDirectoryBlobStore(dir, Optional.empty()).put("../outside", new byte[] {1}, "image/png"))
                .isInstanceOf(IOException.class).hasMessageContaining("escapes");
    }

    @Test
    void anOutputWithoutLargeBinariesIsLeftAsItIs() {
        Output text = Output.newBuilder().setText("hello").build();

        assertThat(new ClaimCheck(new LocalDirectoryBlobStore(dir, Optional.empty()), 10).apply(text, "req-3")).isSameAs(text);
    }
}
