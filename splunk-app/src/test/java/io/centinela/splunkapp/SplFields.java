package io.centinela.splunkapp;

import io.centinela.splunkapp.SplLexer.Kind;
import io.centinela.splunkapp.SplLexer.Token;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks that every field an (expanded) SPL pipeline reads exists where it is read: in the alert or heartbeat
 * schema for the sourcetype the search selects, in a lookup's fields, or made by an earlier command (eval, stats
 * ... as, rename, lookup OUTPUT). Commands reset the field set the way Splunk does (stats keeps only its outputs,
 * table keeps only its columns). Only the commands this app uses are understood; any other is a problem, so a new
 * command in a dashboard forces this checker to learn it. After chart/timechart with a split-by the columns are
 * data values, so later commands are not checked.
 */
public final class SplFields {

    /** Fields every Splunk event has, and names eval/where treat as keywords. Documented allow-list. */
    public static final Set<String> BUILT_INS = Set.of("_time", "_raw", "_indextime", "_cd", "_serial",
            "host", "source", "sourcetype", "index", "splunk_server", "eventtype", "tag", "linecount", "punct");
    /** Fields `| rest /services/apps/local` returns that this app reads. */
    public static final Set<String> REST_APP_FIELDS = Set.of("title", "disabled", "label", "version", "splunk_server");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "like", "as", "by", "true", "false", "null");

    private final Map<String, Set<String>> sourcetypeFields;
    private final Map<String, Set<String>> lookupFields;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> referenced = new LinkedHashSet<>();
    private Set<String> available = new HashSet<>();
    private boolean dynamic;
    private String where = "";

    /**
     * @param sourcetypeFields sourcetype -> fields its events have at search time (schema plus props aliases/evals)
     * @param lookupFields     lookup definition name (transforms.conf) -> its fields_list
     */
    public SplFields(Map<String, Set<String>> sourcetypeFields, Map<String, Set<String>> lookupFields) {
        this.sourcetypeFields = sourcetypeFields;
        this.lookupFields = lookupFields;
    }

    public List<String> problems() {
        return problems;
    }

    public Set<String> referenced() {
        return referenced;
    }

    /** The fields the last checked search ends with (its result columns); null when they depend on the data. */
    public Set<String> outputs() {
        return dynamic ? null : Set.copyOf(available);
    }

    /** Checks one expanded search; problems accumulate, prefixed with {@code label}. */
    public void check(String label, String spl) {
        where = label;
        available = new HashSet<>(BUILT_INS);
        dynamic = false;
        List<Token> tokens;
        try {
            tokens = SplLexer.lex(spl);
        } catch (IllegalArgumentException e) {
            problems.add(label + ": " + e.getMessage());
            return;
        }
        List<List<Token>> segments = new ArrayList<>();
        List<Token> cur = new ArrayList<>();
        int depth = 0;
        for (Token t : tokens) {
            if (t.kind() == Kind.LBRACKET) {
                problems.add(label + ": subsearches are not supported by this checker");
                return;
            }
            depth += t.kind() == Kind.LPAREN ? 1 : t.kind() == Kind.RPAREN ? -1 : 0;
            if (t.kind() == Kind.PIPE && depth == 0) {
                segments.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(t);
            }
        }
        segments.add(cur);
        boolean generating = !tokens.isEmpty() && tokens.get(0).kind() == Kind.PIPE;
        for (int i = 0; i < segments.size(); i++) {
            List<Token> seg = segments.get(i);
            if (i == 0) {
                if (generating) {
                    continue;
                }
                initialSearch(seg);
                continue;
            }
            if (seg.isEmpty() || seg.get(0).kind() != Kind.WORD) {
                problems.add(label + ": empty or malformed command after |");
                continue;
            }
            command(seg.get(0).text().toLowerCase(Locale.ROOT), seg.subList(1, seg.size()));
        }
    }

    private void initialSearch(List<Token> seg) {
        String st = null;
        for (int i = 0; i + 2 < seg.size(); i++) {
            if (seg.get(i).isWord("sourcetype") && seg.get(i + 1).is(Kind.OP, "=")) {
                st = seg.get(i + 2).text();
            }
        }
        Set<String> fields = st == null ? null : sourcetypeFields.get(st);
        if (fields == null) {
            problems.add(where + ": the search does not select a known Centinela sourcetype (got " + st + ")");
            dynamic = true;
            return;
        }
        available.addAll(fields);
        searchRefs(seg);
    }

    private void command(String cmd, List<Token> args) {
        switch (cmd) {
            case "search" -> searchRefs(args);
            case "where" -> exprRefs(args);
            case "eval" -> eval(args);
            case "stats", "chart", "timechart", "eventstats", "streamstats" -> stats(cmd, args);
            case "table" -> table(args);
            case "fields" -> fields(args);
            case "rename" -> rename(args);
            case "sort" -> sort(args);
            case "dedup", "mvexpand", "fillnull" -> plainRefs(args);
            case "head", "reverse" -> { }
            case "top", "rare" -> top(args);
            case "lookup" -> lookup(args);
            case "inputlookup" -> inputlookup(args);
            case "outputlookup" -> outputlookup(args);
            case "makeresults" -> available.add("_time");
            case "rest" -> available.addAll(REST_APP_FIELDS);
            case "spath" -> spath(args);
            default -> problems.add(where + ": the checker does not know SPL command '" + cmd + "' (teach SplFields)");
        }
    }

    private void ref(String field) {
        if (field.contains("*") || field.contains("$")) {
            return;
        }
        referenced.add(field);
        if (!dynamic && !available.contains(field)) {
            problems.add(where + ": field '" + field + "' is not in the schema and not made earlier in the search");
        }
    }

    /** search terms: field=value, field!=value, field IN (...); free text and keywords are not fields. */
    private void searchRefs(List<Token> seg) {
        for (int i = 0; i < seg.size(); i++) {
            Token t = seg.get(i);
            if ((t.kind() == Kind.WORD || t.kind() == Kind.FIELD || t.kind() == Kind.STRING) && i + 1 < seg.size()) {
                Token next = seg.get(i + 1);
                if (next.kind() == Kind.OP && !next.text().equals(".")) {
                    ref(t.text());
                    i += 2;
                } else if (next.isWord("IN") && t.kind() != Kind.STRING) {
                    ref(t.text());
                }
            }
        }
    }

    /** Eval/where expression: bare words and 'quoted' names are fields, except functions, keywords, numbers. */
    private void exprRefs(List<Token> expr) {
        for (int i = 0; i < expr.size(); i++) {
            Token t = expr.get(i);
            if (t.kind() == Kind.FIELD) {
                ref(t.text());
            } else if (t.kind() == Kind.WORD) {
                boolean function = i + 1 < expr.size() && expr.get(i + 1).kind() == Kind.LPAREN;
                if (!function && !KEYWORDS.contains(t.text().toLowerCase(Locale.ROOT)) && !isNumber(t.text())) {
                    ref(t.text());
                }
            }
        }
    }

    private void eval(List<Token> args) {
        for (List<Token> assignment : splitTopLevel(args)) {
            if (assignment.size() < 3 || !assignment.get(1).is(Kind.OP, "=")) {
                problems.add(where + ": eval needs name=expression, got " + text(assignment));
                continue;
            }
            exprRefs(assignment.subList(2, assignment.size()));
            available.add(assignment.get(0).text());
        }
    }

    private void stats(String cmd, List<Token> args) {
        Set<String> outputs = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        boolean split = false;
        int i = 0;
        while (i < args.size()) {
            Token t = args.get(i);
            if (t.isWord("by") || t.isWord("over")) {
                boolean by = t.isWord("by");
                i++;
                while (i < args.size() && !args.get(i).isWord("by") && !isOption(args, i)) {
                    Token g = args.get(i++);
                    if (g.kind() == Kind.WORD || g.kind() == Kind.FIELD) {
                        ref(g.text());
                        groups.add(g.text());
                        split |= by && !cmd.equals("stats") && !cmd.endsWith("stats");
                    }
                }
            } else if (isOption(args, i)) {
                i += 3;
            } else if (t.kind() == Kind.WORD) {
                String func = t.text();
                String name = func;
                i++;
                if (i < args.size() && args.get(i).kind() == Kind.LPAREN) {
                    int close = closing(args, i);
                    List<Token> inner = args.subList(i + 1, close);
                    for (Token a : inner) {
                        if (a.kind() == Kind.WORD || a.kind() == Kind.FIELD) {
                            ref(a.text());
                        }
                    }
                    name = func + "(" + text(inner) + ")";
                    i = close + 1;
                }
                if (i + 1 < args.size() && args.get(i).isWord("as")) {
                    name = args.get(i + 1).text();
                    i += 2;
                }
                outputs.add(name);
            } else {
                i++;
            }
        }
        if (cmd.equals("eventstats") || cmd.equals("streamstats")) {
            available.addAll(outputs);
            return;
        }
        available = new HashSet<>(outputs);
        available.addAll(groups);
        if (cmd.equals("timechart")) {
            available.add("_time");
        }
        dynamic |= split;
    }

    private void table(List<Token> args) {
        Set<String> keep = new HashSet<>();
        for (Token t : args) {
            if (t.kind() == Kind.WORD || t.kind() == Kind.FIELD || t.kind() == Kind.STRING) {
                ref(t.text());
                keep.add(t.text());
            }
        }
        available = keep;
    }

    private void fields(List<Token> args) {
        boolean remove = !args.isEmpty() && args.get(0).is(Kind.OP, "-");
        Set<String> listed = new HashSet<>();
        for (Token t : args) {
            if (t.kind() == Kind.WORD || t.kind() == Kind.FIELD) {
                ref(t.text());
                listed.add(t.text());
            }
        }
        if (remove) {
            available.removeAll(listed);
        } else {
            Set<String> keep = new HashSet<>(listed);
            available.stream().filter(f -> f.startsWith("_") && !f.equals("_key")).forEach(keep::add);
            available = keep;
        }
    }

    private void rename(List<Token> args) {
        for (List<Token> pair : splitTopLevel(args)) {
            if (pair.size() != 3 || !pair.get(1).isWord("as")) {
                problems.add(where + ": rename needs X AS Y, got " + text(pair));
                continue;
            }
            ref(pair.get(0).text());
            available.remove(pair.get(0).text());
            available.add(pair.get(2).text());
        }
    }

    private void sort(List<Token> args) {
        for (Token t : args) {
            if ((t.kind() == Kind.WORD || t.kind() == Kind.FIELD) && !isNumber(t.text())) {
                String f = t.text().replaceFirst("^[+-]", "");
                ref(f);
            }
        }
    }

    private void plainRefs(List<Token> args) {
        for (int i = 0; i < args.size(); i++) {
            if (isOption(args, i)) {
                i += 2;
            } else if (args.get(i).kind() == Kind.WORD || args.get(i).kind() == Kind.FIELD) {
                ref(args.get(i).text());
            }
        }
    }

    private void top(List<Token> args) {
        plainRefs(args);
        available.add("count");
        available.add("percent");
    }

    /**
     * {@code spath [input=F] [output=O] [path=]P}: reads F (default _raw), makes O (default P). Without a path it
     * extracts whatever the JSON holds, so the field set depends on the data.
     */
    private void spath(List<Token> args) {
        String input = "_raw";
        String output = null;
        String path = null;
        for (int i = 0; i < args.size(); ) {
            if (isOption(args, i)) {
                String name = args.get(i).text().toLowerCase(Locale.ROOT);
                String value = args.get(i + 2).text();
                switch (name) {
                    case "input" -> input = value;
                    case "output" -> output = value;
                    case "path" -> path = value;
                    default -> problems.add(where + ": spath option '" + name + "' is not understood");
                }
                i += 3;
            } else {
                path = args.get(i++).text();
            }
        }
        ref(input);
        if (path == null) {
            dynamic = true;
            return;
        }
        available.add(output != null ? output : path);
    }

    private void lookup(List<Token> args) {
        if (args.isEmpty()) {
            problems.add(where + ": lookup without a name");
            return;
        }
        String name = args.get(0).text();
        Set<String> fields = lookupFields.get(name);
        if (fields == null) {
            problems.add(where + ": lookup '" + name + "' is not defined in transforms.conf");
            return;
        }
        boolean output = false;
        for (Token t : args.subList(1, args.size())) {
            if (t.isWord("OUTPUT") || t.isWord("OUTPUTNEW")) {
                output = true;
            } else if (t.kind() == Kind.WORD) {
                if (!fields.contains(t.text())) {
                    problems.add(where + ": lookup '" + name + "' has no field '" + t.text() + "'");
                }
                if (output) {
                    available.add(t.text());
                } else {
                    ref(t.text());
                }
            }
        }
    }

    private void inputlookup(List<Token> args) {
        int i = 0;
        while (isOption(args, i)) {
            i += 3;
        }
        if (i >= args.size()) {
            problems.add(where + ": inputlookup without a name");
            return;
        }
        String name = args.get(i).text();
        Set<String> fields = lookupFields.get(name);
        if (fields == null) {
            problems.add(where + ": lookup '" + name + "' is not defined in transforms.conf");
            dynamic = true;
            return;
        }
        available = new HashSet<>(fields);
        if (i + 1 < args.size() && args.get(i + 1).isWord("where")) {
            exprRefs(args.subList(i + 2, args.size()));
        }
    }

    private void outputlookup(List<Token> args) {
        int i = 0;
        String keyField = null;
        while (isOption(args, i)) {
            if (args.get(i).isWord("key_field")) {
                keyField = args.get(i + 2).text();
            }
            i += 3;
        }
        if (i >= args.size()) {
            problems.add(where + ": outputlookup without a name");
            return;
        }
        String name = args.get(i).text();
        Set<String> fields = lookupFields.get(name);
        if (fields == null) {
            problems.add(where + ": lookup '" + name + "' is not defined in transforms.conf");
            return;
        }
        if (keyField != null) {
            ref(keyField);
        }
        if (!dynamic) {
            for (String f : available) {
                if (!BUILT_INS.contains(f) && !fields.contains(f)) {
                    problems.add(where + ": outputlookup " + name + " would write field '" + f + "' it does not define");
                }
            }
        }
    }

    private static boolean isOption(List<Token> args, int i) {
        return i + 2 < args.size() && args.get(i).kind() == Kind.WORD && args.get(i + 1).is(Kind.OP, "=");
    }

    private static int closing(List<Token> args, int open) {
        int depth = 0;
        for (int i = open; i < args.size(); i++) {
            depth += args.get(i).kind() == Kind.LPAREN ? 1 : args.get(i).kind() == Kind.RPAREN ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed ( in " + text(args));
    }

    private static List<List<Token>> splitTopLevel(List<Token> args) {
        List<List<Token>> out = new ArrayList<>();
        List<Token> cur = new ArrayList<>();
        int depth = 0;
        for (Token t : args) {
            depth += t.kind() == Kind.LPAREN ? 1 : t.kind() == Kind.RPAREN ? -1 : 0;
            if (t.kind() == Kind.COMMA && depth == 0) {
                out.add(cur);
                cur = new ArrayList<>();
            } else {
                cur.add(t);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private static boolean isNumber(String s) {
        return s.matches("[+-]?\\d+(\\.\\d+)?");
    }

    private static String text(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            sb.append(t.text());
        }
        return sb.toString();
    }
}
