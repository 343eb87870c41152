package io.centinela.splunkapp;

import io.centinela.splunkapp.SplLexer.Kind;
import io.centinela.splunkapp.SplLexer.Token;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates the search-language subset eventtypes use against one event: field=value and field!=value (values
 * case-insensitive, * wildcard, multivalue fields match when any value does), AND (implicit), OR, NOT, parentheses.
 */
public final class SearchMatcher {

    private final List<Token> tokens;
    private final Map<String, List<String>> event;
    private int pos;

    private SearchMatcher(String search, Map<String, List<String>> event) {
        this.tokens = SplLexer.lex(search);
        this.event = event;
    }

    public static boolean matches(String search, Map<String, List<String>> event) {
        SearchMatcher m = new SearchMatcher(search, event);
        boolean r = m.or();
        if (m.pos != m.tokens.size()) {
            throw new IllegalArgumentException("unexpected " + m.tokens.get(m.pos).text() + " in: " + search);
        }
        return r;
    }

    private boolean or() {
        boolean r = and();
        while (pos < tokens.size() && tokens.get(pos).isWord("OR")) {
            pos++;
            r |= and();
        }
        return r;
    }

    private boolean and() {
        boolean r = unary();
        while (pos < tokens.size() && tokens.get(pos).kind() != Kind.RPAREN && !tokens.get(pos).isWord("OR")) {
            if (tokens.get(pos).isWord("AND")) {
                pos++;
            }
            r &= unary();
        }
        return r;
    }

    private boolean unary() {
        Token t = tokens.get(pos++);
        if (t.isWord("NOT")) {
            return !unary();
        }
        if (t.kind() == Kind.LPAREN) {
            boolean r = or();
            if (pos >= tokens.size() || tokens.get(pos++).kind() != Kind.RPAREN) {
                throw new IllegalArgumentException("missing )");
            }
            return r;
        }
        if (pos + 1 < tokens.size() && tokens.get(pos).kind() == Kind.OP) {
            String op = tokens.get(pos++).text();
            String value = tokens.get(pos++).text();
            List<String> values = event.get(t.text());
            boolean any = values != null && values.stream().anyMatch(v -> glob(value, v));
            return switch (op) {
                case "=" -> any;
                case "!=" -> values != null && !any;
                default -> throw new IllegalArgumentException("operator " + op + " is outside the eventtype subset");
            };
        }
        throw new IllegalArgumentException("free-text term '" + t.text() + "' is outside the eventtype subset");
    }

    private static boolean glob(String pattern, String value) {
        String regex = ("\\Q" + pattern.toLowerCase(Locale.ROOT) + "\\E").replace("*", "\\E.*\\Q");
        return value.toLowerCase(Locale.ROOT).matches(regex);
    }
}
