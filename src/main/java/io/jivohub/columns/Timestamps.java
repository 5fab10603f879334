package io.jivohub.columns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How jivohub writes points in time: ISO-8601 in UTC with milliseconds, {@code 2026-11-26T21:04:08.123Z}. */
public final class Timestamps {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(long epochMillis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * An ISO-8601 time as epoch milliseconds: an instant ({@code 2026-11-26T10:00:00Z}), a time with an offset
     * ({@code +03:00}; a {@code +} that a URL turned into a space is read back as {@code +}), a local time or a
     * date, both taken as UTC.
     *
     * @throws DateTimeParseException when it is none of them
     */
    public static long parse(String value) {
        String text = value.strip().replace(' ', '+');
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (text.endsWith("Z") || text.endsWith("z")) {
            return Instant.parse(text.toUpperCase(Locale.ROOT)).toEpochMilli();
        }
        if (text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10) {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
