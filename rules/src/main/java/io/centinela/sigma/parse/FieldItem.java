package io.centinela.sigma.parse;

import java.util.List;

/**
 * One {@code Field|mod1|mod2: values} entry of a detection map, or a keyword list ({@code field == null}).
 * Values are OR'ed unless the {@code all} modifier is present.
 */
public record FieldItem(String field, List<String> modifiers, List<RuleValue> values, int line) {
    public FieldItem {
        modifiers = List.copyOf(modifiers);
        values = List.copyOf(values);
    }

    public boolean isKeyword() {
        return field == null;
    }
}
