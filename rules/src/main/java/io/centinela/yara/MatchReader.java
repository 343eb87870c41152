package io.centinela.yara;

import com.sun.jna.Pointer;
import io.centinela.yara.nativ.NativeStrings;
import io.centinela.yara.nativ.StructLayout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a matching rule and its string matches out of libyara's structs (layouts from {@link StructLayout}). */
final class MatchReader {

    private final StructLayout layout;
    private final ScanLimits limits;

    MatchReader(StructLayout layout, ScanLimits limits) {
        this.layout = layout;
        this.limits = limits;
    }

    /** A YR_RULE's identifier, namespace, tags, metas and string definitions. */
    RuleInfo readRule(long rule) {
        Pointer r = new Pointer(rule);
        String identifier = NativeStrings.read(r.getLong(layout.ruleIdentifier()));
        long ns = r.getLong(layout.ruleNamespace());
        String namespace = ns == 0 ? "default" : NativeStrings.read(new Pointer(ns).getLong(layout.namespaceName()));
        List<String> tags = readTags(r.getLong(layout.ruleTags()));
        Map<String, Object> meta = readMetas(r.getLong(layout.ruleMetas()));
        Object author = meta.get("author");
        List<RuleInfo.StringDef> strings = new ArrayList<>();
        long s = r.getLong(layout.ruleStrings());
        while (s != 0) {
            Pointer sp = new Pointer(s);
            int flags = sp.getInt(layout.stringFlags());
            strings.add(new RuleInfo.StringDef(NativeStrings.read(sp.getLong(layout.stringIdentifier())),
                    sp.getInt(layout.stringIdx()), (flags & StructLayout.STRING_FLAGS_PRIVATE) != 0));
            s = (flags & StructLayout.STRING_FLAGS_LAST_IN_RULE) != 0 ? 0 : s + layout.stringSize();
        }
        return new RuleInfo(identifier, namespace, List.copyOf(tags), Collections.unmodifiableMap(meta),
                author == null ? null : author.toString(), List.copyOf(strings));
    }

    private static List<String> readTags(long tags) {
        List<String> out = new ArrayList<>();
        if (tags == 0) {
            return out;
        }
        Pointer p = new Pointer(tags);
        long offset = 0;
        while (p.getByte(offset) != 0 && out.size() < 1024) {
            String tag = p.getString(offset, "UTF-8");
            out.add(tag);
            offset += tag.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1; // tags are ASCII identifiers
        }
        return out;
    }

    private Map<String, Object> readMetas(long metas) {
        Map<String, Object> out = new LinkedHashMap<>();
        long m = metas;
        while (m != 0) {
            Pointer mp = new Pointer(m);
            String id = NativeStrings.read(mp.getLong(layout.metaIdentifier()));
            int type = mp.getInt(layout.metaType());
            Object value = switch (type) {
                case StructLayout.META_TYPE_INTEGER -> mp.getLong(layout.metaInteger());
                case StructLayout.META_TYPE_BOOLEAN -> mp.getLong(layout.metaInteger()) != 0;
                default -> {
                    String v = NativeStrings.read(mp.getLong(layout.metaString()));
                    yield v == null ? "" : v;
                }
            };
            if (id != null) {
                // Repeated meta names (several "reference" lines) keep every value.
                out.merge(id, value, MatchReader::append);
            }
            int flags = mp.getInt(layout.metaFlags());
            m = (flags & StructLayout.META_FLAGS_LAST_IN_RULE) != 0 ? 0 : m + layout.metaSize();
        }
        return out;
    }

    private static Object append(Object existing, Object added) {
        List<Object> all = new ArrayList<>();
        if (existing instanceof List<?> l) {
            all.addAll(l);
        } else {
            all.add(existing);
        }
        all.add(added);
        return List.copyOf(all);
    }

    /** The matches of a rule's non-private strings in this scan, capped per string, with capped excerpts. */
    List<YaraMatch.MatchedString> readStrings(long context, RuleInfo rule) {
        if (rule.strings().isEmpty()) {
            return List.of();
        }
        long matchesTable = new Pointer(context).getLong(layout.contextMatches());
        List<YaraMatch.MatchedString> out = new ArrayList<>();
        for (RuleInfo.StringDef def : rule.strings()) {
            if (def.isPrivate()) {
                continue;
            }
            long match = new Pointer(matchesTable + (long) def.idx() * layout.matchesSize()).getLong(layout.matchesHead());
            int kept = 0;
            while (match != 0 && kept < limits.maxStringMatches()) {
                Pointer mp = new Pointer(match);
                if (mp.getByte(layout.matchIsPrivate()) == 0) {
                    long offset = mp.getLong(layout.matchOffset());
                    int length = mp.getInt(layout.matchLength());
                    int dataLength = mp.getInt(layout.matchDataLength());
                    long data = mp.getLong(layout.matchData());
                    int n = Math.min(Math.max(dataLength, 0), limits.excerptBytes());
                    byte[] bytes = data == 0 || n == 0 ? new byte[0] : new Pointer(data).getByteArray(0, n);
                    out.add(new YaraMatch.MatchedString(def.identifier(), offset, length, Excerpt.render(bytes)));
                    kept++;
                }
                match = mp.getLong(layout.matchNext());
            }
        }
        return out;
    }
}
