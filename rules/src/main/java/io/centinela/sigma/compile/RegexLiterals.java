package io.centinela.sigma.compile;

import java.util.Locale;

/**
 * Necessary conditions of a regex, found before it runs: a literal every match contains, and the least number
 * of chars a match spans. The engine then runs RE2J only on values that are long enough and in which the shared
 * automaton pass already saw the literal (RE2J on every value took a fifth of the engine's time; a pattern such
 * as {@code .{1000,}} costs a thousand NFA threads per char). The reading is a small recursive descent over the
 * RE2 syntax used by rules: characters, escaped punctuation, {@code \d \w \s \b}, classes, groups
 * ({@code (?:}, {@code (?P<n>}, flag groups), alternation and quantifiers. Anything else (Unicode classes,
 * {@code \x}, {@code \Q}, octal) gives no facts, so the regex runs on every value as before. The literal is
 * compared folded, a necessary condition for a case-sensitive match too; under case-insensitive matching RE2
 * also matches 's' with U+017F, which folding keeps apart, so 's' never enters a literal there.
 */
final class RegexLiterals {

    /**
     * What every match of a regex has: at least {@code minLength} chars, {@code literal} (the longest required
     * literal, or null) and {@code all}, every required literal found (the longest first).
     */
    record Facts(int minLength, String literal, java.util.List<String> all) {
        static final Facts NONE = new Facts(0, null, java.util.List.of());

        Facts(int minLength, String literal) {
            this(minLength, literal, literal == null ? java.util.List.of() : java.util.List.of(literal));
        }
    }

    private static final class Unknown extends Exception {
        Unknown() {
            super(null, null, false, false);
        }
    }

    private final String r;
    private final boolean ci;
    private int i;

    private RegexLiterals(String regex, boolean caseInsensitive) {
        this.r = regex;
        // An inline flag group may switch on (?i) anywhere: then treat the whole pattern as case-insensitive.
        this.ci = caseInsensitive || regex.contains("(?");
    }

    /** The facts of {@code regex}; a literal shorter than {@code minLiteral} chars is dropped. */
    static Facts of(String regex, boolean caseInsensitive, int minLiteral) {
        RegexLiterals p = new RegexLiterals(regex, caseInsensitive);
        try {
            Facts f = p.alternation();
            if (p.i != regex.length()) {
                return Facts.NONE;
            }
            java.util.List<String> all = f.all().stream().filter(l -> l.length() >= minLiteral)
                    .map(l -> l.toLowerCase(Locale.ROOT)).distinct()
                    .sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
            String lit = f.literal() != null && f.literal().length() >= minLiteral
                    ? f.literal().toLowerCase(Locale.ROOT) : null;
            return new Facts(f.minLength(), lit, all);
        } catch (Unknown | RuntimeException e) {
            return Facts.NONE;
        }
    }

    /** The required literal (folded) of at least {@code minLength} chars, or null. */
    static String required(String regex, boolean caseInsensitive, int minLength) {
        return of(regex, caseInsensitive, minLength).literal();
    }

    private Facts alternation() throws Unknown {
        Facts f = sequence();
        boolean alt = false;
        int min = f.minLength();
        while (i < r.length() && r.charAt(i) == '|') {
            i++;
            alt = true;
            min = Math.min(min, sequence().minLength());
        }
        return alt ? new Facts(min, null) : f;
    }

    private Facts sequence() throws Unknown {
        long min = 0;
        String best = null;
        java.util.List<String> all = new java.util.ArrayList<>();
        StringBuilder run = new StringBuilder();
        while (i < r.length() && r.charAt(i) != '|' && r.charAt(i) != ')') {
            char c = r.charAt(i);
            int atomMin;
            int literal = -1;      // the atom's char when it is one literal char
            String inner = null;   // a group's own required literal
            java.util.List<String> groupAll = java.util.List.of();
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= r.length()) {
                        throw new Unknown();
                    }
                    char e = r.charAt(i + 1);
                    i += 2;
                    if (e < 128 && !Character.isLetterOrDigit(e)) {
                        literal = e;
                        atomMin = 1;
                    } else if ("dDwWsS".indexOf(e) >= 0) {
                        atomMin = 1;
                    } else if ("bBAz".indexOf(e) >= 0) {
                        atomMin = 0;
                    } else {
                        throw new Unknown(); // \x, \p, \Q, \Z, octal ...
                    }
                }
                case '[' -> {
                    i = classEnd() + 1;
                    atomMin = 1;
                }
                case '(' -> {
                    i++;
                    if (i < r.length() && r.charAt(i) == '?') {
                        i++;
                        if (r.startsWith("P<", i)) {
                            int gt = r.indexOf('>', i);
                            if (gt < 0) {
                                throw new Unknown();
                            }
                            i = gt + 1;
                        } else {
                            while (i < r.length() && (Character.isLetter(r.charAt(i)) || r.charAt(i) == '-')) {
                                i++;
                            }
                            if (i < r.length() && r.charAt(i) == ')') {
                                i++; // a flag group: zero width
                                continue;
                            }
                            if (i >= r.length() || r.charAt(i) != ':') {
                                throw new Unknown();
                            }
                            i++;
                        }
                    }
                    Facts g = alternation();
                    groupAll = g.all();
                    if (i >= r.length() || r.charAt(i) != ')') {
                        throw new Unknown();
                    }
                    i++;
                    atomMin = g.minLength();
                    inner = g.literal();
                }
                case '.' -> {
                    i++;
                    atomMin = 1;
                }
                case '^', '$' -> {
                    i++;
                    atomMin = 0;
                }
                case '*', '+', '?', '{', ']', '}' -> throw new Unknown();
                default -> {
                    i++;
                    atomMin = 1;
                    if (c < 128 && !(ci && (c == 's' || c == 'S'))) {
                        literal = c;
                    }
                }
            }
            // Quantifier of the atom just read.
            int qMin = 1;
            boolean repeated = false;
            if (i < r.length()) {
                char q = r.charAt(i);
                if (q == '*' || q == '+' || q == '?') {
                    qMin = q == '+' ? 1 : 0;
                    repeated = true;
                    i++;
                } else if (q == '{') {
                    int close = r.indexOf('}', i);
                    String body = close < 0 ? "" : r.substring(i + 1, close);
                    if (!body.matches("\\d{1,4}(,\\d{0,4})?")) {
                        throw new Unknown();
                    }
                    int comma = body.indexOf(',');
                    qMin = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
                    repeated = !body.equals("1");
                    i = close + 1;
                }
                if (repeated && i < r.length() && r.charAt(i) == '?') {
                    i++; // lazy
                }
            }
            min += (long) atomMin * qMin;
            if (literal >= 0 && qMin >= 1) {
                run.append((char) literal);
                if (repeated) { // the char is there once at least; what follows need not be adjacent
                    best = endRun(best, run, all);
                }
            } else {
                best = endRun(best, run, all);
                if (inner != null && qMin >= 1) {
                    best = longer(best, inner);
                    all.addAll(groupAll);
                }
            }
        }
        best = endRun(best, run, all);
        return new Facts((int) Math.min(min, Integer.MAX_VALUE), best, all);
    }

    private static String endRun(String best, StringBuilder run, java.util.List<String> all) {
        if (run.length() > 0) {
            all.add(run.toString());
        }
        String b = longer(best, run);
        run.setLength(0);
        return b;
    }

    private static String longer(String best, CharSequence run) {
        return run.length() > 0 && (best == null || run.length() > best.length()) ? run.toString() : best;
    }

    /** Index of the ']' closing the class at {@code i} (POSIX classes are not read). */
    private int classEnd() throws Unknown {
        int j = i + 1;
        if (j < r.length() && r.charAt(j) == '^') {
            j++;
        }
        if (j < r.length() && r.charAt(j) == ']') {
            j++; // a leading ']' is literal
        }
        for (; j < r.length(); j++) {
            char c = r.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '[') {
                throw new Unknown(); // [[:alpha:]] and friends
            } else if (c == ']') {
                return j;
            }
        }
        throw new Unknown();
    }
}
