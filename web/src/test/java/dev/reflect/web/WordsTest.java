package dev.reflect.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.TriggerCategory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The app's words for the vocabulary (words.js) cover every value of the contract's enums, and only those. */
class WordsTest {

    private static String wordsJs() throws Exception {
        try (InputStream in = WordsTest.class.getResourceAsStream("/dev/reflect/web/app/words.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String[]> list(String js, String name) {
        Matcher block = Pattern.compile("export const " + name + " = \\[(.*?)\\n\\];", Pattern.DOTALL)
                .matcher(js);
        assertThat(block.find()).as(name + " in words.js").isTrue();
        Matcher pair = Pattern.compile("\\['([A-Z_]+)', '([^']+)'\\]").matcher(block.group(1));
        List<String[]> pairs = new ArrayList<>();
        while (pair.find()) {
            pairs.add(new String[] {pair.group(1), pair.group(2)});
        }
        return pairs;
    }

    @ParameterizedTest
    @CsvSource({"CONTEXTS, Context", "TRIGGERS, TriggerCategory", "BEHAVIORS, BehaviorType", "COPING, CopingStrategy"})
    void everyValueHasPlainWords(String list, String enumName) throws Exception {
        Class<? extends Enum<?>> type = switch (enumName) {
            case "Context" -> Context.class;
            case "TriggerCategory" -> TriggerCategory.class;
            case "BehaviorType" -> BehaviorType.class;
            default -> CopingStrategy.class;
        };
        List<String[]> pairs = list(wordsJs(), list);

        assertThat(pairs)
                .extracting(pair -> pair[0])
                .containsExactly(
                        Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new));
        assertThat(pairs)
                .allSatisfy(pair -> assertThat(pair[1])
                        .as(pair[0])
                        .doesNotContain("_")
                        .isNotEqualTo(pair[0])
                        .matches("[A-Z][a-z ].*[a-z].*"));
        assertThat(pairs).extracting(pair -> pair[1]).doesNotHaveDuplicates();
    }
}
