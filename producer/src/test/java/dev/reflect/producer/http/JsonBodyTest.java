package dev.reflect.producer.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.http.UnsupportedMediaTypeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "Application/JSON",
                "application/json; charset=utf-8",
                "application/json;charset=\"UTF-8\"",
                "application/vnd.reflect+json",
                "application/merge-patch+json"
            })
    void acceptsJsonMediaTypes(String contentType) {
        assertThatCode(() -> JsonBody.requireJson(contentType)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "text/plain",
                "text/json",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/json; charset=ISO-8859-1",
                "application/jsonp",
                "application/json-seq"
            })
    void refusesEverythingElse(String contentType) {
        assertThatThrownBy(() -> JsonBody.requireJson(contentType)).isInstanceOf(UnsupportedMediaTypeException.class);
    }
}
