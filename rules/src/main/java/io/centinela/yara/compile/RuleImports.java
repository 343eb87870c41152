package io.centinela.yara.compile;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the {@code import "module"} statements of a rule file (they decide which content its rules may scan). */
public final class RuleImports {

    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+\"([A-Za-z0-9_]+)\"");

    private RuleImports() {
    }

    public static Set<String> of(byte[] text) {
        Set<String> modules = new TreeSet<>();
        Matcher m = IMPORT.matcher(new String(text, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }
}
