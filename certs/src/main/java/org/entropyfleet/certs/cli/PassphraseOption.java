package org.entropyfleet.certs.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code --passphrase-file FILE}: the passphrase protecting {@code ca/ca.key}. Read from a file (first
 * line, without its newline) rather than the command line so it never shows up in {@code ps} or shell
 * history.
 */
public final class PassphraseOption {
    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "File whose first line is the CA key passphrase (needed when ca.key is encrypted).")
    Path passphraseFile;

    /** The passphrase, or {@code null} when no file was given. */
    public char[] passphrase() {
        return passphraseFile == null ? null : read(passphraseFile);
    }

    /** First line of {@code passphraseFile}, without its line ending. */
    public static char[] read(Path passphraseFile) {
        String text;
        try {
            text = Files.readString(passphraseFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CertsException.config(passphraseFile + ": passphrase file not found");
        } catch (IOException e) {
            throw CertsException.config(passphraseFile + ": cannot read passphrase file: " + e.getMessage(), e);
        }
        int nl = text.indexOf('\n');
        String line = (nl >= 0 ? text.substring(0, nl) : text).replace("\r", "");
        if (line.isEmpty()) {
            throw CertsException.config(passphraseFile + ": passphrase file is empty");
        }
        return line.toCharArray();
    }
}
