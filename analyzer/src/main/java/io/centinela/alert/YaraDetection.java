package io.centinela.alert;

import java.util.List;
import java.util.Map;

/** A YARA rule that matched one scanned field of the event. {@code meta} keeps every meta of the rule. */
public record YaraDetection(String rule, String namespace, List<String> tags, Map<String, Object> meta,
                            String author, String scannedField, List<YaraString> strings) {
    public YaraDetection {
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
        strings = List.copyOf(strings);
    }

    /** One matched string: identifier ({@code $a}), byte offset in the scanned field, length, capped excerpt. */
    public record YaraString(String identifier, long offset, int length, String excerpt) {
    }
}
