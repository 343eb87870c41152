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
 * The WordPiece tokenizer of the base model (tokenizer.json), truncating to a maximum length with [CLS] and
 * [SEP] added. The maximum can differ per domain (web requests need 128 tokens for payloads in the last
 * parameter, most Windows events fit in 96): the domain is read from the rendered text's kind word, so training
 * and serving cut every text the same way. No padding: batches pad to their own longest sequence. Thread-safe.
 */
public final class ModelTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;
    private final Map<String, Integer> domainMaxLength;

    private ModelTokenizer(HuggingFaceTokenizer tokenizer, int maxLength, Map<String, Integer> domainMaxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.domainMaxLength = domainMaxLength == null ? Map.of() : Map.copyOf(domainMaxLength);
        this.domainMaxLength.forEach((d, n) -> {
            if (n < 8 || n > maxLength) {
                throw new IllegalArgumentException("max length for " + d + " must be in 8.." + maxLength + ", got " + n);
            }
        });
    }

    /** The same tokenizer with per-domain maximum lengths (each at most {@link #maxLength()}). */
    public ModelTokenizer withDomainMaxLength(Map<String, Integer> perDomain) {
        return new ModelTokenizer(tokenizer, maxLength, perDomain);
    }

    /** Tokens kept for a rendered text of this domain. */
    public int maxLengthFor(String domain) {
        return domainMaxLength.getOrDefault(domain, maxLength);
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
        return new ModelTokenizer(t, maxLength, Map.of());
    }

    public int maxLength() {
        return maxLength;
    }

    /** Token ids with [CLS] ... [SEP], at most the text's domain maximum. */
    public long[] encode(String text) {
        String t = text == null ? "" : text;
        return cut(tokenizer.encode(t).getIds(), lengthFor(t));
    }

    /**
     * Batch form of {@link #encode(String)}, with the same result. Long texts are first tokenized from a prefix
     * that ends at a space (BERT splits words at whitespace and never merges across it, so the prefix's tokens are
     * the full text's first tokens); only when the prefix does not fill the length is the whole text tokenized.
     * E-mails are rendered to ~1,200 characters but keep 48-64 tokens: this saves most of their tokenizing.
     */
    public long[][] encode(List<String> texts) {
        int[] lengths = new int[texts.size()];
        List<String> prefixes = new java.util.ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i) == null ? "" : texts.get(i);
            lengths[i] = lengthFor(t);
            prefixes.add(prefix(t, lengths[i]));
        }
        Encoding[] enc = tokenizer.batchEncode(prefixes);
        long[][] out = new long[enc.length][];
        for (int i = 0; i < enc.length; i++) {
            String text = texts.get(i) == null ? "" : texts.get(i);
            long[] ids = enc[i].getIds();
            if (prefixes.get(i).length() < text.length() && ids.length < lengths[i]) {
                ids = tokenizer.encode(text).getIds(); // the prefix was too short to fill the length
            }
            out[i] = cut(ids, lengths[i]);
        }
        return out;
    }

    /** Characters per kept token assumed for the prefix (WordPiece tokens of log text average ~3-4 characters). */
    static final int PREFIX_CHARS_PER_TOKEN = 6;

    private int lengthFor(String text) {
        return domainMaxLength.isEmpty() ? maxLength : maxLengthFor(EventText.domainOfText(text));
    }

    private static String prefix(String text, int length) {
        int want = length * PREFIX_CHARS_PER_TOKEN;
        if (text.length() <= want) {
            return text;
        }
        int space = text.lastIndexOf(' ', want);
        return space <= 0 ? text : text.substring(0, space);
    }

    /** Same as the tokenizer's own truncation at {@code n}: [CLS] + first n-2 tokens + [SEP]. */
    private static long[] cut(long[] ids, int n) {
        if (ids.length <= n) {
            return ids;
        }
        long[] out = java.util.Arrays.copyOf(ids, n);
        out[n - 1] = ids[ids.length - 1];
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
