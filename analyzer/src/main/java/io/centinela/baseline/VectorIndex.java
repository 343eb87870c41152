package io.centinela.baseline;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lucene's HNSW graph over one kind's baseline vectors, in memory ({@link ByteBuffersDirectory}): documents keyed
 * by the text hash, a {@link KnnFloatVectorField} with cosine similarity, searched with {@link KnnFloatVectorQuery}.
 * The index is derived state: {@link KindBaseline} holds the vectors and rebuilds it on load. Adds and deletes
 * become visible at {@link #refresh}. Not thread-safe for writes; {@link #candidates} may run concurrently with
 * other searches (the owner's lock keeps writers out).
 */
final class VectorIndex implements Closeable {

    private static final String VECTOR = "v";
    private static final String KEY = "h";

    private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private DirectoryReader reader;
    private IndexSearcher searcher;

    VectorIndex() {
        try {
            IndexWriterConfig cfg = new IndexWriterConfig();
            // One merge thread less per kind: merges run in the learning thread (small segments, bounded size).
            cfg.setMergeScheduler(new SerialMergeScheduler());
            cfg.setUseCompoundFile(false);
            writer = new IndexWriter(dir, cfg);
            reader = DirectoryReader.open(writer);
            searcher = new IndexSearcher(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the in-memory vector index", e);
        }
    }

    void add(long hash, float[] unitVector) {
        Document d = new Document();
        d.add(new StringField(KEY, Long.toHexString(hash), Field.Store.NO));
        d.add(new StoredField(KEY, hash));
        d.add(new KnnFloatVectorField(VECTOR, unitVector, VectorSimilarityFunction.COSINE));
        try {
            writer.addDocument(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(long hash) {
        try {
            writer.deleteDocuments(new Term(KEY, Long.toHexString(hash)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes adds and deletes since the last refresh visible to searches. */
    void refresh() {
        try {
            DirectoryReader next = DirectoryReader.openIfChanged(reader, writer);
            if (next != null) {
                reader.close();
                reader = next;
                searcher = new IndexSearcher(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hashes of the approximate {@code k} nearest vectors (HNSW), best first; the caller re-ranks exactly. */
    List<Long> candidates(float[] unitQuery, int k) {
        if (reader.numDocs() == 0) {
            return List.of();
        }
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, unitQuery, k), k);
            StoredFields stored = searcher.storedFields();
            List<Long> out = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(stored.document(sd.doc).getField(KEY).numericValue().longValue());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
            writer.close();
            dir.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
