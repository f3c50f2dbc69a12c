package org.entropyfleet.link.cli;

import java.time.Duration;
import org.entropyfleet.link.config.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the agents' command lines, in the forms the config files take ({@link Durations}): 500ms, 30s, 2m, 1m30s. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
