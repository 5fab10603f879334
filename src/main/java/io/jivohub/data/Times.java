package io.jivohub.data;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.jivohub.columns.Timestamps;

/** Points in time as the tables write them: ISO-8601 in UTC ({@code …Z}), or with the offset of {@code tz=}. */
final class Times {
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

    private Times() {
    }

    static String iso(Instant instant, ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? Timestamps.format(instant.toEpochMilli())
                : WITH_OFFSET.format(instant.atZone(zone));
    }
}
