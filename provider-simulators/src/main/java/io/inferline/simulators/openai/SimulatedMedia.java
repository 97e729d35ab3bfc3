package io.inferline.simulators.openai;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * Small but well-formed media for OpenAI's image and speech answers: real PNG and JPEG files (a flat 8x8
 * picture), a 1x1 WebP, and audio that starts like the format asked for and grows with the text.
 */
final class SimulatedMedia {

    /** PCM and WAV speech come at 24 kHz, as OpenAI documents. */
    static final int SPEECH_SAMPLE_RATE = 24_000;

    private static final byte[] PNG = picture("png");
    private static final byte[] JPEG = picture("jpeg");
    private static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    private static final int MS_PER_CHAR = 2;

    private SimulatedMedia() {
    }

    static byte[] image(String outputFormat) {
        return switch (outputFormat) {
            case "jpeg" -> JPEG.clone();
            case "webp" -> WEBP.clone();
            default -> PNG.clone();
        };
    }

    static String audioType(String format) {
        return switch (format) {
            case "opus" -> "audio/opus";
            case "aac" -> "audio/aac";
            case "flac" -> "audio/flac";
            case "wav" -> "audio/wav";
            case "pcm" -> "audio/pcm";
            default -> "audio/mpeg";
        };
    }

    /** Audio for {@code characters} characters of text: a few milliseconds of silence per character. */
    static byte[] speech(String format, int characters) {
        int samples = Math.max(1, SPEECH_SAMPLE_RATE / 1000 * MS_PER_CHAR * characters);
        return switch (format) {
            case "opus" -> tagged("OggS", 64);
            case "aac" -> adts(Math.max(1, characters / 10));
            case "flac" -> tagged("fLaC", 64);
            case "wav" -> wav(samples);
            case "pcm" -> new byte[samples * 2];
            default -> mp3(Math.max(1, characters / 10));
        };
    }

    // MPEG-1 layer III frames, 128 kbit/s, 44.1 kHz: 417 bytes each, header then zeros
    private static byte[] mp3(int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < frames; i++) {
            byte[] frame = new byte[417];
            frame[0] = (byte) 0xFF;
            frame[1] = (byte) 0xFB;
            frame[2] = (byte) 0x90;
            frame[3] = (byte) 0x64;
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    // ADTS frames (AAC LC, 24 kHz, mono) of 64 bytes: the 7-byte header, then zeros
    private static byte[] adts(int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = 64;
        for (int i = 0; i < frames; i++) {
            byte[] frame = new byte[length];
            frame[0] = (byte) 0xFF;
            frame[1] = (byte) 0xF1;
            frame[2] = (byte) 0x58;
            frame[3] = (byte) (0x40 | ((length >> 11) & 0x03));
            frame[4] = (byte) ((length >> 3) & 0xFF);
            frame[5] = (byte) (((length & 0x07) << 5) | 0x1F);
            frame[6] = (byte) 0xFC;
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    // a canonical 44-byte RIFF/WAVE header, 16-bit mono PCM, then silence
    private static byte[] wav(int samples) {
        int data = samples * 2;
        ByteBuffer buffer = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        buffer.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(SPEECH_SAMPLE_RATE).putInt(SPEECH_SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
        buffer.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        return buffer.array();
    }

    private static byte[] tagged(String magic, int length) {
        byte[] bytes = new byte[length];
        byte[] tag = magic.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, bytes, 0, tag.length);
        return bytes;
    }

    private static byte[] picture(String format) {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, 0x3A6EA5);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("this JRE cannot write " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
