package io.centinela.splunkapp;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokens of the SPL this app uses: words (field names, values, command names; may hold . {} * : / - @),
 * "strings", 'field refs', `macros`, operators, brackets, pipes and commas. Triple-backtick comments are dropped.
 * Unterminated strings, macros or comments are errors (that is also the quote-balance check).
 */
public final class SplLexer {

    public enum Kind { WORD, STRING, FIELD, MACRO, OP, LPAREN, RPAREN, LBRACKET, RBRACKET, PIPE, COMMA }

    public record Token(Kind kind, String text) {
        public boolean is(Kind k, String t) {
            return kind == k && text.equalsIgnoreCase(t);
        }

        public boolean isWord(String t) {
            return is(Kind.WORD, t);
        }
    }

    private SplLexer() {
    }

    public static List<Token> lex(String spl) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = spl.length();
        while (i < n) {
            char c = spl.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (spl.startsWith("```", i)) {
                int end = spl.indexOf("```", i + 3);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ``` comment at " + i + ": " + spl);
                }
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (j < n && spl.charAt(j) != c) {
                    if (spl.charAt(j) == '\\' && j + 1 < n) {
                        j++;
                    }
                    sb.append(spl.charAt(j));
                    j++;
                }
                if (j >= n) {
                    throw new IllegalArgumentException("unbalanced " + c + " quote at " + i + ": " + spl);
                }
                out.add(new Token(c == '"' ? Kind.STRING : Kind.FIELD, sb.toString()));
                i = j + 1;
            } else if (c == '`') {
                int end = spl.indexOf('`', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unbalanced ` (macro) at " + i + ": " + spl);
                }
                out.add(new Token(Kind.MACRO, spl.substring(i + 1, end)));
                i = end + 1;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "("));
                i++;
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")"));
                i++;
            } else if (c == '[') {
                out.add(new Token(Kind.LBRACKET, "["));
                i++;
            } else if (c == ']') {
                out.add(new Token(Kind.RBRACKET, "]"));
                i++;
            } else if (c == '|') {
                out.add(new Token(Kind.PIPE, "|"));
                i++;
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ","));
                i++;
            } else if ("=!<>".indexOf(c) >= 0) {
                int j = i + 1;
                if (j < n && spl.charAt(j) == '=') {
                    j++;
                }
                out.add(new Token(Kind.OP, spl.substring(i, j)));
                i = j;
            } else if ("+/%".indexOf(c) >= 0 || ((c == '-' || c == '*' || c == '.') && (i + 1 >= n || Character.isWhitespace(spl.charAt(i + 1))))) {
                out.add(new Token(Kind.OP, String.valueOf(c)));
                i++;
            } else {
                int j = i;
                while (j < n && !Character.isWhitespace(spl.charAt(j)) && "\"'`()[]|,=!<>".indexOf(spl.charAt(j)) < 0) {
                    j++;
                }
                String word = spl.substring(i, j);
                // Eval's "." concatenation glued to a string or field: "a".x."b" -> OP . WORD x OP .
                int start = 0;
                int end = word.length();
                while (start < end && word.charAt(start) == '.') {
                    out.add(new Token(Kind.OP, "."));
                    start++;
                }
                int trailing = 0;
                while (end > start && word.charAt(end - 1) == '.') {
                    end--;
                    trailing++;
                }
                if (end > start) {
                    out.add(new Token(Kind.WORD, word.substring(start, end)));
                }
                for (int t = 0; t < trailing; t++) {
                    out.add(new Token(Kind.OP, "."));
                }
                i = j;
            }
        }
        return out;
    }

    /** Brackets must nest: ( with ), [ with ]; quotes are checked by {@link #lex}. Returns the problem or null. */
    public static String bracketProblem(List<Token> tokens) {
        java.util.ArrayDeque<Kind> open = new java.util.ArrayDeque<>();
        for (Token t : tokens) {
            switch (t.kind()) {
                case LPAREN, LBRACKET -> open.push(t.kind());
                case RPAREN, RBRACKET -> {
                    Kind want = t.kind() == Kind.RPAREN ? Kind.LPAREN : Kind.LBRACKET;
                    if (open.isEmpty() || open.pop() != want) {
                        return "unbalanced " + t.text();
                    }
                }
                default -> { }
            }
        }
        return open.isEmpty() ? null : "unclosed " + (open.peek() == Kind.LPAREN ? "(" : "[");
    }
}
