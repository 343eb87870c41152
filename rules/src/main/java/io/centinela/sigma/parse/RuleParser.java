package io.centinela.sigma.parse;

import io.centinela.sigma.parse.YamlNode.YList;
import io.centinela.sigma.parse.YamlNode.YMap;
import io.centinela.sigma.parse.YamlNode.YScalar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns YAML documents into {@link SigmaDocument}s, checking the structure the specification requires. Stateless.
 */
public final class RuleParser {

    private static final Pattern TIMESPAN = Pattern.compile("(\\d+)([smhdwMy])");
    private static final List<String> CONDITION_OPS = List.of("gt", "gte", "lt", "lte", "eq", "neq");

    private final SafeYaml yaml;

    public RuleParser() {
        this(new SafeYaml());
    }

    public RuleParser(SafeYaml yaml) {
        this.yaml = yaml;
    }

    /**
     * Parses every document of a file. A broken document gives an exception for the whole file only when the YAML
     * itself is broken; otherwise each document's result is returned separately.
     */
    public List<Parsed> parseFile(String text, String file) throws SigmaSyntaxException {
        List<YamlNode> docs = yaml.loadAll(text);
        if (docs.isEmpty()) {
            throw new SigmaSyntaxException(1, "no YAML document in file");
        }
        List<Parsed> out = new ArrayList<>();
        for (YamlNode doc : docs) {
            try {
                out.add(new Parsed(parseDocument(doc, file), null));
            } catch (SigmaSyntaxException e) {
                out.add(new Parsed(null, e));
            }
        }
        return out;
    }

    /** A document or the reason it was refused. */
    public record Parsed(SigmaDocument document, SigmaSyntaxException error) {
    }

    public SigmaDocument parseDocument(YamlNode node, String file) throws SigmaSyntaxException {
        if (!(node instanceof YMap doc)) {
            throw new SigmaSyntaxException(node.line(), "a Sigma document must be a YAML mapping");
        }
        if (doc.get("action") != null) {
            throw new SigmaSyntaxException(doc.lineOf("action"),
                    "legacy 'action' rule collections (Sigma 1.0 global/reset/repeat) are not supported");
        }
        if (doc.get("correlation") != null) {
            return parseCorrelation(doc, file);
        }
        if (doc.get("filter") != null) {
            return parseFilter(doc, file);
        }
        return parseRule(doc, file);
    }

    private SigmaRule parseRule(YMap doc, String file) throws SigmaSyntaxException {
        String title = requiredString(doc, "title");
        YamlNode det = doc.get("detection");
        if (det == null) {
            throw new SigmaSyntaxException(doc.line(), "missing 'detection'");
        }
        if (!(det instanceof YMap detMap)) {
            throw new SigmaSyntaxException(det.line(), "'detection' must be a mapping");
        }
        Detection detection = parseDetection(detMap, "condition");
        return new SigmaRule(optString(doc, "id"), optString(doc, "name"), title, lower(optString(doc, "status")),
                lower(optString(doc, "level")), optString(doc, "description"), optString(doc, "author"),
                stringList(doc, "tags"), stringList(doc, "references"), stringList(doc, "falsepositives"),
                logSource(doc), detection, file, doc.line());
    }

    private SigmaFilter parseFilter(YMap doc, String file) throws SigmaSyntaxException {
        String title = requiredString(doc, "title");
        if (!(doc.get("filter") instanceof YMap f)) {
            throw new SigmaSyntaxException(doc.lineOf("filter"), "'filter' must be a mapping");
        }
        List<String> refs = stringList(f, "rules");
        if (refs.isEmpty()) {
            throw new SigmaSyntaxException(f.line(), "a filter must name the rules it applies to in 'rules'");
        }
        Detection detection = parseDetection(f, "condition");
        return new SigmaFilter(optString(doc, "id"), title, logSource(doc), refs, detection, file, doc.line());
    }

    private SigmaCorrelation parseCorrelation(YMap doc, String file) throws SigmaSyntaxException {
        String title = requiredString(doc, "title");
        if (!(doc.get("correlation") instanceof YMap c)) {
            throw new SigmaSyntaxException(doc.lineOf("correlation"), "'correlation' must be a mapping");
        }
        String typeText = requiredString(c, "type");
        SigmaCorrelation.Type type;
        try {
            type = SigmaCorrelation.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SigmaSyntaxException(c.lineOf("type"), "unknown correlation type '" + typeText + "'; use one of "
                    + Arrays.stream(SigmaCorrelation.Type.values()).map(SigmaCorrelation.Type::yamlName).toList());
        }
        List<String> rules = stringList(c, "rules");
        if (rules.isEmpty()) {
            throw new SigmaSyntaxException(c.line(), "a correlation must reference at least one rule in 'rules'");
        }
        boolean temporal = type == SigmaCorrelation.Type.TEMPORAL || type == SigmaCorrelation.Type.TEMPORAL_ORDERED;
        if (temporal && rules.size() < 2) {
            throw new SigmaSyntaxException(c.lineOf("rules"), type.yamlName() + " needs at least two rules");
        }
        Duration timespan = timespan(requiredString(c, "timespan"), c.lineOf("timespan"));
        Map<String, String> condition = new LinkedHashMap<>();
        List<String> fields = new ArrayList<>();
        YamlNode cond = c.get("condition");
        if (cond instanceof YMap cm) {
            for (var e : cm.entries().entrySet()) {
                if (e.getKey().equals("field") && e.getValue() instanceof YList fl) {
                    for (YamlNode f : fl.items()) {
                        fields.add(scalarText(f));
                    }
                    if (fields.isEmpty()) {
                        throw new SigmaSyntaxException(cm.lineOf("field"), "condition 'field' is an empty list");
                    }
                    condition.put("field", fields.get(0));
                    continue;
                }
                if (!(e.getValue() instanceof YScalar s)) {
                    throw new SigmaSyntaxException(cm.lineOf(e.getKey()), "condition values must be scalars");
                }
                if (e.getKey().equals("field")) {
                    condition.put("field", s.text());
                    fields.add(s.text());
                } else if (CONDITION_OPS.contains(e.getKey())) {
                    if (s.kind() != YScalar.Kind.INT && s.kind() != YScalar.Kind.FLOAT) {
                        throw new SigmaSyntaxException(s.line(), "condition '" + e.getKey() + "' needs a number");
                    }
                    condition.put(e.getKey(), s.text());
                } else {
                    throw new SigmaSyntaxException(cm.lineOf(e.getKey()), "unknown condition key '" + e.getKey()
                            + "'; use field, " + String.join(", ", CONDITION_OPS));
                }
            }
        } else if (cond != null) {
            throw new SigmaSyntaxException(cond.line(), "correlation 'condition' must be a mapping such as {gte: 10}");
        }
        if (!temporal && condition.keySet().stream().noneMatch(CONDITION_OPS::contains)) {
            throw new SigmaSyntaxException(c.line(), type.yamlName() + " needs a condition with one of " + CONDITION_OPS);
        }
        boolean needsField = type != SigmaCorrelation.Type.EVENT_COUNT && !temporal;
        if (needsField && !condition.containsKey("field")) {
            throw new SigmaSyntaxException(c.lineOf("condition"), type.yamlName() + " needs 'field' in its condition");
        }
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        if (c.get("aliases") instanceof YMap am) {
            for (var e : am.entries().entrySet()) {
                if (!(e.getValue() instanceof YMap perRule)) {
                    throw new SigmaSyntaxException(am.lineOf(e.getKey()), "alias '" + e.getKey() + "' must map rule -> field");
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (var r : perRule.entries().entrySet()) {
                    m.put(r.getKey(), scalarText(r.getValue()));
                }
                aliases.put(e.getKey(), m);
            }
        }
        YamlNode gen = c.get("generate") != null ? c.get("generate") : doc.get("generate");
        boolean generate = gen instanceof YScalar g && "true".equalsIgnoreCase(g.text());
        if (fields.size() > 1 && type != SigmaCorrelation.Type.VALUE_COUNT) {
            throw new SigmaSyntaxException(c.lineOf("condition"), type.yamlName() + " takes one 'field', not a list");
        }
        return new SigmaCorrelation(optString(doc, "id"), optString(doc, "name"), title, lower(optString(doc, "level")),
                type, rules, stringList(c, "group-by"), timespan, condition, generate, aliases, file, doc.line(),
                stringList(doc, "tags"), fields);
    }

    private static Duration timespan(String text, int line) throws SigmaSyntaxException {
        Matcher m = TIMESPAN.matcher(text.trim());
        if (!m.matches()) {
            throw new SigmaSyntaxException(line, "timespan '" + text + "' must be a number and a unit (s, m, h, d, w, M, y), e.g. 5m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            case "M" -> Duration.ofDays(30 * n);
            default -> Duration.ofDays(365 * n);
        };
    }

    /** Parses a detection mapping: every key but {@code conditionKey} (and a filter's {@code rules}) is a search. */
    private Detection parseDetection(YMap det, String conditionKey) throws SigmaSyntaxException {
        YamlNode cond = det.get(conditionKey);
        if (cond == null) {
            throw new SigmaSyntaxException(det.line(), "missing 'condition'");
        }
        List<String> conditions = new ArrayList<>();
        if (cond instanceof YScalar s && s.kind() == YScalar.Kind.STRING) {
            conditions.add(s.text());
        } else if (cond instanceof YList l && !l.items().isEmpty()) {
            for (YamlNode n : l.items()) {
                if (!(n instanceof YScalar s) || s.kind() != YScalar.Kind.STRING) {
                    throw new SigmaSyntaxException(n.line(), "each condition must be a string");
                }
                conditions.add(s.text());
            }
        } else {
            throw new SigmaSyntaxException(cond.line(), "'condition' must be a string or a list of strings");
        }
        Map<String, SearchIdentifier> searches = new LinkedHashMap<>();
        for (var e : det.entries().entrySet()) {
            String name = e.getKey();
            if (name.equals(conditionKey) || name.equals("rules") || name.equals("timeframe")) {
                if (name.equals("timeframe")) {
                    throw new SigmaSyntaxException(det.lineOf(name), "'timeframe' belongs to obsolete aggregations; use a correlation rule");
                }
                continue;
            }
            searches.put(name, parseSearch(name, e.getValue(), det.lineOf(name)));
        }
        if (searches.isEmpty()) {
            throw new SigmaSyntaxException(det.line(), "detection has no search identifiers");
        }
        return new Detection(searches, conditions, cond.line());
    }

    private SearchIdentifier parseSearch(String name, YamlNode node, int line) throws SigmaSyntaxException {
        List<List<FieldItem>> alternatives = new ArrayList<>();
        if (node instanceof YMap map) {
            alternatives.add(parseFieldMap(map));
        } else if (node instanceof YList list) {
            if (list.items().isEmpty()) {
                throw new SigmaSyntaxException(line, "search '" + name + "' is an empty list");
            }
            List<RuleValue> keywords = new ArrayList<>();
            for (YamlNode item : list.items()) {
                if (item instanceof YMap m) {
                    alternatives.add(parseFieldMap(m));
                } else if (item instanceof YScalar s) {
                    keywords.add(new RuleValue(s.text(), s.kind()));
                } else {
                    throw new SigmaSyntaxException(item.line(), "search '" + name + "' mixes nested lists");
                }
            }
            if (!keywords.isEmpty()) {
                alternatives.add(List.of(new FieldItem(null, List.of(), keywords, list.line())));
            }
        } else if (node instanceof YScalar s && !s.isNull()) {
            alternatives.add(List.of(new FieldItem(null, List.of(), List.of(new RuleValue(s.text(), s.kind())), s.line())));
        } else {
            throw new SigmaSyntaxException(line, "search '" + name + "' must be a mapping, a list or a keyword");
        }
        return new SearchIdentifier(name, alternatives, line);
    }

    private List<FieldItem> parseFieldMap(YMap map) throws SigmaSyntaxException {
        if (map.entries().isEmpty()) {
            throw new SigmaSyntaxException(map.line(), "empty detection mapping");
        }
        List<FieldItem> items = new ArrayList<>();
        for (var e : map.entries().entrySet()) {
            int line = map.lineOf(e.getKey());
            String[] parts = e.getKey().split("\\|", -1);
            String field = parts[0].isEmpty() ? null : parts[0];
            List<String> modifiers = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].isEmpty()) {
                    throw new SigmaSyntaxException(line, "empty modifier in '" + e.getKey() + "'");
                }
                modifiers.add(parts[i]);
            }
            List<RuleValue> values = new ArrayList<>();
            YamlNode v = e.getValue();
            if (v instanceof YScalar s) {
                values.add(new RuleValue(s.text(), s.kind()));
            } else if (v instanceof YList l) {
                if (l.items().isEmpty()) {
                    throw new SigmaSyntaxException(line, "field '" + e.getKey() + "' has an empty value list");
                }
                for (YamlNode item : l.items()) {
                    if (!(item instanceof YScalar s)) {
                        throw new SigmaSyntaxException(item.line(), "values of '" + e.getKey() + "' must be scalars");
                    }
                    values.add(new RuleValue(s.text(), s.kind()));
                }
            } else {
                throw new SigmaSyntaxException(line, "field '" + e.getKey() + "' has a mapping as value");
            }
            items.add(new FieldItem(field, modifiers, values, line));
        }
        return items;
    }

    private static LogSource logSource(YMap doc) throws SigmaSyntaxException {
        YamlNode n = doc.get("logsource");
        if (n == null) {
            return LogSource.ANY;
        }
        if (!(n instanceof YMap m)) {
            throw new SigmaSyntaxException(n.line(), "'logsource' must be a mapping");
        }
        return new LogSource(lower(optString(m, "product")), lower(optString(m, "category")), lower(optString(m, "service")));
    }

    private static String requiredString(YMap m, String key) throws SigmaSyntaxException {
        String s = optString(m, key);
        if (s == null || s.isBlank()) {
            throw new SigmaSyntaxException(m.line(), "missing '" + key + "'");
        }
        return s;
    }

    private static String optString(YMap m, String key) throws SigmaSyntaxException {
        YamlNode n = m.get(key);
        if (n == null || (n instanceof YScalar s && s.isNull())) {
            return null;
        }
        if (!(n instanceof YScalar s)) {
            throw new SigmaSyntaxException(m.lineOf(key), "'" + key + "' must be a scalar");
        }
        return s.text();
    }

    private static String scalarText(YamlNode n) throws SigmaSyntaxException {
        if (!(n instanceof YScalar s)) {
            throw new SigmaSyntaxException(n.line(), "expected a scalar");
        }
        return s.text();
    }

    private static List<String> stringList(YMap m, String key) throws SigmaSyntaxException {
        YamlNode n = m.get(key);
        if (n == null || (n instanceof YScalar s && s.isNull())) {
            return List.of();
        }
        if (n instanceof YScalar s) {
            return List.of(s.text());
        }
        if (!(n instanceof YList l)) {
            throw new SigmaSyntaxException(m.lineOf(key), "'" + key + "' must be a list");
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : l.items()) {
            out.add(scalarText(item));
        }
        return out;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
