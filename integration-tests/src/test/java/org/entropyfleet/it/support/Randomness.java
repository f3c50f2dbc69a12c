package org.entropyfleet.it.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Judges collected bytes with Debian's rngtest and ent, and checks that no block repeats. */
public final class Randomness {
    private Randomness() {
    }

    /** Number of FIPS 140-2 blocks that rngtest failed (rngtest exits 1 on any failure, so parse its counts). */
    public static int rngtestFailures(Path data) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("rngtest").redirectInput(data.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Matcher ok = Pattern.compile("FIPS 140-2 successes: (\\d+)").matcher(out);
        Matcher bad = Pattern.compile("FIPS 140-2 failures: (\\d+)").matcher(out);
        if (!ok.find() || !bad.find()) {
            throw new AssertionError("unexpected rngtest output:\n" + out);
        }
        int successes = Integer.parseInt(ok.group(1));
        if (successes < 900) {
            throw new AssertionError("rngtest saw too few blocks (" + successes + "):\n" + out);
        }
        return Integer.parseInt(bad.group(1));
    }

    public static double entBitsPerByte(Path data) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ent", data.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Matcher m = Pattern.compile("Entropy = ([0-9.]+) bits per byte").matcher(out);
        if (!m.find()) {
            throw new AssertionError("unexpected ent output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** Fails if any aligned 32-byte block occurs twice across all the given collections. */
    public static void assertNoRepeatedBlock(List<byte[]> collections) {
        Set<ByteBuffer> seen = new HashSet<>();
        long blocks = 0;
        for (byte[] c : collections) {
            for (int i = 0; i + 32 <= c.length; i += 32) {
                ByteBuffer block = ByteBuffer.wrap(c, i, 32).slice();
                blocks++;
                if (!seen.add(block)) {
                    throw new AssertionError("a 32-byte block was served twice (after " + blocks + " blocks)");
                }
            }
        }
        if (blocks == 0) {
            throw new AssertionError("nothing collected");
        }
    }

    public static void write(Path file, byte[] data) throws IOException {
        Files.write(file, data);
    }
}
