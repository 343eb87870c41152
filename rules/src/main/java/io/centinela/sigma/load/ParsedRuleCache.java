package io.centinela.sigma.load;

import io.centinela.sigma.parse.Detection;
import io.centinela.sigma.parse.FieldItem;
import io.centinela.sigma.parse.LogSource;
import io.centinela.sigma.parse.RuleParser;
import io.centinela.sigma.parse.RuleValue;
import io.centinela.sigma.parse.SafeYaml;
import io.centinela.sigma.parse.SearchIdentifier;
import io.centinela.sigma.parse.SigmaCorrelation;
import io.centinela.sigma.parse.SigmaDocument;
import io.centinela.sigma.parse.SigmaFilter;
import io.centinela.sigma.parse.SigmaRule;
import io.centinela.sigma.parse.SigmaSyntaxException;
import io.centinela.sigma.parse.YamlNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * A cache of parsed rule files (the YAML parse and the Sigma document reading, about two thirds of the cold load
 * CPU), keyed per file by its path and the SHA-256 of its bytes, and as a whole by the parser code (a hash of the
 * parser's class files and the YAML library version) and this format's version. A restart with unchanged rules
 * reads the documents and per-document errors from the cache; compilation (log-source mapping, placeholders,
 * automata) always runs, so those settings cannot make a cached entry stale. An edited, added or removed file
 * only re-parses that file and rewrites the cache.
 *
 * <p>File layout: payload, then the CRC32C of the payload (4 bytes). A file that is truncated, fails the checksum
 * or cannot be decoded is ignored with one warning and rebuilt: a damaged cache costs a full parse, never a wrong
 * rule. Writes go to a temporary file in the same folder, then an atomic rename, so a crash or a second process
 * leaves either the old or the new file.
 *
 * <p>Not thread-safe: one loader uses an instance at a time (it records the counts of the last load).
 */
public final class ParsedRuleCache {

    private static final Logger LOG = LoggerFactory.getLogger(ParsedRuleCache.class);
    private static final int MAGIC = 0x43534331; // "CSC1"
    /** Bump when the layout below changes. */
    private static final int FORMAT = 1;
    private static final byte[] CODE_VERSION = codeVersion();

    /** What one file parsed to: one outcome per YAML document, or (documents null) a file-level error. */
    record Entry(byte[] sha256, int fileErrorLine, String fileError, List<RuleParser.Parsed> documents) {
    }

    /** Counts of the last {@link RuleLoader#load} with this cache: files read from it, parsed, and whether it was written. */
    public record Stats(int hits, int misses, boolean written, boolean discarded) {
    }

    private final Path file;
    private final Consumer<String> warnings;
    private Map<String, Entry> stored;
    private final Map<String, Entry> current = new LinkedHashMap<>();
    private int hits;
    private int misses;
    private boolean discarded;
    private Stats last = new Stats(0, 0, false, false);

    /** A cache in {@code file}; warnings (damaged cache, failed write) go to the log. */
    public ParsedRuleCache(Path file) {
        this(file, LOG::warn);
    }

    public ParsedRuleCache(Path file, Consumer<String> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /**
     * The cache file for a rule set in {@code dir}: one file per list of roots, so the service's and a command's
     * rule sets do not overwrite each other's entries.
     */
    public static ParsedRuleCache forRoots(Path dir, List<Path> roots) {
        StringBuilder sb = new StringBuilder();
        for (Path r : roots) {
            sb.append(r.toAbsolutePath().normalize()).append('\n');
        }
        String name = "sigma-parsed-" + hex(sha256(sb.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16) + ".bin";
        return new ParsedRuleCache(dir.resolve(name));
    }

    /** The default folder: {@code $XDG_CACHE_HOME/centinela} or {@code ~/.cache/centinela}. */
    public static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("centinela");
    }

    public Path file() {
        return file;
    }

    public Stats lastLoad() {
        return last;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a load: reads the stored file once (lazily, so a loader without files never touches the disk). */
    void begin() {
        current.clear();
        hits = 0;
        misses = 0;
        discarded = false;
        stored = read();
    }

    /** The cached outcome for this path and content, or null. */
    Entry lookup(String path, byte[] sha) {
        Entry e = stored.get(path);
        if (e != null && Arrays.equals(e.sha256(), sha)) {
            hits++;
            current.put(path, e);
            return e;
        }
        misses++;
        return null;
    }

    void put(String path, Entry e) {
        current.put(path, e);
    }

    /** Ends a load: rewrites the file when anything differs from what was stored (a miss, a removed file). */
    void finish() {
        boolean write = misses > 0 || discarded || !stored.keySet().equals(current.keySet());
        boolean written = write && write();
        last = new Stats(hits, misses, written, discarded);
        stored = null;
        current.clear();
    }

    private Map<String, Entry> read() {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            return damaged("cannot be read (" + e.getMessage() + ")");
        }
        if (all.length < 4) {
            return damaged("is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(all, all.length - 4, 4).getInt()) {
            return damaged("fails its checksum (truncated or corrupt)");
        }
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 4));
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                return damaged("has another format");
            }
            byte[] code = new byte[32];
            in.readFully(code);
            if (!Arrays.equals(code, CODE_VERSION)) {
                return Map.of(); // another parser version: a plain miss, not damage
            }
            int n = in.readInt();
            Map<String, Entry> out = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String path = str(in);
                out.put(path, readEntry(in));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return damaged("cannot be decoded (" + e + ")");
        }
    }

    private Map<String, Entry> damaged(String why) {
        discarded = true;
        warnings.accept("Sigma rule cache " + file + " " + why + ": ignored, all rules parsed again and the cache rebuilt");
        return Map.of();
    }

    private boolean write() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.write(CODE_VERSION);
            out.writeInt(current.size());
            for (var e : current.entrySet()) {
                str(out, e.getKey());
                writeEntry(out, e.getValue());
            }
            out.flush();
            CRC32C crc = new CRC32C();
            byte[] payload = bytes.toByteArray();
            crc.update(payload);
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (var os = Files.newOutputStream(tmp)) {
                    os.write(payload);
                    os.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            warnings.accept("Sigma rule cache " + file + " cannot be written (" + e.getMessage() + "): rules load without it");
            return false;
        }
    }

    // ---- codec: tags per document kind, nullable strings with a -1 length ----

    private static void writeEntry(DataOutputStream out, Entry e) throws IOException {
        out.write(e.sha256());
        if (e.documents() == null) {
            out.writeByte(0);
            out.writeInt(e.fileErrorLine());
            str(out, e.fileError());
            return;
        }
        out.writeByte(1);
        out.writeInt(e.documents().size());
        for (RuleParser.Parsed p : e.documents()) {
            if (p.error() != null) {
                out.writeByte('E');
                out.writeInt(p.error().line());
                str(out, p.error().reason());
            } else {
                writeDocument(out, p.document());
            }
        }
    }

    private static Entry readEntry(DataInputStream in) throws IOException {
        byte[] sha = new byte[32];
        in.readFully(sha);
        int kind = in.readByte();
        if (kind == 0) {
            int line = in.readInt();
            return new Entry(sha, line, str(in), null);
        }
        if (kind != 1) {
            throw new IOException("bad entry tag " + kind);
        }
        int n = in.readInt();
        List<RuleParser.Parsed> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = in.readByte();
            if (tag == 'E') {
                int line = in.readInt();
                docs.add(new RuleParser.Parsed(null, new SigmaSyntaxException(line, str(in))));
            } else {
                docs.add(new RuleParser.Parsed(readDocument(in, tag), null));
            }
        }
        return new Entry(sha, 0, null, List.copyOf(docs));
    }

    private static void writeDocument(DataOutputStream out, SigmaDocument d) throws IOException {
        if (d instanceof SigmaRule r) {
            out.writeByte('R');
            str(out, r.id());
            str(out, r.name());
            str(out, r.title());
            str(out, r.status());
            str(out, r.level());
            str(out, r.description());
            str(out, r.author());
            strs(out, r.tags());
            strs(out, r.references());
            strs(out, r.falsePositives());
            logsource(out, r.logsource());
            detection(out, r.detection());
            str(out, r.file());
            out.writeInt(r.line());
        } else if (d instanceof SigmaFilter f) {
            out.writeByte('F');
            str(out, f.id());
            str(out, f.title());
            logsource(out, f.logsource());
            strs(out, f.ruleRefs());
            detection(out, f.detection());
            str(out, f.file());
            out.writeInt(f.line());
        } else if (d instanceof SigmaCorrelation c) {
            out.writeByte('C');
            str(out, c.id());
            str(out, c.name());
            str(out, c.title());
            str(out, c.level());
            out.writeInt(c.type().ordinal());
            strs(out, c.rules());
            strs(out, c.groupBy());
            out.writeBoolean(c.timespan() != null);
            if (c.timespan() != null) {
                out.writeLong(c.timespan().getSeconds());
                out.writeInt(c.timespan().getNano());
            }
            strMap(out, c.condition());
            out.writeBoolean(c.generate());
            out.writeInt(c.aliases().size());
            for (var e : c.aliases().entrySet()) {
                str(out, e.getKey());
                strMap(out, e.getValue());
            }
            str(out, c.file());
            out.writeInt(c.line());
            strs(out, c.tags());
            strs(out, c.fields());
        }
    }

    private static SigmaDocument readDocument(DataInputStream in, int tag) throws IOException {
        switch (tag) {
            case 'R' -> {
                return new SigmaRule(str(in), str(in), str(in), str(in), str(in), str(in), str(in), strs(in), strs(in),
                        strs(in), logsource(in), detection(in), str(in), in.readInt());
            }
            case 'F' -> {
                return new SigmaFilter(str(in), str(in), logsource(in), strs(in), detection(in), str(in), in.readInt());
            }
            case 'C' -> {
                String id = str(in), name = str(in), title = str(in), level = str(in);
                SigmaCorrelation.Type type = SigmaCorrelation.Type.values()[in.readInt()];
                List<String> rules = strs(in), groupBy = strs(in);
                Duration timespan = in.readBoolean() ? Duration.ofSeconds(in.readLong(), in.readInt()) : null;
                Map<String, String> condition = strMap(in);
                boolean generate = in.readBoolean();
                int n = in.readInt();
                Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    aliases.put(str(in), strMap(in));
                }
                String file = str(in);
                int line = in.readInt();
                return new SigmaCorrelation(id, name, title, level, type, rules, groupBy, timespan, condition, generate,
                        aliases, file, line, strs(in), strs(in));
            }
            default -> throw new IOException("bad document tag " + tag);
        }
    }

    private static void logsource(DataOutputStream out, LogSource l) throws IOException {
        out.writeBoolean(l != null);
        if (l != null) {
            str(out, l.product());
            str(out, l.category());
            str(out, l.service());
        }
    }

    private static LogSource logsource(DataInputStream in) throws IOException {
        return in.readBoolean() ? new LogSource(str(in), str(in), str(in)) : null;
    }

    private static void detection(DataOutputStream out, Detection d) throws IOException {
        out.writeBoolean(d != null);
        if (d == null) {
            return;
        }
        out.writeInt(d.searches().size());
        for (var e : d.searches().entrySet()) {
            str(out, e.getKey());
            SearchIdentifier s = e.getValue();
            str(out, s.name());
            out.writeInt(s.line());
            out.writeInt(s.alternatives().size());
            for (List<FieldItem> alt : s.alternatives()) {
                out.writeInt(alt.size());
                for (FieldItem f : alt) {
                    str(out, f.field());
                    strs(out, f.modifiers());
                    out.writeInt(f.line());
                    out.writeInt(f.values().size());
                    for (RuleValue v : f.values()) {
                        str(out, v.text());
                        out.writeByte(v.kind() == null ? -1 : v.kind().ordinal());
                    }
                }
            }
        }
        strs(out, d.conditions());
        out.writeInt(d.conditionLine());
    }

    private static Detection detection(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int n = in.readInt();
        Map<String, SearchIdentifier> searches = new LinkedHashMap<>();
        YamlNode.YScalar.Kind[] kinds = YamlNode.YScalar.Kind.values();
        for (int i = 0; i < n; i++) {
            String key = str(in);
            String name = str(in);
            int line = in.readInt();
            int alts = in.readInt();
            List<List<FieldItem>> alternatives = new ArrayList<>(alts);
            for (int a = 0; a < alts; a++) {
                int items = in.readInt();
                List<FieldItem> alt = new ArrayList<>(items);
                for (int k = 0; k < items; k++) {
                    String field = str(in);
                    List<String> modifiers = strs(in);
                    int itemLine = in.readInt();
                    int vs = in.readInt();
                    List<RuleValue> values = new ArrayList<>(vs);
                    for (int v = 0; v < vs; v++) {
                        String text = str(in);
                        int kind = in.readByte();
                        values.add(new RuleValue(text, kind < 0 ? null : kinds[kind]));
                    }
                    alt.add(new FieldItem(field, modifiers, values, itemLine));
                }
                alternatives.add(alt);
            }
            searches.put(key, new SearchIdentifier(name, alternatives, line));
        }
        return new Detection(searches, strs(in), in.readInt());
    }

    private static void strMap(DataOutputStream out, Map<String, String> m) throws IOException {
        out.writeInt(m.size());
        for (var e : m.entrySet()) {
            str(out, e.getKey());
            str(out, e.getValue());
        }
    }

    private static Map<String, String> strMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(str(in), str(in));
        }
        return m;
    }

    private static void strs(DataOutputStream out, List<String> l) throws IOException {
        out.writeInt(l.size());
        for (String s : l) {
            str(out, s);
        }
    }

    private static List<String> strs(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(str(in));
        }
        return l;
    }

    /** A nullable string: -1, or its UTF-8 length and bytes (writeUTF stops at 64 KB). */
    private static void str(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > SafeYaml.DEFAULT_MAX_CHARS * 4) {
            throw new IOException("string length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The parser's identity: the class files that turn text into documents and the YAML library's version, so a
     * new build of the parser never reads entries an older one wrote.
     */
    private static byte[] codeVersion() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(ByteBuffer.allocate(4).putInt(FORMAT).array());
            for (Class<?> c : List.of(RuleParser.class, SafeYaml.class, ParsedRuleCache.class, SigmaRule.class,
                    SigmaFilter.class, SigmaCorrelation.class, Detection.class, SearchIdentifier.class, FieldItem.class,
                    RuleValue.class, LogSource.class, YamlNode.class)) {
                try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                    if (in != null) {
                        md.update(in.readAllBytes());
                    }
                }
            }
            String yaml = org.snakeyaml.engine.v2.api.LoadSettings.class.getPackage().getImplementationVersion();
            md.update(String.valueOf(yaml).getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the Sigma parser", e);
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
