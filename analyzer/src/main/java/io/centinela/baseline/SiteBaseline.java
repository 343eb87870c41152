package io.centinela.baseline;

import io.centinela.event.Event;
import io.centinela.event.EventTime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What this site's traffic looks like, per event kind, learned online from the encoder's sentence embeddings:
 * the "unusual here" half of the model's contribution to an alert (docs/baseline.md, docs/fusion.md).
 *
 * <p>Per kind (the rendered text's kind word: {@code web}, {@code email}, {@code process start}, ...): a bounded,
 * decaying sample of distinct texts' unit embeddings with Lucene's HNSW index over them, exact-repeat counts per
 * day over a sliding window, and the distribution of the sample's own nearest-neighbour distances.
 * {@link #assess} gives each event a {@link Novelty}: times its exact text was learned in the window, else the
 * cosine distance to its nearest baseline text and that distance's percentile in the baseline's own distances.
 *
 * <p>Poisoning resistance in {@link #learn}: events with a detection are never learned; each contributor (source
 * IP, sender, host/user; salted SHA-256, never stored in clear) gives at most {@code maxPerContributorPerWindow}
 * events per window; every learn call appends a batch to a hash chain (counts, contributors, digest of the texts,
 * previous hash) that {@link #verifyChain} checks and whose head the caller logs.
 *
 * <p>Persisted to one file ({@link #save}, atomic replace; {@link #load} checks its SHA-256 and the chain) and
 * reloaded identically: the index is rebuilt from the stored vectors. One baseline per instance: scaled-out
 * instances each learn from the partitions they consume (docs/baseline.md).
 *
 * <p>Thread-safe: {@link #assess} and {@link #summary} take a read lock; {@link #learn} and {@link #save} take
 * the write lock (save only reads, but must see one batch boundary, not a learn in progress on another thread).
 */
public final class SiteBaseline implements AutoCloseable {

    private static final String MAGIC = "centinela-baseline";
    private static final int FORMAT = 1;

    /**
     * Bounds and gates. Memory per kind is about {@code maxVectorsPerKind * 384 * 4 * 2} bytes (the sample plus
     * Lucene's copy and graph: ~6 MB at the default 2,000) plus {@code maxTextsPerKind * ~100} bytes of counts.
     *
     * @param maxVectorsPerKind          distinct texts sampled per kind (decaying reservoir)
     * @param maxTextsPerKind            exact texts counted per kind (least recently learned forgotten first)
     * @param calibrationSize            nearest-neighbour distances kept per kind for the percentile
     * @param warmUpEvents               events a kind must have learned before its novelty counts in fusion
     * @param repeatWindowDays           the window of the exact-repeat count, in UTC days of event time
     * @param contributorWindowMillis    the window of the per-contributor cap, in event time
     * @param maxPerContributorPerWindow events one contributor may teach per window; 0 = no cap (vetted files)
     * @param maxContributorsPerWindow   distinct contributors tracked per window (new ones refused beyond)
     * @param ledgerCapacity             learned batches kept in the hash chain (older ones leave an anchor)
     * @param neighbours                 HNSW candidates re-ranked exactly per query
     * @param seed                       reservoir slots and the contributor salt derive from it
     */
    public record Settings(int maxVectorsPerKind, int maxTextsPerKind, int calibrationSize, int warmUpEvents,
                           int repeatWindowDays, long contributorWindowMillis, int maxPerContributorPerWindow,
                           int maxContributorsPerWindow, int ledgerCapacity, int neighbours, long seed) {

        public Settings {
            if (maxVectorsPerKind < 1 || maxTextsPerKind < 1 || calibrationSize < 1 || warmUpEvents < 0
                    || repeatWindowDays < 1 || contributorWindowMillis < 1 || maxPerContributorPerWindow < 0
                    || maxContributorsPerWindow < 1 || ledgerCapacity < 1 || neighbours < 1) {
                throw new IllegalArgumentException("baseline settings out of range: " + this);
            }
        }

        /** 2,000 vectors and 20,000 texts per kind, 1,000 calibration distances, warm after 500 events, 7 days,
         * at most 50 events per contributor per hour, 10,000 chained batches, 32 HNSW candidates per query. */
        public static Settings defaults() {
            return new Settings(2000, 20_000, 1000, 500, 7, 3_600_000L, 50, 100_000, 10_000, 32, 0x5eedL);
        }

        public Settings withMaxPerContributorPerWindow(int n) {
            return new Settings(maxVectorsPerKind, maxTextsPerKind, calibrationSize, warmUpEvents, repeatWindowDays,
                    contributorWindowMillis, n, maxContributorsPerWindow, ledgerCapacity, neighbours, seed);
        }

        public Settings withWarmUpEvents(int n) {
            return new Settings(maxVectorsPerKind, maxTextsPerKind, calibrationSize, n, repeatWindowDays,
                    contributorWindowMillis, maxPerContributorPerWindow, maxContributorsPerWindow, ledgerCapacity,
                    neighbours, seed);
        }

        public Settings withMaxVectorsPerKind(int n) {
            return new Settings(n, maxTextsPerKind, calibrationSize, warmUpEvents, repeatWindowDays,
                    contributorWindowMillis, maxPerContributorPerWindow, maxContributorsPerWindow, ledgerCapacity,
                    neighbours, seed);
        }
    }

    /**
     * One event as the baseline sees it: its kind word and rendered (masked) text, the encoder's pooled embedding,
     * who contributed it, when it happened, whether the classifier scored it at or above its threshold, and its
     * detections: a rule hit (never learned) and a model-driven alert (never learned once the kind is warm; while
     * it is cold fusion ignores the baseline, the classifier may fire on everything, and the warm-up period is
     * the one the operator vouches for).
     */
    public record Sample(String kind, String text, float[] embedding, String contributor, long timeMillis,
                         boolean modelOver, boolean ruleHit, boolean modelAlert) {
        public Sample {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(embedding, "embedding");
            Objects.requireNonNull(contributor, "contributor");
        }

        /** This sample with its detections as fusion found them. */
        public Sample withDetections(boolean rule, boolean modelDriven) {
            return new Sample(kind, text, embedding, contributor, timeMillis, modelOver, rule, modelDriven);
        }
    }

    /**
     * How unusual an event is on this site. {@code percentile} is the anomaly score: the share of the baseline's
     * own nearest-neighbour distances below this event's distance (0 for an exact repeat, 1 beyond all of them).
     *
     * @param warm            the kind has learned at least the warm-up number of events (else fusion ignores it)
     * @param learned         events this kind has learned
     * @param baselineSize    distinct texts in this kind's sample
     * @param repeats         times this exact text was learned in the last {@code windowDays} days
     * @param distance        cosine distance (1 - cos) to the nearest baseline text; 0 for a repeat, NaN if empty
     * @param nearest         the nearest baseline text (first 200 chars), or null
     * @param nearestRepeats  times that nearest text was learned in the window
     * @param modelOverRate   share of this kind's learned events the classifier scored at or above its threshold
     *                        (recent events weigh most): how often it cries wolf on this site's normal traffic
     */
    public record Novelty(String kind, boolean warm, long learned, int baselineSize, long repeats, int windowDays,
                          double distance, double percentile, String nearest, long nearestRepeats,
                          double modelOverRate) {

        public boolean familiar() {
            return repeats > 0 || distance == 0;
        }

        /** The evidence line of an alert reason. */
        public String reason() {
            if (repeats > 0) {
                return String.format(Locale.ROOT, "seen %,d times on this site in the last %d days (%s baseline)",
                        repeats, windowDays, kind);
            }
            if (nearest == null) {
                return "nothing like it in this site's " + kind + " baseline (empty)";
            }
            return String.format(Locale.ROOT, "nearest %s baseline event at distance %.3f, %s percentile of the "
                            + "baseline's own distances (seen %,d times in %d days): \"%s\"", kind, distance,
                    ordinal(percentile), nearestRepeats, windowDays, nearest);
        }

        private static String ordinal(double p) {
            return String.format(Locale.ROOT, "%.1fth", 100 * p);
        }
    }

    /** What one {@link #learn} call did; {@code batchHash} is the new chain head, for the service's log. */
    public record LearnResult(int learned, int refusedDetected, int refusedCapped, String batchHash) {
    }

    /** One kind's state for {@code baseline show}. */
    public record KindSummary(String kind, long learned, int vectors, int texts, int calibration, boolean warm,
                              double medianDistance, double p99Distance, double modelOverRate) {
    }

    /** The whole baseline for {@code baseline show}; {@code chainProblem} is null when the chain verifies. */
    public record Summary(Settings settings, List<KindSummary> kinds, int ledgerBatches, String chainHead,
                          String chainProblem) {
    }

    private final Settings settings;
    private final byte[] salt;
    private final Map<String, KindBaseline> kinds = new TreeMap<>();
    private final ContributorCaps caps;
    private final LearningLedger ledger;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private SiteBaseline(Settings settings) {
        this.settings = settings;
        this.salt = LearningLedger.sha256().digest(("centinela-baseline-salt|" + settings.seed())
                .getBytes(StandardCharsets.UTF_8));
        this.caps = new ContributorCaps(settings.contributorWindowMillis(), settings.maxPerContributorPerWindow(),
                settings.maxContributorsPerWindow());
        this.ledger = new LearningLedger(settings.ledgerCapacity());
    }

    /** An empty baseline. */
    public static SiteBaseline create(Settings settings) {
        return new SiteBaseline(Objects.requireNonNull(settings, "settings"));
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The sample of an event: contributor from the event (web: source IP; e-mail: sender; Windows: host/user;
     * else host or source), time from its own timestamp (else Kafka time, else {@code fallbackMillis}).
     */
    public static Sample sample(Event event, String kind, String text, float[] embedding, boolean modelOver,
                                boolean ruleHit, boolean modelAlert, long fallbackMillis) {
        return new Sample(kind, text, embedding, contributor(event), EventTime.millis(event, fallbackMillis),
                modelOver, ruleHit, modelAlert);
    }

    static String contributor(Event e) {
        String v = switch (e.kind()) {
            case WEB -> first(e, "source.ip", "client.ip", "c-ip", "src_ip");
            case EMAIL -> first(e, "sender", "email.from.address");
            case WINDOWS -> {
                String host = first(e, "Computer", "host.name");
                String user = first(e, "User", "SubjectUserName", "user.name");
                yield host == null && user == null ? null : (host == null ? "" : host) + "/" + (user == null ? "" : user);
            }
            default -> first(e, "host.name", "source.ip", "Computer");
        };
        // Unattributed events share one contributor, so together they are capped like one source.
        return v == null || v.isBlank() ? "unattributed" : v.toLowerCase(Locale.ROOT);
    }

    private static String first(Event e, String... fields) {
        for (String f : fields) {
            String v = e.field(f);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** Novelty of each sample, in order (read-only: assessing never teaches). */
    public List<Novelty> assess(List<Sample> samples) {
        lock.readLock().lock();
        try {
            List<Novelty> out = new ArrayList<>(samples.size());
            for (Sample s : samples) {
                KindBaseline k = kinds.get(s.kind());
                long day = Math.floorDiv(s.timeMillis(), 86_400_000L);
                if (k == null) {
                    out.add(new Novelty(s.kind(), false, 0, 0, 0, settings.repeatWindowDays(), Double.NaN, 1, null, 0, 0));
                } else {
                    out.add(k.novelty(textHash(s.text()), unit(s.embedding()), day, settings.repeatWindowDays(),
                            k.learned() >= settings.warmUpEvents()));
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Learns the samples without a detection (no rule hit; no model-driven alert once the kind is warm), within
     * the contributor caps, and appends one batch to the chain (also when nothing was learned, so refusals are on
     * record).
     */
    public LearnResult learn(List<Sample> samples) {
        lock.writeLock().lock();
        try {
            int learned = 0;
            int refusedDetected = 0;
            int refusedCapped = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            Map<String, Integer> byContributor = new HashMap<>();
            MessageDigest digest = LearningLedger.sha256();
            List<KindBaseline> touched = new ArrayList<>();
            for (Sample s : samples) {
                KindBaseline known = kinds.get(s.kind());
                boolean warm = known != null && known.learned() >= settings.warmUpEvents();
                if (s.ruleHit() || (s.modelAlert() && warm)) {
                    refusedDetected++;
                    continue;
                }
                String who = pseudonym(s.contributor());
                if (caps.admit(who, s.timeMillis()) == ContributorCaps.Verdict.CAPPED) {
                    refusedCapped++;
                    continue;
                }
                KindBaseline k = kinds.computeIfAbsent(s.kind(), n -> new KindBaseline(n, settings));
                long hash = textHash(s.text());
                k.learn(hash, s.text(), unit(s.embedding()), Math.floorDiv(s.timeMillis(), 86_400_000L), s.modelOver());
                if (!touched.contains(k)) {
                    touched.add(k);
                }
                digest.update(ByteBuffer.allocate(8).putLong(hash).array());
                byContributor.merge(who, 1, Integer::sum);
                first = Math.min(first, s.timeMillis());
                last = Math.max(last, s.timeMillis());
                learned++;
            }
            touched.forEach(KindBaseline::refresh);
            List<LearningLedger.Contribution> listed = byContributor.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(LearningLedger.MAX_LISTED)
                    .map(e -> new LearningLedger.Contribution(e.getKey(), e.getValue())).toList();
            LearningLedger.Batch b = ledger.append(learned == 0 ? 0 : first, learned == 0 ? 0 : last, learned,
                    refusedDetected, refusedCapped, listed, byContributor.size() - listed.size(),
                    java.util.HexFormat.of().formatHex(digest.digest()));
            return new LearnResult(learned, refusedDetected, refusedCapped, b.hash());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Null when the learning chain verifies, else the first problem found. */
    public String verifyChain() {
        lock.readLock().lock();
        try {
            return ledger.verify();
        } finally {
            lock.readLock().unlock();
        }
    }

    public String chainHead() {
        lock.readLock().lock();
        try {
            return ledger.head();
        } finally {
            lock.readLock().unlock();
        }
    }

    public Summary summary() {
        lock.readLock().lock();
        try {
            List<KindSummary> ks = new ArrayList<>();
            for (KindBaseline k : kinds.values()) {
                ks.add(new KindSummary(k.kind, k.learned(), k.size(), k.texts(), k.calibrationCount(),
                        k.learned() >= settings.warmUpEvents(), k.calibrationQuantile(0.5), k.calibrationQuantile(0.99),
                        k.modelOverRate()));
            }
            return new Summary(settings, ks, ledger.size(), ledger.head(), ledger.verify());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Pseudonymous contributor key: salted SHA-256, 16 hex digits (never the raw address or name). */
    String pseudonym(String contributor) {
        MessageDigest md = LearningLedger.sha256();
        md.update(salt);
        return java.util.HexFormat.of().formatHex(md.digest(contributor.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    /** The batches of the chain (tests, {@code baseline show}). */
    List<LearningLedger.Batch> batches() {
        return ledger.batches();
    }

    static long textHash(String text) {
        return ByteBuffer.wrap(LearningLedger.sha256().digest(text.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float f : v) {
            n += (double) f * f;
        }
        float[] out = new float[v.length];
        if (n == 0) {
            out[0] = 1; // a zero vector (cannot come from the encoder) is given a fixed direction
            return out;
        }
        double inv = 1 / Math.sqrt(n);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }

    // ---------------------------------------------------------------- file

    /** Writes the baseline to {@code file} atomically (temporary file, then move): header, kinds, chain, SHA-256. */
    public void save(Path file) throws IOException {
        byte[] body;
        lock.writeLock().lock();
        try {
            body = encode();
        } finally {
            lock.writeLock().unlock();
        }
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, body);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private byte[] encode() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(MAGIC);
        out.writeInt(FORMAT);
        Settings s = settings;
        out.writeInt(s.maxVectorsPerKind());
        out.writeInt(s.maxTextsPerKind());
        out.writeInt(s.calibrationSize());
        out.writeInt(s.warmUpEvents());
        out.writeInt(s.repeatWindowDays());
        out.writeLong(s.contributorWindowMillis());
        out.writeInt(s.maxPerContributorPerWindow());
        out.writeInt(s.maxContributorsPerWindow());
        out.writeInt(s.ledgerCapacity());
        out.writeInt(s.neighbours());
        out.writeLong(s.seed());
        out.writeInt(kinds.size());
        for (KindBaseline k : kinds.values()) {
            k.write(out);
        }
        caps.write(out);
        ledger.write(out);
        out.flush();
        byte[] body = bytes.toByteArray();
        byte[] sha = LearningLedger.sha256().digest(body);
        byte[] all = Arrays.copyOf(body, body.length + sha.length);
        System.arraycopy(sha, 0, all, body.length, sha.length);
        return all;
    }

    /**
     * Reads a baseline written by {@link #save}. A file whose checksum or learning chain does not verify is
     * refused with the reason (a partial write, a flipped byte, an edited batch).
     */
    public static SiteBaseline load(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 32) {
            throw new IOException("baseline file " + file + " is truncated (" + all.length + " bytes)");
        }
        byte[] body = Arrays.copyOf(all, all.length - 32);
        byte[] sha = Arrays.copyOfRange(all, all.length - 32, all.length);
        if (!MessageDigest.isEqual(sha, LearningLedger.sha256().digest(body))) {
            throw new IOException("baseline file " + file + " is corrupt or was modified: its SHA-256 does not match; "
                    + "refusing to load it (rebuild it with `baseline build`)");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        if (!MAGIC.equals(in.readUTF()) || in.readInt() != FORMAT) {
            throw new IOException("baseline file " + file + " is not a format-" + FORMAT + " Centinela baseline");
        }
        Settings s = new Settings(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readLong(),
                in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readLong());
        SiteBaseline b = new SiteBaseline(s);
        try {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                KindBaseline k = new KindBaseline(in.readUTF(), s);
                b.kinds.put(k.kind, k);
                k.read(in);
            }
            b.caps.read(in);
            b.ledger.read(in);
            if (in.available() != 0) {
                throw new IOException("trailing bytes");
            }
        } catch (IOException | RuntimeException e) {
            b.close();
            throw new IOException("baseline file " + file + " cannot be read: " + e.getMessage(), e);
        }
        String problem = b.ledger.verify();
        if (problem != null) {
            b.close();
            throw new IOException("baseline file " + file + ": its learning chain does not verify (" + problem
                    + "); refusing to load it");
        }
        return b;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            kinds.values().forEach(KindBaseline::close);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
