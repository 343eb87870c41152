package io.centinela.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline of one event kind (the rendered text's kind word, e.g. {@code web} or {@code process start}):
 * a bounded sample of distinct texts' unit embeddings with Lucene's HNSW index over them, exact-repeat counts per
 * day ({@link RepeatCounts}), and the distribution the anomaly percentile is read from.
 *
 * <p>Sample: at most {@code maxVectors} distinct texts. Until full every new text is kept; then each new text
 * replaces a pseudo-random slot (biased reservoir, Aggarwal 2006), so a text survives {@code n} later new texts
 * with probability {@code (1 - 1/maxVectors)^n}: old behaviour decays, recent behaviour dominates. The slot is a
 * hash of the seed and the admission count, so the same stream gives the same baseline and a reloaded one goes
 * on exactly as the saved one would have.
 *
 * <p>Calibration: each new distinct text's distance to its nearest neighbour already in the sample (once the
 * sample holds {@link #MIN_SAMPLE_FOR_CALIBRATION}) goes into a biased reservoir of {@code calibrationSize}
 * distances; the anomaly percentile of a text is the share of those distances below its own.
 *
 * <p>Not thread-safe: {@link SiteBaseline} holds a read-write lock; reads ({@link #novelty}) never mutate.
 */
final class KindBaseline implements AutoCloseable {

    /** Distances measured against a smaller sample would overstate the site's spread. */
    static final int MIN_SAMPLE_FOR_CALIBRATION = 20;
    static final int EXCERPT_CHARS = 200;
    /** The model-over rate is a running mean over about this many recent learned events. */
    static final int RATE_HORIZON = 10_000;

    /** The nearest sampled text: its slot (or -1) and cosine distance (1 - cos). */
    record Nearest(int slot, double distance) {
    }

    final String kind;
    private final int maxVectors;
    private final int calibrationSize;
    private final int neighbours;
    private final long seed;

    private final float[][] vectors;
    private final long[] hashes;
    private final String[] excerpts;
    private int size;
    private final Map<Long, Integer> slotOf = new HashMap<>();
    private final List<Integer> unrefreshed = new ArrayList<>();

    private final double[] calibration;
    private int calibrationCount;
    private long calibrationSeen;
    private double[] sortedCalibration = new double[0];

    private final RepeatCounts repeats;
    private long learned;
    private long admitted;
    private double modelOverRate;
    private final VectorIndex index = new VectorIndex();

    KindBaseline(String kind, SiteBaseline.Settings s) {
        this.kind = kind;
        this.maxVectors = s.maxVectorsPerKind();
        this.calibrationSize = s.calibrationSize();
        this.neighbours = s.neighbours();
        this.seed = s.seed() ^ kind.hashCode();
        this.vectors = new float[maxVectors][];
        this.hashes = new long[maxVectors];
        this.excerpts = new String[maxVectors];
        this.calibration = new double[calibrationSize];
        this.repeats = new RepeatCounts(s.repeatWindowDays(), s.maxTextsPerKind());
    }

    double modelOverRate() {
        return modelOverRate;
    }

    long learned() {
        return learned;
    }

    int size() {
        return size;
    }

    int texts() {
        return repeats.size();
    }

    int calibrationCount() {
        return calibrationCount;
    }

    /** The calibration distance at quantile {@code q} (NaN when there is none). */
    double calibrationQuantile(double q) {
        double[] s = sortedCalibration;
        return s.length == 0 ? Double.NaN : s[(int) Math.min(s.length - 1, Math.floor(q * s.length))];
    }

    /** Learns one event that passed the gates. */
    void learn(long hash, String text, float[] unit, long day, boolean modelOver) {
        learned++;
        modelOverRate += ((modelOver ? 1 : 0) - modelOverRate) / Math.min(learned, RATE_HORIZON);
        repeats.add(hash, day);
        if (slotOf.containsKey(hash)) {
            return; // an exact repeat: counted, the sample already holds its vector
        }
        if (size >= MIN_SAMPLE_FOR_CALIBRATION) {
            addCalibration(nearest(unit).distance());
        }
        int slot;
        if (size < maxVectors) {
            slot = size++;
        } else {
            slot = (int) Math.floorMod(mix(seed + admitted), (long) maxVectors);
            slotOf.remove(hashes[slot]);
            index.delete(hashes[slot]);
        }
        admitted++;
        vectors[slot] = unit;
        hashes[slot] = hash;
        excerpts[slot] = text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS);
        slotOf.put(hash, slot);
        index.add(hash, unit);
        unrefreshed.add(slot);
    }

    private void addCalibration(double d) {
        if (calibrationCount < calibrationSize) {
            calibration[calibrationCount++] = d;
        } else {
            calibration[(int) Math.floorMod(mix(~seed + calibrationSeen), (long) calibrationSize)] = d;
        }
        calibrationSeen++;
    }

    /** Makes this batch's new vectors searchable through the index and refreshes the sorted calibration. */
    void refresh() {
        index.refresh();
        unrefreshed.clear();
        sortedCalibration = Arrays.copyOf(calibration, calibrationCount);
        Arrays.sort(sortedCalibration);
    }

    /**
     * Nearest sampled vector: HNSW candidates (plus vectors added since the last refresh), re-ranked by the exact
     * cosine over the stored vectors, so an approximate graph only matters when it misses the true neighbour.
     */
    Nearest nearest(float[] unit) {
        int best = -1;
        double bestCos = -2;
        for (long h : index.candidates(unit, neighbours)) {
            Integer slot = slotOf.get(h);
            if (slot != null) {
                double c = dot(unit, vectors[slot]);
                if (c > bestCos || (c == bestCos && slot < best)) {
                    best = slot;
                    bestCos = c;
                }
            }
        }
        for (int slot : unrefreshed) {
            Integer live = slotOf.get(hashes[slot]);
            if (live != null && live == slot) {
                double c = dot(unit, vectors[slot]);
                if (c > bestCos || (c == bestCos && slot < best)) {
                    best = slot;
                    bestCos = c;
                }
            }
        }
        return best < 0 ? new Nearest(-1, Double.NaN) : new Nearest(best, Math.max(0, 1 - bestCos));
    }

    /** How unusual a text is here (read-only). */
    SiteBaseline.Novelty novelty(long hash, float[] unit, long day, int windowDays, boolean warm) {
        long seen = repeats.count(hash, day);
        Integer own = slotOf.get(hash);
        if (seen > 0 || own != null) {
            return new SiteBaseline.Novelty(kind, warm, learned, size, seen, windowDays, 0, 0,
                    own != null ? excerpts[own] : null, seen, modelOverRate);
        }
        Nearest n = nearest(unit);
        if (n.slot() < 0) {
            return new SiteBaseline.Novelty(kind, warm, learned, size, 0, windowDays, Double.NaN, 1, null, 0,
                    modelOverRate);
        }
        return new SiteBaseline.Novelty(kind, warm, learned, size, 0, windowDays, n.distance(),
                percentile(n.distance()), excerpts[n.slot()], repeats.count(hashes[n.slot()], day), modelOverRate);
    }

    /** Share of the calibration distances strictly below {@code d}; 1 when there are none yet. */
    double percentile(double d) {
        double[] s = sortedCalibration;
        if (s.length == 0) {
            return 1;
        }
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < d) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) lo / s.length;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** SplitMix64 finaliser: a well-spread pseudo-random value of a counter. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    void write(DataOutput out) throws IOException {
        out.writeUTF(kind);
        out.writeLong(learned);
        out.writeLong(admitted);
        out.writeDouble(modelOverRate);
        out.writeInt(size);
        int dims = size == 0 ? 0 : vectors[0].length;
        out.writeInt(dims);
        for (int i = 0; i < size; i++) {
            out.writeLong(hashes[i]);
            out.writeUTF(excerpts[i]);
            for (float f : vectors[i]) {
                out.writeFloat(f);
            }
        }
        out.writeLong(calibrationSeen);
        out.writeInt(calibrationCount);
        for (int i = 0; i < calibrationCount; i++) {
            out.writeDouble(calibration[i]);
        }
        repeats.write(out);
    }

    /** Reads the state written by {@link #write} (after the kind name) and rebuilds the index. */
    void read(DataInput in) throws IOException {
        learned = in.readLong();
        admitted = in.readLong();
        modelOverRate = in.readDouble();
        int n = in.readInt();
        int dims = in.readInt();
        if (n < 0 || n > maxVectors) {
            throw new IOException("kind '" + kind + "' holds " + n + " vectors, more than the cap " + maxVectors);
        }
        for (int i = 0; i < n; i++) {
            hashes[i] = in.readLong();
            excerpts[i] = in.readUTF();
            float[] v = new float[dims];
            for (int k = 0; k < dims; k++) {
                v[k] = in.readFloat();
            }
            vectors[i] = v;
            slotOf.put(hashes[i], i);
            index.add(hashes[i], v);
        }
        size = n;
        calibrationSeen = in.readLong();
        calibrationCount = in.readInt();
        if (calibrationCount < 0 || calibrationCount > calibrationSize) {
            throw new IOException("kind '" + kind + "' holds " + calibrationCount + " calibration distances, cap "
                    + calibrationSize);
        }
        for (int i = 0; i < calibrationCount; i++) {
            calibration[i] = in.readDouble();
        }
        repeats.read(in);
        refresh();
    }

    @Override
    public void close() {
        index.close();
    }
}
