package io.inferline.simulators;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The bytes of simulated media outputs and the URLs they are served under. A provider that hands out result
 * URLs points them back at the simulator ({@code <base>/files/<name>}), so a client downloads them just as it
 * would from the provider's storage.
 */
public final class SimulatedMedia {

    /** A 1x1 PNG. */
    public static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static final int VIDEO_BYTES = 2048;

    private SimulatedMedia() {
    }

    /**
     * An MP4-looking file: an {@code ftyp} box (so content sniffers see {@code video/mp4}) and a {@code free} box
     * of bytes derived from {@code seed}, so each task's file differs and a checksum proves which one arrived.
     */
    public static byte[] video(String seed) {
        ByteBuffer out = ByteBuffer.allocate(VIDEO_BYTES);
        out.putInt(24).put(ascii("ftyp")).put(ascii("isom")).putInt(0x200).put(ascii("isom")).put(ascii("mp42"));
        out.putInt(VIDEO_BYTES - 24).put(ascii("free"));
        int state = seed.hashCode();
        while (out.hasRemaining()) {
            state = state * 1_103_515_245 + 12_345;
            out.put((byte) (state >>> 24));
        }
        return out.array();
    }

    /** {@code seconds} of 16 kHz 16-bit mono silence as a WAV file: audio to transcribe in tests and demos. */
    public static byte[] silentWav(int seconds) {
        int data = seconds * 16_000 * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        wav.put(ascii("RIFF")).putInt(36 + data).put(ascii("WAVE"));
        wav.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000)
                .putShort((short) 2).putShort((short) 16);
        wav.put(ascii("data")).putInt(data);
        return wav.array();
    }

    /** {@code http://<host the client called>/<provider>/files/<name>}. */
    public static String fileUrl(SimRequest request, String provider, String name) {
        String host = request.header("Host");
        return "http://" + (host == null || host.isBlank() ? "127.0.0.1" : host.strip()) + "/" + provider + "/files/" + name;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
