package io.centinela.text;

import io.centinela.testkit.SharedData;
import io.centinela.model.onnx.MiniLmWeights;
import io.centinela.model.train.Example;
import io.centinela.model.train.LabelledData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-domain lengths and the prefix shortcut give exactly the tokenizer's own truncation, on every dev text. */
class ModelTokenizerTest {

    private static final Map<String, Integer> CAPS = Map.of("email", 48, "web", 128, "windows", 96, "generic", 96);

    private static ModelTokenizer open(int maxLength) throws Exception {
        return ModelTokenizer.fromStream(MiniLmWeights.class.getClassLoader()
                .getResourceAsStream(MiniLmWeights.TOKENIZER_RESOURCE), maxLength);
    }

    @Test
    void batchEncodingEqualsFullTokenizationCutPerDomain() throws Exception {
        List<String> texts = new ArrayList<>();
        for (String d : List.of("email", "web", "windows")) {
            for (Example e : LabelledData.load(SharedData.ml().resolve(d).resolve("dev.jsonl"), LabelledData.Filter.NONE)
                    .examples()) {
                texts.add(e.text());
            }
        }
        texts.add("");
        texts.add("email | subject: " + "x".repeat(2000)); // one huge word: the prefix has no space to cut at
        texts.add("email | subject: " + "word ".repeat(20)); // shorter than its prefix length
        try (ModelTokenizer full = open(512); ModelTokenizer t = open(128)) {
            ModelTokenizer capped = t.withDomainMaxLength(CAPS);
            long[][] got = capped.encode(texts);
            int shortened = 0;
            for (int i = 0; i < texts.size(); i++) {
                long[] all = full.encode(texts.get(i));
                int cap = CAPS.get(EventText.domainOfText(texts.get(i)));
                long[] want = all;
                if (all.length > cap) {
                    want = Arrays.copyOf(all, cap);
                    want[cap - 1] = all[all.length - 1];
                }
                assertArrayEquals(want, got[i], "text " + i + ": " + texts.get(i));
                assertArrayEquals(want, capped.encode(texts.get(i)), "single-text path, text " + i);
                if (texts.get(i).length() > cap * ModelTokenizer.PREFIX_CHARS_PER_TOKEN) {
                    shortened++;
                }
            }
            assertTrue(shortened > 500, "most e-mails take the prefix path: " + shortened);
        }
    }

    @Test
    void domainLengthsAboveTheMaximumAreRefused() throws Exception {
        try (ModelTokenizer t = open(64)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> t.withDomainMaxLength(Map.of("web", 128)));
            assertTrue(e.getMessage().contains("web"), e.getMessage());
            assertEquals(64, t.withDomainMaxLength(Map.of("web", 32)).maxLengthFor("email"));
        }
    }
}
