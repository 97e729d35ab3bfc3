package io.inferline.workers.blob;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Blobs as files under a directory. The URI is {@code file:} by default, or the configured public
 * base URL joined with the key when a web server (or a bucket) serves that directory.
 */
public final class LocalDirectoryBlobStore implements BlobStore {

    private final Path root;
    private final Optional<String> publicBaseUrl;

    public LocalDirectoryBlobStore(Path root, Optional<String> publicBaseUrl) {
        this.root = root.toAbsolutePath().normalize();
        this.publicBaseUrl = publicBaseUrl.map(url -> url.endsWith("/") ? url : url + "/");
    }

    @Override
    public URI put(String key, byte[] content, String contentType) throws IOException {
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root)) {
            throw new IOException("blob key escapes the blob directory: " + key);
        }
        Files.createDirectories(target.getParent());
        // write aside, then move: a reader never sees half a file
        Path partial = Files.createTempFile(target.getParent(), ".partial-", "");
        Files.write(partial, content);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return publicBaseUrl.map(base -> URI.create(base + key)).orElse(target.toUri());
    }
}
