package io.jivohub.admin;

/**
 * The name a user gives a connection: any text up to {@value #MAX_LENGTH} characters (Cyrillic is fine), surrounding
 * spaces removed, no control characters. Checked when it is made, so a connection is only ever made with a good one.
 *
 * @param text the name, stripped
 */
public record AccountName(String text) {
    static final int MAX_LENGTH = 200;

    /** @throws Refusal INVALID for a blank name, a name too long, or one with control characters */
    public AccountName {
        text = text.strip();
        if (text.isEmpty()) {
            throw Refusal.invalid("account_name must not be blank");
        }
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw Refusal.invalid("account_name must be at most " + MAX_LENGTH + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid("account_name must not contain control characters");
        }
    }
}
