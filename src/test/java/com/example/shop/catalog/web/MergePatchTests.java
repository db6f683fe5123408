package com.example.shop.catalog.web;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON Merge Patch as RFC 7396 defines it, with some of the examples of its appendix A. */
class MergePatchTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void givenMembersReplaceNullRemovesAndTheRestIsKept() {
        assertThat(merge("{\"a\":\"b\",\"c\":\"d\"}", "{\"a\":\"z\",\"c\":null}")).isEqualTo(tree("{\"a\":\"z\"}"));
        assertThat(merge("{\"a\":\"b\"}", "{\"b\":\"c\"}")).isEqualTo(tree("{\"a\":\"b\",\"b\":\"c\"}"));
        assertThat(merge("{\"a\":\"b\"}", "{}")).isEqualTo(tree("{\"a\":\"b\"}"));
    }

    @Test
    void arraysAreReplacedNotMerged() {
        assertThat(merge("{\"sizes\":[\"S\",\"M\"]}", "{\"sizes\":[\"XL\"]}")).isEqualTo(tree("{\"sizes\":[\"XL\"]}"));
    }

    @Test
    void objectsMergeMemberByMember() {
        assertThat(merge("{\"a\":{\"b\":\"c\",\"d\":\"e\"}}", "{\"a\":{\"d\":null,\"f\":\"g\"}}"))
            .isEqualTo(tree("{\"a\":{\"b\":\"c\",\"f\":\"g\"}}"));
        assertThat(merge("{\"a\":\"b\"}", "{\"a\":{\"c\":null,\"d\":1}}")).isEqualTo(tree("{\"a\":{\"d\":1}}"));
    }

    @Test
    void removingAMemberThatIsNotThereChangesNothing() {
        assertThat(merge("{\"a\":\"b\"}", "{\"c\":null}")).isEqualTo(tree("{\"a\":\"b\"}"));
    }

    @Test
    void anObjectPatchOnATargetThatIsNoObjectStartsFromAnEmptyObject() {
        assertThat(merge("[\"a\",\"b\"]", "{\"a\":\"c\"}")).isEqualTo(tree("{\"a\":\"c\"}"));
        assertThat(merge("\"text\"", "{\"a\":null}")).isEqualTo(tree("{}"));
        // Nulls inside a new member are removals too, so they never end up in the result.
        assertThat(merge("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}")).isEqualTo(tree("{\"a\":{\"bb\":{}}}"));
    }

    @Test
    void aPatchThatIsNoObjectReplacesTheTarget() {
        assertThat(merge("{\"a\":\"b\"}", "[\"c\"]")).isEqualTo(tree("[\"c\"]"));
        assertThat(merge("{\"a\":\"b\"}", "null")).isEqualTo(tree("null"));
    }

    @Test
    void theTargetIsNotChanged() {
        JsonNode target = tree("{\"a\":\"b\"}");
        MergePatch.apply(target, tree("{\"a\":null}"));
        assertThat(target).isEqualTo(tree("{\"a\":\"b\"}"));
    }

    private JsonNode merge(String target, String patch) {
        return MergePatch.apply(tree(target), tree(patch));
    }

    private JsonNode tree(String text) {
        return json.readTree(text);
    }

}
