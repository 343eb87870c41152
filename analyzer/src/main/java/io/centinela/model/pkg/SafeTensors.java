package io.centinela.model.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes float32 tensors in the safetensors format (8-byte little-endian header length, JSON header
 * with dtype/shape/data_offsets, then the raw data), so adapters can also be read by Python tools.
 */
public final class SafeTensors {

    /** A float tensor with its shape. */
    public record Entry(long[] shape, float[] data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors() {
    }

    public static void write(Path file, Map<String, Entry> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long len = e.getValue().data().length * 4L;
            t.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] h = JSON.writeValueAsBytes(header);
        int pad = (8 - h.length % 8) % 8;
        byte[] hp = new byte[h.length + pad];
        System.arraycopy(h, 0, hp, 0, h.length);
        for (int i = h.length; i < hp.length; i++) {
            hp[i] = ' ';
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hp.length).array());
            out.write(hp);
            for (Entry e : tensors.values()) {
                ByteBuffer b = ByteBuffer.allocate(e.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(e.data());
                out.write(b.array());
            }
        }
    }

    public static Map<String, Entry> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 8) {
            throw new IOException(file + ": not a safetensors file (too short)");
        }
        long hl = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (hl <= 0 || hl > all.length - 8) {
            throw new IOException(file + ": not a safetensors file (bad header length)");
        }
        JsonNode header = JSON.readTree(new String(all, 8, (int) hl, StandardCharsets.UTF_8));
        int base = 8 + (int) hl;
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            if (!"F32".equals(t.path("dtype").asText())) {
                throw new IOException(file + ": tensor " + e.getKey() + " is not F32");
            }
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            long start = t.path("data_offsets").get(0).asLong();
            long end = t.path("data_offsets").get(1).asLong();
            if (start < 0 || end < start || base + end > all.length) {
                throw new IOException(file + ": tensor " + e.getKey() + " lies outside the file");
            }
            float[] data = new float[(int) ((end - start) / 4)];
            ByteBuffer.wrap(all, (int) (base + start), (int) (end - start)).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(data);
            out.put(e.getKey(), new Entry(shape, data));
        }
        return out;
    }
}
