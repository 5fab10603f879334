package io.jivohub.admin;

import java.util.Locale;

import io.jivohub.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * A visitor to erase, known by email or phone, and whether a stored event is theirs.
 *
 * <p>An event is theirs when any value in it, at any depth, carries the email (ignoring case; also inside text,
 * such as a chat message that quotes it) or is the phone number. Phones compare by digits: a value counts when it is
 * shaped like a phone number (digits, spaces, {@code +-().}) and its digits equal the given ones, or, when both have
 * ten or more, end in the same ten, so {@code +7 (999) 123-45-67} and {@code 8 999 123 45 67} match. Values are
 * looked for everywhere because Jivo puts contact details in several places ({@code visitor}, {@code client},
 * {@code contacts}, and messages).
 *
 * <p>Immutable.
 */
public final class Visitor {
    private static final int MIN_PHONE_DIGITS = 5;
    private static final int NATIONAL_DIGITS = 10;

    /** Lowercase, or {@code null} when the visitor is known by phone. */
    private final String email;
    /** The phone's digits, or {@code null} when the visitor is known by email. */
    private final String phoneDigits;

    private Visitor(String email, String phoneDigits) {
        this.email = email;
        this.phoneDigits = phoneDigits;
    }

    /** @throws Refusal INVALID when {@code email} is not an email address */
    public static Visitor byEmail(String email) {
        if (!email.contains("@") || email.strip().length() < 3) {
            throw Refusal.invalid("email must be an email address");
        }
        return new Visitor(email.strip().toLowerCase(Locale.ROOT), null);
    }

    /** @throws Refusal INVALID when {@code phone} has too few digits to name one person */
    public static Visitor byPhone(String phone) {
        if (!isPhoneShaped(phone) || digits(phone).length() < MIN_PHONE_DIGITS) {
            throw Refusal.invalid("phone must be a phone number with at least 5 digits, such as +7 999 123-45-67");
        }
        return new Visitor(null, digits(phone));
    }

    /** Whether the stored event {@code body} mentions this visitor. */
    boolean owns(byte[] body) {
        try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if ((token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT)
                        && matches(parser.getString())) {
                    return true;
                }
            }
            return false;
        } catch (JacksonException e) {
            return false; // stored bodies were valid when they came; nothing else can be read as theirs
        }
    }

    private boolean matches(String value) {
        if (email != null) {
            return value.toLowerCase(Locale.ROOT).contains(email);
        }
        if (!isPhoneShaped(value)) {
            return false;
        }
        String digits = digits(value);
        return digits.equals(phoneDigits) || digits.length() >= NATIONAL_DIGITS && phoneDigits.length() >= NATIONAL_DIGITS
                && digits.endsWith(phoneDigits.substring(phoneDigits.length() - NATIONAL_DIGITS));
    }

    private static boolean isPhoneShaped(String value) {
        return !value.isBlank() && value.chars().allMatch(c -> Character.isDigit(c) || " +-().".indexOf(c) >= 0);
    }

    private static String digits(String value) {
        return value.replaceAll("\\D", "");
    }
}
