package io.centinela.splunkapp;

import io.centinela.splunkapp.SplLexer.Kind;
import io.centinela.splunkapp.SplLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The part of Splunk's eval that props.conf's EVAL- lines use, evaluated exactly: string and number literals, field
 * names (bare or 'quoted'), coalesce, if, case, lower, mvindex, mvdedup, isnotnull, isnull, null(), true(), and == / != on
 * single values. A value is a multivalue list of strings; null is "no field". Anything else is an error, so props
 * cannot drift beyond what this test can evaluate.
 */
public final class EvalSubset {

    private final List<Token> tokens;
    private final Map<String, List<String>> fields;
    private int pos;

    private EvalSubset(String expr, Map<String, List<String>> fields) {
        this.tokens = SplLexer.lex(expr);
        this.fields = fields;
    }

    /** Evaluates {@code expr} against {@code fields}; returns null for "no value", Boolean for conditions. */
    public static Object eval(String expr, Map<String, List<String>> fields) {
        EvalSubset e = new EvalSubset(expr, fields);
        Object v = e.comparison();
        if (e.pos != e.tokens.size()) {
            throw new IllegalArgumentException("unexpected " + e.tokens.get(e.pos).text() + " in: " + expr);
        }
        return v;
    }

    private Object comparison() {
        Object left = primary();
        if (pos < tokens.size() && tokens.get(pos).kind() == Kind.OP && (tokens.get(pos).text().equals("==") || tokens.get(pos).text().equals("!="))) {
            boolean equal = tokens.get(pos++).text().equals("==");
            Object right = primary();
            boolean same = left != null && right != null && first(left).equals(first(right));
            return equal == same;
        }
        return left;
    }

    private Object primary() {
        if (pos >= tokens.size()) {
            throw new IllegalArgumentException("expression ends early");
        }
        Token t = tokens.get(pos++);
        switch (t.kind()) {
            case STRING:
                return List.of(t.text());
            case FIELD:
                return fields.get(t.text());
            case WORD:
                if (pos < tokens.size() && tokens.get(pos).kind() == Kind.LPAREN) {
                    return call(t.text().toLowerCase(Locale.ROOT), args());
                }
                if (t.text().matches("-?\\d+(\\.\\d+)?")) {
                    return List.of(t.text());
                }
                return fields.get(t.text());
            default:
                throw new IllegalArgumentException("unexpected token " + t.text());
        }
    }

    private List<Object> args() {
        pos++; // (
        List<Object> args = new ArrayList<>();
        if (tokens.get(pos).kind() == Kind.RPAREN) {
            pos++;
            return args;
        }
        while (true) {
            args.add(comparison());
            Token t = tokens.get(pos++);
            if (t.kind() == Kind.RPAREN) {
                return args;
            }
            if (t.kind() != Kind.COMMA) {
                throw new IllegalArgumentException("expected , or ) but got " + t.text());
            }
        }
    }

    private static Object call(String fn, List<Object> a) {
        switch (fn) {
            case "coalesce":
                return a.stream().filter(v -> v != null).findFirst().orElse(null);
            case "if":
                need(fn, a, 3);
                return truthy(a.get(0)) ? a.get(1) : a.get(2);
            case "case":
                for (int i = 0; i + 1 < a.size(); i += 2) {
                    if (truthy(a.get(i))) {
                        return a.get(i + 1);
                    }
                }
                return null;
            case "lower":
                need(fn, a, 1);
                return a.get(0) == null ? null : values(a.get(0)).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
            case "mvindex": {
                need(fn, a, 2);
                if (a.get(0) == null) {
                    return null;
                }
                List<String> mv = values(a.get(0));
                int i = Integer.parseInt(first(a.get(1)));
                int index = i < 0 ? mv.size() + i : i;
                return index >= 0 && index < mv.size() ? List.of(mv.get(index)) : null;
            }
            case "mvdedup":
                need(fn, a, 1);
                return a.get(0) == null ? null : new java.util.ArrayList<>(new java.util.LinkedHashSet<>(values(a.get(0))));
            case "isnotnull":
                need(fn, a, 1);
                return a.get(0) != null;
            case "isnull":
                need(fn, a, 1);
                return a.get(0) == null;
            case "null":
                return null;
            case "true":
                return Boolean.TRUE;
            default:
                throw new IllegalArgumentException("eval function " + fn + "() is outside the subset this test evaluates");
        }
    }

    private static void need(String fn, List<Object> a, int n) {
        if (a.size() != n) {
            throw new IllegalArgumentException(fn + "() takes " + n + " arguments, got " + a.size());
        }
    }

    private static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("condition is not boolean: " + v);
    }

    @SuppressWarnings("unchecked")
    private static List<String> values(Object v) {
        if (v instanceof List<?> l) {
            return (List<String>) l;
        }
        throw new IllegalArgumentException("not a field value: " + v);
    }

    private static String first(Object v) {
        if (v instanceof Boolean b) {
            return b.toString();
        }
        return values(v).get(0);
    }
}
