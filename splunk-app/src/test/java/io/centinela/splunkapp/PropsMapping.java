package io.centinela.splunkapp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies one props.conf stanza's search-time FIELDALIAS- and EVAL- settings to an extracted event, in Splunk's
 * order: aliases first, then every calculated field evaluated against the aliased event (calculated fields never
 * see each other's results), results written last.
 */
public final class PropsMapping {

    private static final Pattern ALIAS = Pattern.compile("\"?([^\"\\s]+)\"?\\s+(?i:as)\\s+\"?([^\"\\s]+)\"?");

    private final ConfFile.Stanza stanza;

    public PropsMapping(ConfFile.Stanza stanza) {
        this.stanza = stanza;
    }

    public Map<String, List<String>> apply(Map<String, List<String>> extracted) {
        Map<String, List<String>> event = new LinkedHashMap<>(extracted);
        for (var e : stanza.settings().entrySet()) {
            if (e.getKey().startsWith("FIELDALIAS-")) {
                Matcher m = ALIAS.matcher(e.getValue());
                while (m.find()) {
                    List<String> v = extracted.get(m.group(1));
                    if (v != null) {
                        event.put(m.group(2), v);
                    }
                }
            }
        }
        Map<String, List<String>> aliased = Map.copyOf(event);
        Map<String, Object> results = new LinkedHashMap<>();
        for (var e : stanza.settings().entrySet()) {
            if (e.getKey().startsWith("EVAL-")) {
                results.put(e.getKey().substring(5), EvalSubset.eval(e.getValue(), aliased));
            }
        }
        for (var r : results.entrySet()) {
            if (r.getValue() == null) {
                event.remove(r.getKey());
            } else if (r.getValue() instanceof List<?> l) {
                @SuppressWarnings("unchecked")
                List<String> values = (List<String>) l;
                event.put(r.getKey(), values);
            } else {
                throw new IllegalArgumentException("EVAL-" + r.getKey() + " yields a condition, not a value");
            }
        }
        return event;
    }

    /** Names the stanza creates (alias targets and calculated fields). */
    public Set<String> createdFields() {
        Set<String> out = new TreeSet<>();
        for (var e : stanza.settings().entrySet()) {
            if (e.getKey().startsWith("FIELDALIAS-")) {
                Matcher m = ALIAS.matcher(e.getValue());
                while (m.find()) {
                    out.add(m.group(2));
                }
            } else if (e.getKey().startsWith("EVAL-")) {
                out.add(e.getKey().substring(5));
            }
        }
        return out;
    }
}
