package io.centinela.sigma.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Field names used by a rule set, numbered densely so per-event caches are plain arrays. */
public final class FieldTable {

    /** Pseudo-field whose values are all values of the event: keyword searches compile against it. */
    public static final String ALL_VALUES = "\u0000all-values";

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    /**
     * The id of a field as seen by rules of one family (a logsource product). Families get separate ids, hence
     * separate literal automata: Linux keywords such as '0' or ':' would otherwise hit on every Windows value.
     */
    public int id(String family, String name) {
        String key = family + '\u0001' + name;
        Integer id = ids.get(key);
        if (id == null) {
            id = names.size();
            ids.put(key, id);
            names.add(name);
        }
        return id;
    }

    public String name(int id) {
        return names.get(id);
    }

    public int size() {
        return names.size();
    }

    String[] namesArray() {
        return names.toArray(new String[0]);
    }
}
