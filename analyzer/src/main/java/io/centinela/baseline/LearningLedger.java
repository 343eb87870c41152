package io.centinela.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash-chained record of what the baseline learned from: one {@link Batch} per {@code learn} call, each
 * holding the counts, the pseudonymous contributors (salted SHA-256 of source/host/user) with how many events
 * each gave, a digest of the learned texts and the previous batch's hash. Editing, dropping or reordering a
 * batch breaks {@link #verify}. Bounded: the oldest batches beyond {@code capacity} are dropped and the hash of
 * the last dropped one is kept as the anchor the first kept one must point to. Tamper-evident only against a
 * head hash kept elsewhere (the service logs it at every save): whoever can rewrite the file can rewrite the
 * chain. Not thread-safe: {@link SiteBaseline} guards it.
 */
final class LearningLedger {

    static final String GENESIS = "0".repeat(64);
    /** Contributors listed per batch (most events first); the rest are counted in {@code otherContributors}. */
    static final int MAX_LISTED = 32;

    /** One contributor of a batch: salted SHA-256 prefix and events learned from it. */
    record Contribution(String contributor, int events) {
    }

    /**
     * One learned batch.
     *
     * @param learned          events learned
     * @param refusedDetected  events refused because they had a detection (rule hit, or model-driven alert on a
     *                         warm kind)
     * @param refusedCapped    events refused because their contributor had reached its cap for the window
     * @param samplesDigest    SHA-256 over the 64-bit text hashes of the learned events, in order
     */
    record Batch(long seq, long firstEventMillis, long lastEventMillis, int learned, int refusedDetected,
                 int refusedCapped, List<Contribution> contributors, int otherContributors, String samplesDigest,
                 String previous, String hash) {

        Batch {
            contributors = List.copyOf(contributors);
        }

        String computeHash() {
            StringBuilder sb = new StringBuilder("centinela-baseline-batch/1|").append(seq).append('|')
                    .append(firstEventMillis).append('|').append(lastEventMillis).append('|').append(learned)
                    .append('|').append(refusedDetected).append('|').append(refusedCapped).append('|');
            for (Contribution c : contributors) {
                sb.append(c.contributor()).append(':').append(c.events()).append(',');
            }
            sb.append('|').append(otherContributors).append('|').append(samplesDigest).append('|').append(previous);
            return sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final int capacity;
    private final Deque<Batch> batches = new ArrayDeque<>();
    private String anchor = GENESIS;
    private long nextSeq;

    LearningLedger(int capacity) {
        this.capacity = capacity;
    }

    String head() {
        return batches.isEmpty() ? anchor : batches.peekLast().hash();
    }

    int size() {
        return batches.size();
    }

    List<Batch> batches() {
        return List.copyOf(batches);
    }

    Batch append(long first, long last, int learned, int refusedDetected, int refusedCapped,
                 List<Contribution> contributors, int others, String samplesDigest) {
        Batch draft = new Batch(nextSeq++, first, last, learned, refusedDetected, refusedCapped, contributors, others,
                samplesDigest, head(), null);
        Batch b = new Batch(draft.seq(), first, last, learned, refusedDetected, refusedCapped, contributors, others,
                samplesDigest, draft.previous(), draft.computeHash());
        batches.addLast(b);
        while (batches.size() > capacity) {
            anchor = batches.removeFirst().hash();
        }
        return b;
    }

    /** Null when every batch's hash is right and each points to its predecessor; else what is wrong first. */
    String verify() {
        String prev = anchor;
        long seq = -1;
        for (Batch b : batches) {
            if (!b.previous().equals(prev)) {
                return "batch " + b.seq() + " does not follow the one before it (previous hash " + b.previous()
                        + ", expected " + prev + ")";
            }
            if (seq >= 0 && b.seq() != seq + 1) {
                return "batch " + b.seq() + " follows batch " + seq;
            }
            if (!b.computeHash().equals(b.hash())) {
                return "batch " + b.seq() + " was modified: its content hashes to " + b.computeHash()
                        + " but it records " + b.hash();
            }
            prev = b.hash();
            seq = b.seq();
        }
        return null;
    }

    void write(DataOutput out) throws IOException {
        out.writeUTF(anchor);
        out.writeLong(nextSeq);
        out.writeInt(batches.size());
        for (Batch b : batches) {
            out.writeLong(b.seq());
            out.writeLong(b.firstEventMillis());
            out.writeLong(b.lastEventMillis());
            out.writeInt(b.learned());
            out.writeInt(b.refusedDetected());
            out.writeInt(b.refusedCapped());
            out.writeInt(b.contributors().size());
            for (Contribution c : b.contributors()) {
                out.writeUTF(c.contributor());
                out.writeInt(c.events());
            }
            out.writeInt(b.otherContributors());
            out.writeUTF(b.samplesDigest());
            out.writeUTF(b.previous());
            out.writeUTF(b.hash());
        }
    }

    void read(DataInput in) throws IOException {
        anchor = in.readUTF();
        nextSeq = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long seq = in.readLong();
            long first = in.readLong();
            long last = in.readLong();
            int learned = in.readInt();
            int det = in.readInt();
            int cap = in.readInt();
            int nc = in.readInt();
            List<Contribution> cs = new ArrayList<>(nc);
            for (int j = 0; j < nc; j++) {
                cs.add(new Contribution(in.readUTF(), in.readInt()));
            }
            batches.addLast(new Batch(seq, first, last, learned, det, cap, cs, in.readInt(), in.readUTF(),
                    in.readUTF(), in.readUTF()));
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
