package io.centinela.model.serve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Collects scoring requests from any number of threads into batches: after the first request arrives it waits up
 * to {@code maxWaitMicros} for more, up to {@code maxBatch}, and also takes whatever else is already queued (up to
 * {@link #LOOKAHEAD} batches' worth). The collected requests are sorted by length and cut into batches of at most
 * {@code maxBatch} whose padding stays under {@link #MAX_PADDING} of the real tokens, so short events are not
 * padded to the longest one and a connector call of a few hundred events becomes a few full batches. One worker
 * thread owns the {@link EncoderSession}.
 */
public final class DynamicBatcher implements AutoCloseable {

    /** A score and the pooled sentence embedding it was computed from. */
    public record Embedded(float score, float[] embedding) {
    }

    /** Exactly one of {@code score} and {@code embedded} is set: the caller's choice of what comes back. */
    private record Request(long[] ids, CompletableFuture<Float> score, CompletableFuture<Embedded> embedded) {
        void fail(Throwable t) {
            if (score != null) {
                score.completeExceptionally(t);
            } else {
                embedded.completeExceptionally(t);
            }
        }
    }

    /** Requests already queued are taken up to this many batches' worth, so they can be grouped by length. */
    static final int LOOKAHEAD = 4;
    /** A batch is cut when padding would exceed this fraction of its real tokens (and it holds >= MIN_CUT). */
    static final double MAX_PADDING = 0.25;
    private static final int MIN_CUT = 8;

    private final EncoderSession session;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;
    private volatile long batches;
    private volatile long sequences;

    public DynamicBatcher(EncoderSession session, int maxBatch, long maxWaitMicros) {
        this.session = session;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWaitMicros * 1000;
        this.worker = new Thread(this::loop, "centinela-model-batcher");
        worker.setDaemon(true);
        worker.start();
    }

    public CompletableFuture<Float> submit(long[] ids) {
        CompletableFuture<Float> f = new CompletableFuture<>();
        enqueue(new Request(ids, f, null));
        return f;
    }

    /** Like {@link #submit} but also returns the pooled embedding (batched with plain score requests). */
    public CompletableFuture<Embedded> submitEmbedding(long[] ids) {
        CompletableFuture<Embedded> f = new CompletableFuture<>();
        enqueue(new Request(ids, null, f));
        return f;
    }

    private void enqueue(Request r) {
        if (closed) {
            r.fail(new IllegalStateException("scorer is closed"));
            return;
        }
        queue.add(r);
    }

    public long batches() {
        return batches;
    }

    public long sequences() {
        return sequences;
    }

    private void loop() {
        List<Request> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    // Take what is already queued without waiting; wait only for the remainder of maxWait.
                    if (queue.drainTo(batch, maxBatch - batch.size()) > 0) {
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Request r = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (r == null) {
                        break;
                    }
                    batch.add(r);
                }
                // Whatever else is already waiting joins this round, so that it can be grouped by length.
                queue.drainTo(batch, maxBatch * (LOOKAHEAD - 1));
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                batch.forEach(r -> r.fail(e));
            } finally {
                batch.clear();
            }
        }
        Request r;
        while ((r = queue.poll()) != null) {
            r.fail(new IllegalStateException("scorer is closed"));
        }
    }

    private void run(List<Request> batch) {
        batch.sort(Comparator.comparingInt(r -> r.ids().length));
        int[] lens = batch.stream().mapToInt(r -> r.ids().length).toArray();
        int start = 0;
        while (start < batch.size()) {
            int end = cut(lens, start, maxBatch);
            List<Request> group = batch.subList(start, end);
            EncoderSession.Encoded enc = session.encode(group.stream().map(Request::ids).toList());
            batches++;
            sequences += group.size();
            for (int i = 0; i < group.size(); i++) {
                Request r = group.get(i);
                if (r.score() != null) {
                    r.score().complete(enc.scores()[i]);
                } else {
                    r.embedded().complete(new Embedded(enc.scores()[i], enc.pooled()[i]));
                }
            }
            start = end;
        }
    }

    /**
     * End (exclusive) of the batch starting at {@code start} in lengths sorted ascending: at most {@code max}
     * requests, cut earlier once it holds MIN_CUT and padding to the next length would pass MAX_PADDING.
     */
    static int cut(int[] sorted, int start, int max) {
        long real = 0;
        int end = start;
        while (end < sorted.length && end - start < max) {
            int len = sorted[end];
            long n = end - start + 1L;
            if (n > MIN_CUT && (double) len * n > (1 + MAX_PADDING) * (real + len)) {
                break;
            }
            real += len;
            end++;
        }
        return end;
    }

    @Override
    public void close() {
        closed = true;
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
