package io.jivohub.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The secrets in URLs: made, recognised and hashed by one set of rules. */
class KeysTest {

    @Test
    void everyNewKeyIsWellFormedAndNewKeysDiffer() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = Keys.newKey();
            assertThat(Keys.isWellFormed(key)).as(key).isTrue();
            keys.add(key);
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void onlySixtyFourLowercaseHexDigitsAreWellFormed() {
        String key = "0123456789abcdef".repeat(4);
        assertThat(Keys.isWellFormed(key)).isTrue();
        assertThat(Keys.isWellFormed(key.toUpperCase())).isFalse();
        assertThat(Keys.isWellFormed(key.substring(1))).isFalse();
        assertThat(Keys.isWellFormed(key + "0")).isFalse();
        assertThat(Keys.isWellFormed(key.substring(1) + "g")).isFalse();
        assertThat(Keys.isWellFormed(key.substring(1) + "٣")).as("an Arabic-Indic digit").isFalse();
    }

    @Test
    void aKeyIsHashedAsTheSha256OfItsText() {
        assertThat(HexFormat.of().formatHex(Keys.hash("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Keys.hash("ключ")).isEqualTo(Sha256.of("ключ".getBytes(StandardCharsets.UTF_8)));
    }
}
