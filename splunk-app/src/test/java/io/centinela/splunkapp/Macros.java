package io.centinela.splunkapp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** macros.conf: expands `name` and `name(a,b)` (stanza name(2), args = x, y, $x$ in the definition), recursively. */
public final class Macros {

    private static final Pattern MACRO = Pattern.compile("`([A-Za-z0-9_.:-]+)(?:\\(([^`]*)\\))?`");
    private static final Pattern COMMENT = Pattern.compile("```.*?```", Pattern.DOTALL);

    private final Map<String, ConfFile.Stanza> stanzas = new TreeMap<>();

    public Macros(ConfFile macrosConf) {
        stanzas.putAll(macrosConf.stanzas());
    }

    public boolean defines(String stanza) {
        return stanzas.containsKey(stanza);
    }

    /** Macro stanza names referenced in the text (comments removed), e.g. "centinela_alerts", "foo(2)". */
    public static List<String> referenced(String spl) {
        List<String> out = new ArrayList<>();
        Matcher m = MACRO.matcher(COMMENT.matcher(spl).replaceAll(" "));
        while (m.find()) {
            out.add(stanzaName(m.group(1), m.group(2)));
        }
        return out;
    }

    /** Expands every macro; undefined macros are added to {@code problems} and left as an empty string. */
    public String expand(String spl, List<String> problems) {
        String text = COMMENT.matcher(spl).replaceAll(" ");
        for (int depth = 0; depth < 20; depth++) {
            Matcher m = MACRO.matcher(text);
            if (!m.find()) {
                return text;
            }
            m.reset();
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String name = stanzaName(m.group(1), m.group(2));
                ConfFile.Stanza s = stanzas.get(name);
                String replacement;
                if (s == null || s.get("definition") == null) {
                    problems.add("macro `" + name + "` is not defined in macros.conf");
                    replacement = " ";
                } else {
                    replacement = withArgs(s, m.group(2));
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(" " + replacement + " "));
            }
            m.appendTail(sb);
            text = sb.toString();
        }
        problems.add("macro expansion does not end (recursive macro?): " + spl);
        return text;
    }

    private static String stanzaName(String name, String args) {
        return args == null ? name : name + "(" + splitArgs(args).size() + ")";
    }

    private static List<String> splitArgs(String args) {
        return args.isBlank() ? List.of() : Arrays.stream(args.split(",")).map(String::strip).toList();
    }

    private static String withArgs(ConfFile.Stanza s, String args) {
        String def = s.get("definition");
        if (args == null) {
            return def;
        }
        List<String> names = splitArgs(s.settings().getOrDefault("args", ""));
        List<String> values = splitArgs(args);
        for (int i = 0; i < Math.min(names.size(), values.size()); i++) {
            def = def.replace("$" + names.get(i) + "$", values.get(i));
        }
        return def;
    }
}
