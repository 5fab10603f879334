package io.jivohub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Whose an event is, for erasure, without a store. */
class VisitorTest {

    private static byte[] event(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEmailMatchesAnywhereInAnyCaseAlsoInsideText() {
        Visitor anna = Visitor.byEmail(" Anna@Example.com ");

        assertThat(anna.owns(event("{\"visitor\": {\"email\": \"anna@example.com\"}}"))).isTrue();
        assertThat(anna.owns(event("{\"client\": {\"contacts\": [{\"value\": \"ANNA@EXAMPLE.COM\"}]}}"))).isTrue();
        assertThat(anna.owns(event("{\"message\": \"пишите на anna@example.com, спасибо\"}"))).isTrue();
        assertThat(anna.owns(event("{\"visitor\": {\"email\": \"hanna@example.org\"}}"))).isFalse();
        assertThat(anna.owns(event("{\"anna@example.com\": 1}"))).as("a field name is not a value").isFalse();
    }

    @Test
    void aPhoneMatchesByDigitsAndByItsLastTenWhenBothHaveTen() {
        Visitor visitor = Visitor.byPhone("+7 (999) 123-45-67");

        assertThat(visitor.owns(event("{\"visitor\": {\"phone\": \"8 999 123 45 67\"}}"))).isTrue();
        assertThat(visitor.owns(event("{\"visitor\": {\"phone\": \"79991234567\"}}"))).isTrue();
        assertThat(visitor.owns(event("{\"client_phone\": 79991234567}"))).as("a number").isTrue();
        assertThat(visitor.owns(event("{\"visitor\": {\"phone\": \"+7 999 123-45-68\"}}"))).isFalse();
        assertThat(visitor.owns(event("{\"message\": \"call 8 999 123 45 67 please\"}")))
                .as("not shaped like a phone: text around it").isFalse();
        assertThat(Visitor.byPhone("12345").owns(event("{\"number\": \"12345\"}"))).isTrue();
        assertThat(Visitor.byPhone("12345").owns(event("{\"number\": \"912345\"}"))).isFalse();
    }

    @Test
    void whatCannotNameOnePersonIsRefused() {
        assertThatThrownBy(() -> Visitor.byEmail("anna")).isInstanceOf(Refusal.class)
                .hasMessage("email must be an email address");
        assertThatThrownBy(() -> Visitor.byPhone("+7 99")).isInstanceOf(Refusal.class)
                .hasMessageContaining("at least 5 digits");
        assertThatThrownBy(() -> Visitor.byPhone("call me")).isInstanceOf(Refusal.class);
    }
}
