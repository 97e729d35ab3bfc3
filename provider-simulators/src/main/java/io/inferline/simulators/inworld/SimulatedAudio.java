package io.inferline.simulators.inworld;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Small audio payloads that look like the encoding asked for: the right header (or frame sync) followed by
 * silence, a few milliseconds per character so longer texts give longer audio. Not meant to be played well.
 */
final class SimulatedAudio {

    private static final int MS_PER_CHAR = 2;

    private SimulatedAudio() {
    }

    static byte[] of(String encoding, int sampleRate, int characters) {
        int samples = Math.max(1, sampleRate / 1000 * MS_PER_CHAR * characters);
        return switch (encoding) {
            case "MP3" -> mp3(Math.max(1, characters / 10));
            case "LINEAR16", "WAV" -> wav(sampleRate, samples);
            case "OGG_OPUS" -> tagged("OggS", 64);
            case "FLAC" -> tagged("fLaC", 64);
            case "PCM" -> new byte[samples * 2];
            default -> new byte[samples]; // ALAW, MULAW: one byte a sample
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

    // a canonical 44-byte RIFF/WAVE header, 16-bit mono PCM, then silence
    private static byte[] wav(int sampleRate, int samples) {
        int data = samples * 2;
        ByteBuffer buffer = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        buffer.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        buffer.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        return buffer.array();
    }

    private static byte[] tagged(String magic, int length) {
        byte[] bytes = new byte[length];
        byte[] tag = magic.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, bytes, 0, tag.length);
        return bytes;
    }
}
