package io.centinela.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Adversarial augmentation of Windows command lines, the way attackers dodge string matching: caret insertion
 * ({@code p^o^w^e^r^s^h^e^l^l}), empty-quote insertion ({@code po""wershell}), random case, and environment
 * variable substrings ({@code %COMSPEC:~0,1%}-style noise replaced by {@code %ComSpec%}). Applied to the
 * {@code cmd:} part of rendered process events; labels are kept.
 */
public final class CommandAugmenter {

    private CommandAugmenter() {
    }

    /** Obfuscated copies of a fraction of the malicious process-start examples. */
    public static List<Example> augment(List<Example> train, double fraction, Random rnd) {
        return augment(train, fraction, rnd, false);
    }

    /**
     * Obfuscated copies of a fraction of the process-start examples, labels kept: malicious ones only, or both
     * classes ({@code benignToo}) so that the model cannot learn "obfuscated means malicious".
     */
    public static List<Example> augment(List<Example> train, double fraction, Random rnd, boolean benignToo) {
        List<Example> out = new ArrayList<>();
        for (Example e : train) {
            if ((e.label() == 1 || benignToo) && hasCommand(e.text()) && rnd.nextDouble() < fraction) {
                out.add(new Example(e.id() + "#aug", e.domain(), e.category(), e.group(), e.source(), e.label(),
                        obfuscateCmd(e.text(), rnd)));
            }
        }
        return out;
    }

    /** Obfuscates the value of the {@code cmd:} part of a rendered text. */
    public static String obfuscateCmd(String text, Random rnd) {
        return obfuscateCmd(text, rnd, rnd.nextInt(STYLES.size()));
    }

    /** True for rendered process starts with a command line (what augmentation and the robustness check touch). */
    public static boolean hasCommand(String text) {
        return text.startsWith("process start") && text.contains("| cmd: ");
    }

    /** Obfuscates the {@code cmd:} part in one style. */
    public static String obfuscateCmd(String text, Random rnd, int mode) {
        int s = text.indexOf("| cmd: ");
        if (s < 0) {
            return text;
        }
        int vs = s + "| cmd: ".length();
        int ve = text.indexOf(" | ", vs);
        if (ve < 0) {
            ve = text.length();
        }
        return text.substring(0, vs) + obfuscate(text.substring(vs, ve), rnd, mode) + text.substring(ve);
    }

    /** The obfuscation styles: caret insertion, empty quotes, random case, environment-variable substitution. */
    public static final List<String> STYLES = List.of("caret", "empty quotes", "random case", "env variables");

    public static String obfuscate(String cmd, Random rnd) {
        return obfuscate(cmd, rnd, rnd.nextInt(STYLES.size()));
    }

    /** Obfuscates {@code cmd} in one style (index into {@link #STYLES}). */
    public static String obfuscate(String cmd, Random rnd, int mode) {
        StringBuilder sb = new StringBuilder(cmd.length() * 2);
        for (int i = 0; i < cmd.length(); i++) {
            char c = cmd.charAt(i);
            boolean letter = Character.isLetter(c);
            switch (mode) {
                case 0 -> {
                    sb.append(c);
                    if (letter && rnd.nextDouble() < 0.3) {
                        sb.append('^');
                    }
                }
                case 1 -> {
                    sb.append(c);
                    if (letter && rnd.nextDouble() < 0.15) {
                        sb.append("\"\"");
                    }
                }
                case 2 -> sb.append(rnd.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
                default -> sb.append(c);
            }
        }
        String out = sb.toString();
        if (mode == 3) {
            out = out.replaceAll("(?i)cmd(\\.exe)?", "%ComSpec%")
                    .replaceAll("(?i)c:\\\\windows", "%SystemRoot%")
                    .replaceAll("(?i)powershell", "%SystemRoot%\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\PowerShell");
            if (out.equals(cmd)) {
                out = cmd.toUpperCase(Locale.ROOT);
            }
        }
        return out;
    }
}
