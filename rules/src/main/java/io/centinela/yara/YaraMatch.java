package io.centinela.yara;

import java.util.List;
import java.util.Map;

/** A YARA rule that matched one scanned field of an event. {@code meta} keeps every meta of the rule. */
public record YaraMatch(String rule, String namespace, List<String> tags, Map<String, Object> meta,
                        String author, String scannedField, List<MatchedString> strings) {
    public YaraMatch {
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
        strings = List.copyOf(strings);
    }

    /** One matched string: identifier ({@code $a}), byte offset in the scanned field, length, capped excerpt. */
    public record MatchedString(String identifier, long offset, int length, String excerpt) {
    }
}
