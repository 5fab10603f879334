package io.jivohub.answer;

/** An answer for the agent that Jivo would not take, with what is wrong with it. */
public final class InvalidAnswerException extends Exception {
    public InvalidAnswerException(String message) {
        super(message);
    }
}
