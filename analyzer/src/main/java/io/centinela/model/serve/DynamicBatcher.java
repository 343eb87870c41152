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
 * to {@code maxWaitMicros} for more, up to {@code maxBatch}; the collected requests are sorted by length and cut
 * into length buckets (16, 32, 64, 96, 128... tokens) so short events are not padded to the longest one. One
 * worker thread owns the {@link EncoderSession}.
 */
public final class DynamicBatcher implements AutoCloseable {

    private record Request(long[] ids, CompletableFuture<Float> result) {
    }

    private static final int[] BUCKETS = {16, 32, 64, 96, 128, 192, 256, 384, 512};

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
        if (closed) {
            f.completeExceptionally(new IllegalStateException("scorer is closed"));
            return f;
        }
        queue.add(new Request(ids, f));
        return f;
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
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                batch.forEach(r -> r.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        Request r;
        while ((r = queue.poll()) != null) {
            r.result().completeExceptionally(new IllegalStateException("scorer is closed"));
        }
    }

    private void run(List<Request> batch) {
        batch.sort(Comparator.comparingInt(r -> r.ids().length));
        int start = 0;
        while (start < batch.size()) {
            int bucket = bucketOf(batch.get(start).ids().length);
            int end = start;
            while (end < batch.size() && bucketOf(batch.get(end).ids().length) == bucket) {
                end++;
            }
            List<Request> group = batch.subList(start, end);
            float[] scores = session.score(group.stream().map(Request::ids).toList());
            batches++;
            sequences += group.size();
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result().complete(scores[i]);
            }
            start = end;
        }
    }

    static int bucketOf(int len) {
        for (int b : BUCKETS) {
            if (len <= b) {
                return b;
            }
        }
        return Integer.MAX_VALUE;
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
