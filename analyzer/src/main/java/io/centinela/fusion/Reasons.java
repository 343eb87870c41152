package io.centinela.fusion;

import io.centinela.alert.ModelDetection;
import io.centinela.baseline.SiteBaseline;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.YaraMatch;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Human-readable "why" lines for an alert: matched fields and values, YARA strings, model attribution. */
final class Reasons {

    private static final int VALUE_MAX = 160;
    private static final int MAX_STRINGS = 5;
    private static final int MAX_ATTRIBUTIONS = 3;

    private Reasons() {
    }

    static String sigma(SigmaMatch m) {
        StringBuilder sb = new StringBuilder("Sigma rule \"").append(m.title()).append("\" (")
                .append(m.level() == null ? "no level" : m.level()).append(", ").append(m.id()).append(")");
        if (!m.matchedFields().isEmpty()) {
            sb.append(" matched ");
            String sep = "";
            for (Map.Entry<String, String> f : new TreeMap<>(m.matchedFields()).entrySet()) {
                sb.append(sep).append(f.getKey()).append("=\"").append(cap(f.getValue())).append('"');
                sep = ", ";
            }
        } else if (!m.matchedSelections().isEmpty()) {
            sb.append(" matched ").append(String.join(", ", m.matchedSelections()));
        }
        return sb.toString();
    }

    static String yara(YaraMatch m, int points) {
        StringBuilder sb = new StringBuilder("YARA rule ").append(m.namespace() == null ? "" : m.namespace() + ":")
                .append(m.rule()).append(" (").append(points).append(" points)");
        if (m.scannedField() != null) {
            sb.append(" in ").append(m.scannedField());
        }
        List<YaraMatch.MatchedString> strings = m.strings();
        if (!strings.isEmpty()) {
            sb.append(": ");
            String sep = "";
            for (YaraMatch.MatchedString s : strings.subList(0, Math.min(MAX_STRINGS, strings.size()))) {
                sb.append(sep).append(s.identifier()).append(" at ").append(s.offset());
                if (s.excerpt() != null) {
                    sb.append(" \"").append(cap(s.excerpt())).append('"');
                }
                sep = ", ";
            }
            if (strings.size() > MAX_STRINGS) {
                sb.append(" and ").append(strings.size() - MAX_STRINGS).append(" more");
            }
        }
        return sb.toString();
    }

    static String model(ModelDetection d, boolean fired, boolean ruleHits) {
        return model(d, fired, ruleHits, null, false);
    }

    /** {@code vetoed}: over its threshold, but the site baseline knows the event (see docs/fusion.md). */
    static String model(ModelDetection d, boolean fired, boolean ruleHits, SiteBaseline.Novelty novelty,
                        boolean vetoed) {
        StringBuilder sb = new StringBuilder("Model ").append(d.name()).append(' ').append(d.version())
                .append(String.format(Locale.ROOT, " scored %.3f (threshold %.3f)", d.score(), d.threshold()));
        if (vetoed) {
            sb.append(": usual on this site, not counted (").append(cap(novelty.reason(), 2 * VALUE_MAX)).append(')');
            if (ruleHits) {
                sb.append("; the rule hits stand");
            }
        } else if (!fired) {
            sb.append(ruleHits ? ": below its threshold, the rule hits stand" : ": below its threshold");
        } else if (novelty != null && novelty.warm()) {
            sb.append("; unusual here: ").append(cap(novelty.reason(), 2 * VALUE_MAX));
        }
        if (novelty != null && !novelty.warm()) {
            sb.append(String.format(Locale.ROOT, " (site baseline for %s still warming up: %,d events learned)",
                    novelty.kind(), novelty.learned()));
        }
        List<ModelDetection.Attribution> top = d.attributions().stream()
                .sorted(Comparator.comparingDouble((ModelDetection.Attribution a) -> -a.delta()))
                .limit(MAX_ATTRIBUTIONS).toList();
        if (!top.isEmpty()) {
            sb.append("; fields that raised it most: ");
            String sep = "";
            for (ModelDetection.Attribution a : top) {
                sb.append(sep).append(a.field()).append(String.format(Locale.ROOT, " %+.3f", a.delta()));
                sep = ", ";
            }
        }
        return sb.toString();
    }

    static String cap(String s) {
        return cap(s, VALUE_MAX);
    }

    static String cap(String s, int max) {
        if (s == null) {
            return "";
        }
        String one = s.replace("\n", "\\n");
        return one.length() <= max ? one : one.substring(0, max) + "...";
    }
}
