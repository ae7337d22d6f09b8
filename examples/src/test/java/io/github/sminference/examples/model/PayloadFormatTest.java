package io.github.sminference.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadFormatTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "text/csv                        | CSV",
        "TEXT/CSV; charset=UTF-8         | CSV",
        " application/json               | JSON",
        "application/jsonlines;charset=x | JSON_LINES",
        "application/x-recordio-protobuf | null",
        "text/plain                      | null",
        "''                              | null",
    })
    void forContentType_headers_formatIgnoringParametersAndCase(String header, PayloadFormat expected) {
        assertThat(PayloadFormat.forContentType(header)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Accept {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "null                                            | CSV",
        "*/*                                             | CSV",
        "application/xml, text/html                      | CSV",
        "application/json                                | JSON",
        "application/json;q=0.4, application/jsonlines   | JSON_LINES",
        "application/jsonlines;q=0.5, application/json;q=0.5 | JSON_LINES",
        "application/json;q=0, text/html                 | CSV",
        "application/json;q=abc                          | CSV",
    })
    void negotiate_acceptHeaders_highestQualitySupportedElseTheRequestFormat(String accept, PayloadFormat expected) {
        assertThat(PayloadFormat.negotiate(accept, PayloadFormat.CSV)).isEqualTo(expected);
    }

    @Test
    void quote_longOrControlCharacters_truncatedAndPrintable() {
        byte[] b = ("a\u0000b" + "x".repeat(60)).getBytes(StandardCharsets.UTF_8);

        assertThat(PayloadFormat.quote(b, 0, b.length)).isEqualTo("\"a?b" + "x".repeat(37) + "...\"");
        assertThat(PayloadFormat.quote(b, 3, 6)).isEqualTo("\"xxx\"");
    }
}
