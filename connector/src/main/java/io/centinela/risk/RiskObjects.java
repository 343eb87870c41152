package io.centinela.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The risk objects of a detection, as store keys {@code <type>:<lower-case value>}: the system acted on (CIM
 * {@code dest}), the system the activity came from ({@code src}, host name or address) and the {@code user}.
 * Placeholders and loopback addresses are no entity: they would pool the risk of unrelated events.
 */
final class RiskObjects {

    private static final Set<String> NOT_AN_ENTITY = Set.of("", "-", "n/a", "null", "none", "unknown", "localhost",
            "127.0.0.1", "::1", "0.0.0.0", "::");

    private RiskObjects() {
    }

    static List<String> keys(Detection d) {
        List<String> keys = new ArrayList<>(3);
        add(keys, "system", d.dest());
        add(keys, "system", d.src());
        add(keys, "user", d.user());
        return keys;
    }

    private static void add(List<String> keys, String type, String value) {
        if (value == null) {
            return;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (NOT_AN_ENTITY.contains(v)) {
            return;
        }
        String key = type + ":" + v;
        if (!keys.contains(key)) {
            keys.add(key);
        }
    }

    static String type(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    /** The value as the detection spelled it, for the alert (the key is lower case). */
    static String original(Detection d, String key) {
        String v = key.substring(key.indexOf(':') + 1);
        for (String candidate : type(key).equals("user") ? new String[]{d.user()} : new String[]{d.dest(), d.src()}) {
            if (candidate != null && candidate.trim().toLowerCase(Locale.ROOT).equals(v)) {
                return candidate.trim();
            }
        }
        return v;
    }
}
