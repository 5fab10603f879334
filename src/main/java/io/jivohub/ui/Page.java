package io.jivohub.ui;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;

/**
 * What every page of the dashboard is shown with: the reader's language and time zone, and their session (null on
 * the sign-in page and error pages). Templates take their words from here, so every string goes through the
 * bundles. Immutable.
 *
 * @param words   the reader's language
 * @param zone    the time zone of every time shown
 * @param session the signed-in session, or null
 */
public record Page(Messages words, ZoneId zone, SignIn.Session session) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** The zones offered to choose from; any other IANA zone works when typed into the URL. */
    public static final List<String> ZONES = List.of("UTC", "Europe/Moscow", "Europe/Kaliningrad", "Europe/Samara",
            "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk",
            "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka", "Europe/Minsk", "Europe/Kyiv",
            "Asia/Almaty", "Asia/Tashkent", "Asia/Tbilisi", "Asia/Yerevan", "Asia/Baku", "Europe/Berlin",
            "Europe/London", "America/New_York");

    /** The cookies that remember the reader's choice of language and of time zone. */
    static final String LANGUAGE_COOKIE = "jivohub_lang";
    static final String ZONE_COOKIE = "jivohub_tz";

    /**
     * The page model of a request with {@code headers}: the language its cookie chose, else the one the browser
     * prefers; the zone its cookie chose, else the language's.
     */
    static Page of(ServerRequestHeaders headers, SignIn.Session session) {
        Messages words = Messages.of(headers.cookies().first(LANGUAGE_COOKIE).asOptional()
                .filter(Messages.LANGUAGES::contains)
                .orElseGet(() -> Messages.preferred(headers.first(HeaderNames.ACCEPT_LANGUAGE).orElse(""))));
        ZoneId zone = headers.cookies().first(ZONE_COOKIE).asOptional().filter(Page::isZone).map(ZoneId::of)
                .orElse(words.defaultZone());
        return new Page(words, zone, session);
    }

    /** Whether {@code name} is a time zone Java knows. */
    static boolean isZone(String name) {
        try {
            ZoneId.of(name);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The text of {@code key} in the reader's language. */
    public String t(String key, Object... arguments) {
        return words.t(key, arguments);
    }

    public String language() {
        return words.language();
    }

    /** A moment as the reader reads it: date and minute in their zone. */
    public String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
    }

    /** The zone's name as chosen. */
    public String zoneName() {
        return zone.getId();
    }

    /** The token the page's forms carry against cross-site requests. */
    public String formToken() {
        return session.formToken();
    }
}
