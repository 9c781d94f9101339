package io.roomcast.cluster.transport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The cases follow Redis' {@code stringmatchlen} ({@code util.c}). */
class GlobPatternTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "socket.io#/#*      | socket.io#/#           | true",
            "socket.io#/#*      | socket.io#/#room1#     | true",
            "socket.io#/#*      | socket.io#/admin#      | false",
            "h?llo              | hello                  | true",
            "h?llo              | hllo                   | false",
            "h[ae]llo           | hallo                  | true",
            "h[ae]llo           | hillo                  | false",
            "h[^e]llo           | hallo                  | true",
            "h[^e]llo           | hello                  | false",
            "h[a-b]llo          | hbllo                  | true",
            "h[b-a]llo          | hallo                  | true",
            "a\\*b              | a*b                    | true",
            "a\\*b              | axb                    | false",
            "app\\[1\\]#/#*     | app[1]#/#x#            | true",
            "app\\[1\\]#/#*     | app1#/#x#              | false",
            "*                  | ''                     | true",
            "a**b               | axyzb                  | true",
    })
    void shouldMatchAsRedisDoes(String pattern, String channel, boolean matches) {
        assertThat(GlobPattern.matches(pattern, channel.equals("''") ? "" : channel)).isEqualTo(matches);
    }
}
