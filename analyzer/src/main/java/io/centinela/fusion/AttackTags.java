package io.centinela.fusion;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ATT&CK techniques and tactics from Sigma tags ({@code attack.t1059.001} -> {@code T1059.001},
 * {@code attack.execution} -> {@code execution}) and YARA meta (any value of a key naming mitre/attack/technique/
 * tactic, or a rule tag such as {@code t1059_001}). Group and software tags ({@code attack.g0007},
 * {@code attack.s0002}) are not techniques and are skipped.
 */
public final class AttackTags {

    /** The 14 enterprise tactics, in kill-chain order, by their Sigma tag spelling. */
    public static final Set<String> TACTICS = Set.of("reconnaissance", "resource-development", "initial-access",
            "execution", "persistence", "privilege-escalation", "defense-evasion", "credential-access", "discovery",
            "lateral-movement", "collection", "command-and-control", "exfiltration", "impact");

    private static final Pattern SIGMA_TECHNIQUE = Pattern.compile("attack\\.(t\\d{4})(?:\\.(\\d{3}))?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ANY_TECHNIQUE = Pattern.compile("\\b(T\\d{4})(?:[._](\\d{3}))?\\b",
            Pattern.CASE_INSENSITIVE);

    private final Set<String> techniques = new TreeSet<>();
    private final Set<String> tactics = new TreeSet<>();

    public Set<String> techniques() {
        return techniques;
    }

    public Set<String> tactics() {
        return tactics;
    }

    /** Adds the ATT&CK content of Sigma tags. */
    public AttackTags addSigmaTags(Collection<String> tags) {
        for (String tag : tags) {
            String t = tag.trim().toLowerCase(Locale.ROOT);
            Matcher m = SIGMA_TECHNIQUE.matcher(t);
            if (m.matches()) {
                techniques.add(technique(m));
            } else if (t.startsWith("attack.")) {
                String tactic = t.substring(7).replace('_', '-');
                if (TACTICS.contains(tactic)) {
                    tactics.add(tactic);
                }
            }
        }
        return this;
    }

    /** Adds techniques/tactics named in YARA rule tags and meta values. */
    public AttackTags addYara(Collection<String> ruleTags, Map<String, Object> meta) {
        for (String tag : ruleTags) {
            Matcher m = ANY_TECHNIQUE.matcher(tag);
            if (m.matches()) {
                techniques.add(technique(m));
            }
        }
        meta.forEach((key, value) -> {
            String k = key.toLowerCase(Locale.ROOT);
            if (value == null || !(k.contains("mitre") || k.contains("attack") || k.contains("technique")
                    || k.contains("tactic"))) {
                return;
            }
            String v = String.valueOf(value);
            Matcher m = ANY_TECHNIQUE.matcher(v);
            while (m.find()) {
                techniques.add(technique(m));
            }
            for (String word : v.toLowerCase(Locale.ROOT).split("[,;\\s]+")) {
                String tactic = word.replace('_', '-').replace("attack.", "");
                if (TACTICS.contains(tactic)) {
                    tactics.add(tactic);
                }
            }
        });
        return this;
    }

    private static String technique(Matcher m) {
        String base = m.group(1).toUpperCase(Locale.ROOT);
        return m.group(2) == null ? base : base + "." + m.group(2);
    }
}
