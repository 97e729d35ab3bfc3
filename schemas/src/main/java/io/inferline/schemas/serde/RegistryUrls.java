package io.inferline.schemas.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry base URLs of {@code schema.registry.url}, with any {@code user:password@} taken out:
 * the URLs without credentials are safe to put into messages and logs, the credentials are kept apart
 * for {@code basic.auth.credentials.source=URL}.
 */
record RegistryUrls(List<String> baseUrls, Optional<String> userInfo) {

    static final String MOCK_SCHEME = "mock://";

    /** Splits {@code urls} into bases and credentials; throws {@link IllegalArgumentException} with a redacted message. */
    static RegistryUrls parse(List<String> urls) {
        List<String> bases = new ArrayList<>();
        Optional<String> userInfo = Optional.empty();
        for (int i = 0; i < urls.size(); i++) {
            URI uri = parseOne(urls.get(i), i + 1);
            if (uri.getUserInfo() != null && userInfo.isEmpty()) {
                userInfo = Optional.of(uri.getUserInfo());   // percent-decoded, like a browser would send it
            }
            bases.add(base(uri));
        }
        return new RegistryUrls(List.copyOf(bases), userInfo);
    }

    private static URI parseOne(String url, int position) {
        String text = url.trim();
        String which = describe(text, position);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(which + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(which + " must start with http:// or https:// (or be a single mock://scope)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(which + " has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(which + " must not have a query or fragment: give the base URL,"
                    + " with its path prefix if any");
        }
        return uri;
    }

    /** Names a URL in a message; text that may hold credentials ({@code @}) is not echoed. */
    private static String describe(String url, int position) {
        return "URL number " + position + (url.contains("@") ? "" : " (" + url + ")");
    }

    private static String base(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + port + path;
    }

    /** True for {@code mock://scope}, the in-process registry of unit tests. */
    static boolean isMock(String url) {
        return url.trim().startsWith(MOCK_SCHEME);
    }

    static String mockScope(String url) {
        return url.trim().substring(MOCK_SCHEME.length());
    }
}
