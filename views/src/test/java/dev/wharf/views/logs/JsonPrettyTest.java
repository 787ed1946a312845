package dev.wharf.views.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pretty-printing of JSON log lines: objects and arrays only, strings kept exactly, anything else refused. */
class JsonPrettyTest {
    @Test
    void prettyPrintsObjectsAndArraysKeepingStringsExactly() {
        assertThat(JsonPretty.pretty(" {\"a\":{\"b\":[1,-2.5e3,true,null]},\"s\":\"x, {y}: \\\"q\\\"\",\"e\":{},\"l\":[]} "))
                .isEqualTo("{\n  \"a\": {\n    \"b\": [\n      1,\n      -2.5e3,\n      true,\n      null\n    ]\n  },\n"
                        + "  \"s\": \"x, {y}: \\\"q\\\"\",\n  \"e\": {},\n  \"l\": []\n}");
    }

    @Test
    void refusesWhatIsNotOneWholeJsonObjectOrArray() {
        assertThat(JsonPretty.pretty("plain text")).isNull();
        assertThat(JsonPretty.pretty("\"just a string\"")).isNull();
        assertThat(JsonPretty.pretty("{\"a\":1} trailing")).isNull();
        assertThat(JsonPretty.pretty("{\"a\":1,}")).isNull();
        assertThat(JsonPretty.pretty("{a:1}")).isNull();
        assertThat(JsonPretty.pretty("{\"a\":01}")).isNull();
        assertThat(JsonPretty.pretty("[1,2")).isNull();
        assertThat(JsonPretty.pretty("{\"a\":tru}")).isNull();
    }
}
