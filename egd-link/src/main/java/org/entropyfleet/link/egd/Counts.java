package org.entropyfleet.link.egd;

/** Range checks shared by the message records, so every record words its errors alike. */
final class Counts {
    private Counts() {
    }

    static int checkCount(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " must be 0.." + max + ", was " + value);
        }
        return value;
    }

    static byte[] checkData(String what, byte[] data, int maxLength) {
        if (data == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        checkCount(what + " length", data.length, maxLength);
        return data;
    }
}
