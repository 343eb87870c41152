package io.centinela.splunkapp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Splunk .conf file as Splunk reads it: {@code [stanza]} headers, {@code key = value} lines, {@code #} comments,
 * a trailing backslash continues a value on the next line. Settings before the first stanza belong to
 * {@code [default]}. Duplicate stanzas or keys, and lines that are neither, are reported as problems.
 */
public record ConfFile(String path, Map<String, Stanza> stanzas, List<String> problems) {

    public record Stanza(String name, int line, Map<String, String> settings) {
        public String get(String key) {
            return settings.get(key);
        }
    }

    public static ConfFile parse(String path, String text) {
        Map<String, Stanza> stanzas = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Stanza current = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            while (line.endsWith("\\") && i + 1 < lines.length) {
                line = line.substring(0, line.length() - 1) + "\n" + lines[++i].strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1);
                if (stanzas.containsKey(name)) {
                    problems.add(path + ":" + lineNo + ": duplicate stanza [" + name + "]");
                }
                current = new Stanza(name, lineNo, new LinkedHashMap<>());
                stanzas.put(name, current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add(path + ":" + lineNo + ": neither a stanza nor key = value: " + line);
                continue;
            }
            if (current == null) {
                current = new Stanza("default", lineNo, new LinkedHashMap<>());
                stanzas.put("default", current);
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (current.settings().put(key, value) != null) {
                problems.add(path + ":" + lineNo + ": duplicate key " + key + " in [" + current.name() + "]");
            }
        }
        return new ConfFile(path, stanzas, problems);
    }

    public Stanza stanza(String name) {
        return stanzas.get(name);
    }
}
