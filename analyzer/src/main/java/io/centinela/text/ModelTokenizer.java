package io.centinela.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The WordPiece tokenizer of the base model (tokenizer.json), truncating to a fixed maximum length with
 * [CLS] and [SEP] added. No padding: batches pad to their own longest sequence. Thread-safe.
 */
public final class ModelTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private ModelTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    public static ModelTokenizer fromFile(Path tokenizerJson, int maxLength) throws IOException {
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            return fromStream(in, maxLength);
        }
    }

    public static ModelTokenizer fromStream(InputStream in, int maxLength) throws IOException {
        if (maxLength < 8 || maxLength > 512) {
            throw new IllegalArgumentException("maxLength must be in 8..512, got " + maxLength);
        }
        HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(in, Map.of(
                "maxLength", String.valueOf(maxLength), "truncation", "true", "padding", "false",
                "addSpecialTokens", "true"));
        return new ModelTokenizer(t, maxLength);
    }

    public int maxLength() {
        return maxLength;
    }

    /** Token ids with [CLS] ... [SEP], at most maxLength. */
    public long[] encode(String text) {
        return tokenizer.encode(text == null ? "" : text).getIds();
    }

    public long[][] encode(List<String> texts) {
        Encoding[] enc = tokenizer.batchEncode(texts);
        long[][] out = new long[enc.length][];
        for (int i = 0; i < enc.length; i++) {
            out[i] = enc[i].getIds();
        }
        return out;
    }

    /** Token count without truncation (for length statistics). */
    public int untruncatedLength(String text) {
        return tokenizer.encode(text == null ? "" : text, true, false).getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
