package io.inferline.simulators.openai;

import io.inferline.simulators.InvalidRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code multipart/form-data} body (RFC 7578) read into its named parts; anything else is a 400. */
final class MultipartForm {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"([^\"]+)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z])name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    /**
     * One part.
     *
     * @param filename    null for a plain field
     * @param contentType null when the part gives none
     */
    record Part(String name, String filename, String contentType, byte[] bytes) {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final Map<String, Part> parts;

    private MultipartForm(Map<String, Part> parts) {
        this.parts = parts;
    }

    /**
     * @param contentType the request's Content-Type header
     * @throws InvalidRequest 400 when the body is not multipart/form-data with a boundary and well-formed parts
     */
    static MultipartForm parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new InvalidRequest(400, "Invalid Content-Type header (" + (contentType == null ? "none" : contentType)
                    + "), expected multipart/form-data. (HINT: If you're using curl, you can pass -H 'Content-Type: "
                    + "multipart/form-data')");
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            throw new InvalidRequest(400, "Could not parse multipart form: the Content-Type header names no boundary.");
        }
        String token = boundary.group(2) != null ? boundary.group(2) : boundary.group(1);
        byte[] delimiter = ("--" + token).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw malformed();
        }
        while (true) {
            int after = at + delimiter.length;
            if (startsWith(body, after, "--")) {
                return new MultipartForm(parts);
            }
            if (!startsWith(body, after, "\r\n")) {
                throw malformed();
            }
            int headersStart = after + 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw malformed();
            }
            int next = indexOf(body, ("\r\n--" + token).getBytes(StandardCharsets.ISO_8859_1), headersEnd + 4);
            if (next < 0) {
                throw malformed();
            }
            Part part = part(new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8),
                    Arrays.copyOfRange(body, headersEnd + 4, next));
            parts.putIfAbsent(part.name(), part);
            at = next + 2;
        }
    }

    Part part(String name) {
        return parts.get(name);
    }

    /** A plain field's text, or null when the form has no such part. */
    String field(String name) {
        Part part = parts.get(name);
        return part == null ? null : part.text();
    }

    private static Part part(String headers, byte[] bytes) {
        String disposition = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw malformed();
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-disposition")) {
                disposition = value;
            } else if (name.equals("content-type")) {
                type = value;
            }
        }
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw malformed();
        }
        Matcher name = NAME.matcher(disposition);
        if (!name.find()) {
            throw malformed();
        }
        Matcher filename = FILENAME.matcher(disposition);
        return new Part(name.group(1), filename.find() ? filename.group(1) : null, type, bytes);
    }

    private static InvalidRequest malformed() {
        return new InvalidRequest(400, "Could not parse multipart form");
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        byte[] expected = text.getBytes(StandardCharsets.ISO_8859_1);
        return at + expected.length <= body.length && Arrays.equals(body, at, at + expected.length, expected, 0, expected.length);
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
