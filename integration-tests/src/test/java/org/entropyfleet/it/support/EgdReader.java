package org.entropyfleet.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Pulls many bytes from a plaintext EGD endpoint with pipelined blocking reads. */
public final class EgdReader {
    private static final int WINDOW = 16;
    private static final int CHUNK = 255;

    private EgdReader() {
    }

    public static byte[] collect(String host, int port, int total) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        try (EgdSocket egd = new EgdSocket(host, port, 60_000)) {
            collect(egd, total, out);
        }
        return out.toByteArray();
    }

    public static void collect(EgdSocket egd, int total, ByteArrayOutputStream out) throws IOException {
        int remaining = total;
        while (remaining > 0) {
            int batch = Math.min(WINDOW, (remaining + CHUNK - 1) / CHUNK);
            byte[] req = new byte[batch * 2];
            int[] sizes = new int[batch];
            for (int i = 0; i < batch; i++) {
                sizes[i] = Math.min(CHUNK, remaining);
                remaining -= sizes[i];
                req[2 * i] = 0x02;
                req[2 * i + 1] = (byte) sizes[i];
            }
            egd.writeRaw(req);
            for (int s : sizes) {
                out.write(egd.readExactly(s));
            }
        }
    }
}
