package io.centinela.sigma.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for Sigma conditions. Precedence, loosest to tightest: {@code or}, {@code and},
 * {@code not}, {@code x of}, parentheses. {@code them} means every search whose name does not start with '_';
 * a pattern with '*' means every search whose name matches it. Stateless apart from one parse.
 */
public final class ConditionParser {

    private final List<String> searchNames;
    private final List<String> tokens;
    private int pos;

    private ConditionParser(String text, List<String> searchNames) {
        this.searchNames = searchNames;
        this.tokens = tokenize(text);
    }

    /** Parses {@code text} against the rule's search names; unknown names and empty patterns are errors. */
    public static Condition parse(String text, List<String> searchNames) throws ConditionException {
        if (text.contains("|")) {
            throw new ConditionException("'|' aggregations (count() by ...) are obsolete; use a correlation rule");
        }
        ConditionParser p = new ConditionParser(text, searchNames);
        if (p.tokens.isEmpty()) {
            throw new ConditionException("empty condition");
        }
        Condition c = p.parseOr();
        if (p.pos < p.tokens.size()) {
            throw new ConditionException("unexpected '" + p.tokens.get(p.pos) + "' in condition '" + text + "'");
        }
        return c;
    }

    private static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '(' || c == ')') {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                if (c == '(' || c == ')') {
                    out.add(String.valueOf(c));
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private boolean peekKeyword(String kw) {
        String t = peek();
        return t != null && t.toLowerCase(Locale.ROOT).equals(kw);
    }

    private Condition parseOr() throws ConditionException {
        List<Condition> parts = new ArrayList<>();
        parts.add(parseAnd());
        while (peekKeyword("or")) {
            pos++;
            parts.add(parseAnd());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.Or(parts);
    }

    private Condition parseAnd() throws ConditionException {
        List<Condition> parts = new ArrayList<>();
        parts.add(parseNot());
        while (peekKeyword("and")) {
            pos++;
            parts.add(parseNot());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.And(parts);
    }

    private Condition parseNot() throws ConditionException {
        if (peekKeyword("not")) {
            pos++;
            return new Condition.Not(parseNot());
        }
        return parseQuantified();
    }

    private Condition parseQuantified() throws ConditionException {
        String t = peek();
        if (t != null && pos + 1 < tokens.size() && tokens.get(pos + 1).equalsIgnoreCase("of")) {
            String q = t.toLowerCase(Locale.ROOT);
            int min;
            if (q.equals("all")) {
                min = -1;
            } else if (q.equals("any")) {
                min = 1;
            } else if (q.matches("\\d+")) {
                min = Integer.parseInt(q);
                if (min < 1) {
                    throw new ConditionException("'" + t + " of' needs a count of at least 1");
                }
            } else {
                throw new ConditionException("'" + t + " of' is not a quantifier; use '1 of' or 'all of'");
            }
            pos += 2;
            String target = peek();
            if (target == null || target.equals("(") || target.equals(")")) {
                throw new ConditionException("'" + t + " of' needs a search name, a pattern or 'them'");
            }
            pos++;
            List<Condition> refs = resolve(target);
            if (refs.size() == 1) {
                return refs.get(0);
            }
            if (min == -1) {
                return new Condition.And(refs);
            }
            if (min == 1) {
                return new Condition.Or(refs);
            }
            return new Condition.AtLeast(min, refs);
        }
        return parsePrimary();
    }

    private List<Condition> resolve(String target) throws ConditionException {
        List<Condition> refs = new ArrayList<>();
        if (target.equalsIgnoreCase("them")) {
            for (String n : searchNames) {
                if (!n.startsWith("_")) {
                    refs.add(new Condition.Ref(n));
                }
            }
        } else if (target.contains("*")) {
            Pattern p = Pattern.compile(globToRegex(target));
            for (String n : searchNames) {
                if (p.matcher(n).matches()) {
                    refs.add(new Condition.Ref(n));
                }
            }
        } else {
            refs.add(ref(target));
        }
        if (refs.isEmpty()) {
            throw new ConditionException("'" + target + "' matches no search identifier");
        }
        return refs;
    }

    private static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            sb.append(ch == '*' ? ".*" : Pattern.quote(String.valueOf(ch)));
        }
        return sb.toString();
    }

    private Condition parsePrimary() throws ConditionException {
        String t = peek();
        if (t == null) {
            throw new ConditionException("condition ends too early");
        }
        if (t.equals("(")) {
            pos++;
            Condition inner = parseOr();
            if (!")".equals(peek())) {
                throw new ConditionException("missing ')'");
            }
            pos++;
            return inner;
        }
        String low = t.toLowerCase(Locale.ROOT);
        if (t.equals(")") || low.equals("and") || low.equals("or") || low.equals("of")) {
            throw new ConditionException("unexpected '" + t + "'");
        }
        pos++;
        if (t.contains("*")) {
            throw new ConditionException("pattern '" + t + "' needs '1 of' or 'all of'");
        }
        return ref(t);
    }

    private Condition ref(String name) throws ConditionException {
        if (!searchNames.contains(name)) {
            throw new ConditionException("condition names '" + name + "', which is not defined in detection");
        }
        return new Condition.Ref(name);
    }

    /** A condition that cannot be parsed. */
    public static final class ConditionException extends Exception {
        public ConditionException(String message) {
            super(message);
        }
    }
}
