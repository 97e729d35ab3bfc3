package io.inferline.workers.provider.openai;

import io.inferline.workers.provider.media.InlineBinaries;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code multipart/form-data} body (RFC 7578) of text fields and one file. The boundary is derived from the file's
 * digest, so the same request always gives the same bytes, and is checked against every part so it cannot occur
 * inside one.
 */
final class MultipartForm {

    private record Field(String name, String value) {
    }

    private final List<Field> fields = new ArrayList<>();
    private String fileField;
    private String filename;
    private String fileType;
    private byte[] file = new byte[0];

    MultipartForm field(String name, String value) {
        fields.add(new Field(name, value));
        return this;
    }

    MultipartForm file(String name, String filename, String contentType, byte[] bytes) {
        this.fileField = name;
        this.filename = filename;
        this.fileType = contentType;
        this.file = bytes;
        return this;
    }

    /** The encoded form and the Content-Type header naming its boundary. */
    record Encoded(String contentType, byte[] body) {
    }

    Encoded encode() {
        String boundary = boundary();
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 512);
        for (Field field : fields) {
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.name() + "\"\r\n\r\n");
            write(out, field.value());
            write(out, "\r\n");
        }
        if (fileField != null) {
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: " + fileType + "\r\n\r\n");
            out.writeBytes(file);
            write(out, "\r\n");
        }
        write(out, "--" + boundary + "--\r\n");
        return new Encoded("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private String boundary() {
        String digest = InlineBinaries.sha256Hex(file);
        for (int attempt = 0; ; attempt++) {
            String boundary = "inferline-" + digest.substring(0, 32) + (attempt == 0 ? "" : "-" + attempt);
            if (!occurs(boundary)) {
                return boundary;
            }
        }
    }

    private boolean occurs(String boundary) {
        byte[] needle = boundary.getBytes(StandardCharsets.US_ASCII);
        if (contains(file, needle)) {
            return true;
        }
        for (Field field : fields) {
            if (field.value().contains(boundary)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
