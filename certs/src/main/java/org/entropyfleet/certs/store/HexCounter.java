package org.entropyfleet.certs.store;

import org.entropyfleet.certs.cli.CertsException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A counter kept in a one-line hex file, like OpenSSL's {@code serial} and {@code crlnumber}, so the
 * directory stays readable with standard tools.
 */
public final class HexCounter {
    private HexCounter() {
    }

    public static BigInteger read(Path file) {
        try {
            String text = Files.readString(file).trim();
            BigInteger v = new BigInteger(text, 16);
            if (v.signum() <= 0) {
                throw CertsException.config(file + ": counter must be positive, found '" + text + "'");
            }
            return v;
        } catch (NoSuchFileException e) {
            throw CertsException.config(file + ": missing (the CA directory is incomplete)");
        } catch (NumberFormatException e) {
            throw CertsException.config(file + ": not a hex number");
        } catch (IOException e) {
            throw CertsException.runtime("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static String format(BigInteger value) {
        String hex = value.toString(16).toUpperCase();
        return (hex.length() % 2 == 1 ? "0" + hex : hex) + "\n";
    }

    /** Stages {@code value + 1} into {@code batch}; returns {@code value}. */
    public static BigInteger takeAndStage(Path file, FileBatch batch) {
        BigInteger v = read(file);
        batch.write(file, format(v.add(BigInteger.ONE)), false);
        return v;
    }
}
