package io.centinela.model.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal reader and rewriter of the ONNX protobuf format, enough to read a model's initializers (weights) and
 * graph nodes, and to write a copy with some initializers replaced. Every other field is copied byte for byte,
 * so no generated ONNX classes are needed.
 *
 * <p>Field numbers (onnx.proto3): ModelProto.graph = 7; GraphProto.node = 1, initializer = 5; NodeProto.input = 1,
 * output = 2, name = 3, op_type = 4; TensorProto.dims = 1, data_type = 2, float_data = 4, int32_data = 5,
 * name = 8, raw_data = 9.
 */
public final class OnnxFile {

    public static final int FLOAT = 1;
    public static final int UINT8 = 2;
    public static final int INT8 = 3;

    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;

    /** A weight tensor. {@code data} is little-endian raw bytes in ONNX layout (row-major). */
    public record Tensor(String name, long[] dims, int dataType, byte[] data) {
        public float[] floats() {
            if (dataType != FLOAT) {
                throw new IllegalStateException(name + " is not float (data_type " + dataType + ")");
            }
            float[] out = new float[data.length / 4];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        public long size() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        public static Tensor ofFloats(String name, long[] dims, float[] values) {
            ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(values);
            return new Tensor(name, dims, FLOAT, buf.array());
        }
    }

    /** A graph node: op type, inputs and outputs by name. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {
    }

    /** An attribute of a node written by {@link #replaceNodes}: {@code value} is a Long, a long[] or a Float. */
    public record Attribute(String name, Object value) {
        public Attribute {
            if (!(value instanceof Long || value instanceof long[] || value instanceof Float)) {
                throw new IllegalArgumentException("attribute " + name + ": only int, ints and float are written");
            }
        }
    }

    /** A node to write (default ONNX domain). */
    public record NewNode(String name, String opType, List<String> inputs, List<String> outputs,
                          List<Attribute> attributes) {
        public NewNode(String name, String opType, List<String> inputs, List<String> outputs) {
            this(name, opType, inputs, outputs, List.of());
        }
    }

    private final byte[] bytes;
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    private OnnxFile(byte[] bytes) throws IOException {
        this.bytes = bytes;
        parseModel();
    }

    public static OnnxFile parse(byte[] bytes) throws IOException {
        return new OnnxFile(bytes);
    }

    public Map<String, Tensor> initializers() {
        return initializers;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The version of the default ONNX operator set the model imports (0 when it imports none). */
    public long opsetVersion() throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        long version = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) != MODEL_OPSET_IMPORT) {
                in.skipField(tag);
                continue;
            }
            CodedInputStream op = in.readBytes().newCodedInput();
            String domain = "";
            long v = 0;
            while (!op.isAtEnd()) {
                int t = op.readTag();
                switch (WireFormat.getTagFieldNumber(t)) {
                    case 1 -> domain = op.readString();
                    case 2 -> v = op.readInt64();
                    default -> op.skipField(t);
                }
            }
            if (domain.isEmpty() || domain.equals("ai.onnx")) {
                version = v;
            }
        }
        return version;
    }

    private void parseModel() throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH) {
                parseGraph(in.readBytes());
            } else {
                in.skipField(tag);
            }
        }
    }

    private void parseGraph(ByteString graph) throws IOException {
        CodedInputStream in = graph.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == GRAPH_NODE) {
                nodes.add(parseNode(in.readBytes()));
            } else if (field == GRAPH_INITIALIZER) {
                Tensor t = parseTensor(in.readBytes());
                initializers.put(t.name(), t);
            } else {
                in.skipField(tag);
            }
        }
    }

    private static Node parseNode(ByteString b) throws IOException {
        CodedInputStream in = b.newCodedInput();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String op = "";
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readString());
                case 2 -> outputs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> op = in.readString();
                default -> in.skipField(tag);
            }
        }
        return new Node(name, op, inputs, outputs);
    }

    static Tensor parseTensor(ByteString b) throws IOException {
        CodedInputStream in = b.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        byte[] raw = null;
        ByteArrayOutputStream floats = new ByteArrayOutputStream();
        List<Integer> ints = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            dims.add(in.readInt64());
                        }
                        in.popLimit(limit);
                    } else {
                        dims.add(in.readInt64());
                    }
                }
                case 2 -> type = in.readInt32();
                case 4 -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        floats.write(in.readBytes().toByteArray());
                    } else {
                        int bits = in.readFixed32();
                        floats.write(new byte[]{(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
                    }
                }
                case 5 -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            ints.add(in.readInt32());
                        }
                        in.popLimit(limit);
                    } else {
                        ints.add(in.readInt32());
                    }
                }
                case 8 -> name = in.readString();
                case 9 -> raw = in.readBytes().toByteArray();
                default -> in.skipField(tag);
            }
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        if (raw == null) {
            if (floats.size() > 0) {
                raw = floats.toByteArray();
            } else {
                // int8/uint8 stored in int32_data, one value per element.
                raw = new byte[ints.size()];
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = (byte) (int) ints.get(i);
                }
            }
        }
        return new Tensor(name, d, type, raw);
    }

    static byte[] encodeTensor(Tensor t) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(t.data().length + 128);
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        for (long d : t.dims()) {
            out.writeInt64(1, d);
        }
        out.writeInt32(2, t.dataType());
        out.writeString(8, t.name());
        out.writeByteArray(9, t.data());
        out.flush();
        return bos.toByteArray();
    }

    /**
     * Writes a copy of the model with the given initializers replaced (by name) and every other field unchanged.
     * Fails when a replacement names no initializer, or changes its size or type.
     */
    public byte[] rewrite(Map<String, Tensor> replacements) throws IOException {
        for (Tensor r : replacements.values()) {
            Tensor old = initializers.get(r.name());
            if (old == null) {
                throw new IllegalArgumentException("no initializer named " + r.name());
            }
            if (old.dataType() != r.dataType() || old.size() != r.size() || old.data().length != r.data().length) {
                throw new IllegalArgumentException("replacement for " + r.name() + " changes its type or size");
            }
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream(bytes.length + 1024);
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH) {
                out.writeByteArray(MODEL_GRAPH, rewriteGraph(in.readBytes(), replacements));
            } else {
                copyField(in, out, tag);
            }
        }
        out.flush();
        return bos.toByteArray();
    }

    private static byte[] rewriteGraph(ByteString graph, Map<String, Tensor> replacements) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(graph.size() + 1024);
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        CodedInputStream in = graph.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == GRAPH_INITIALIZER) {
                ByteString b = in.readBytes();
                Tensor t = parseTensor(b);
                Tensor r = replacements.get(t.name());
                out.writeByteArray(GRAPH_INITIALIZER, r == null ? b.toByteArray() : encodeTensor(r));
            } else {
                copyField(in, out, tag);
            }
        }
        out.flush();
        return bos.toByteArray();
    }

    private static final int GRAPH_VALUE_INFO = 13;

    /**
     * A copy of the model in which each node named in {@code replacements} is replaced, in its place (so the
     * topological order holds when the new nodes only read tensors produced before it), by the given nodes, and
     * {@code added} initializers are appended. The value_info of every tensor the replaced nodes produced is
     * dropped, since the new nodes may give it another shape. Every other field is copied byte for byte.
     */
    public byte[] replaceNodes(Map<String, List<NewNode>> replacements, List<Tensor> added) throws IOException {
        java.util.Set<String> known = new java.util.HashSet<>();
        java.util.Set<String> touched = new java.util.HashSet<>();
        for (Node n : nodes) {
            if (replacements.containsKey(n.name())) {
                known.add(n.name());
                touched.addAll(n.outputs());
            }
        }
        for (String name : replacements.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("no node named " + name);
            }
        }
        for (Tensor t : added) {
            if (initializers.containsKey(t.name())) {
                throw new IllegalArgumentException("an initializer named " + t.name() + " exists already");
            }
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream(bytes.length + 4096);
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) != MODEL_GRAPH) {
                copyField(in, out, tag);
                continue;
            }
            ByteArrayOutputStream gb = new ByteArrayOutputStream(bytes.length + 4096);
            CodedOutputStream g = CodedOutputStream.newInstance(gb);
            CodedInputStream gi = in.readBytes().newCodedInput();
            gi.setSizeLimit(Integer.MAX_VALUE);
            while (!gi.isAtEnd()) {
                int t = gi.readTag();
                int field = WireFormat.getTagFieldNumber(t);
                if (field == GRAPH_NODE) {
                    ByteString b = gi.readBytes();
                    List<NewNode> repl = replacements.get(parseNode(b).name());
                    if (repl == null) {
                        g.writeBytes(GRAPH_NODE, b);
                    } else {
                        for (NewNode n : repl) {
                            g.writeByteArray(GRAPH_NODE, encodeNode(n));
                        }
                    }
                } else if (field == GRAPH_VALUE_INFO) {
                    ByteString b = gi.readBytes();
                    if (!touched.contains(valueInfoName(b))) {
                        g.writeBytes(GRAPH_VALUE_INFO, b);
                    }
                } else {
                    copyField(gi, g, t);
                }
            }
            for (Tensor t : added) {
                g.writeByteArray(GRAPH_INITIALIZER, encodeTensor(t));
            }
            g.flush();
            out.writeByteArray(MODEL_GRAPH, gb.toByteArray());
        }
        out.flush();
        return bos.toByteArray();
    }

    /** NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5 (AttributeProto below). */
    static byte[] encodeNode(NewNode n) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        for (String i : n.inputs()) {
            out.writeString(1, i);
        }
        for (String o : n.outputs()) {
            out.writeString(2, o);
        }
        out.writeString(3, n.name());
        out.writeString(4, n.opType());
        for (Attribute a : n.attributes()) {
            out.writeByteArray(5, encodeAttribute(a));
        }
        out.flush();
        return bos.toByteArray();
    }

    /** AttributeProto: name = 1, f = 2, i = 3, ints = 8, type = 20 (FLOAT = 1, INT = 2, INTS = 7). */
    private static byte[] encodeAttribute(Attribute a) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        out.writeString(1, a.name());
        if (a.value() instanceof Float f) {
            out.writeFloat(2, f);
            out.writeEnum(20, 1);
        } else if (a.value() instanceof Long i) {
            out.writeInt64(3, i);
            out.writeEnum(20, 2);
        } else {
            for (long v : (long[]) a.value()) {
                out.writeInt64(8, v);
            }
            out.writeEnum(20, 7);
        }
        out.flush();
        return bos.toByteArray();
    }

    /**
     * A copy of the model in which graph output {@code output} is computed from the intermediate tensor
     * {@code source} through an Identity node, and every node, initializer and value_info no longer needed is
     * dropped. Used to serve the first N encoder layers: ONNX Runtime then never runs the layers above.
     */
    public byte[] rerouteOutput(String output, String source) throws IOException {
        Map<String, Integer> producer = new java.util.HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).outputs()) {
                producer.put(o, i);
            }
        }
        if (!producer.containsKey(source)) {
            throw new IllegalArgumentException("no node produces " + source);
        }
        if (!producer.containsKey(output)) {
            throw new IllegalArgumentException("no node produces the graph output " + output);
        }
        java.util.BitSet keep = new java.util.BitSet(nodes.size());
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(source));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            Integer n = producer.get(t);
            if (n != null && !keep.get(n)) {
                keep.set(n);
                todo.addAll(nodes.get(n).inputs());
            }
        }
        java.util.Set<String> used = new java.util.HashSet<>(List.of(source));
        java.util.Set<String> produced = new java.util.HashSet<>();
        for (int i = keep.nextSetBit(0); i >= 0; i = keep.nextSetBit(i + 1)) {
            used.addAll(nodes.get(i).inputs());
            produced.addAll(nodes.get(i).outputs());
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream(bytes.length);
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH) {
                out.writeByteArray(MODEL_GRAPH, pruneGraph(in.readBytes(), keep, used, produced, output, source));
            } else {
                copyField(in, out, tag);
            }
        }
        out.flush();
        return bos.toByteArray();
    }

    private static byte[] pruneGraph(ByteString graph, java.util.BitSet keep, java.util.Set<String> used,
                                     java.util.Set<String> produced, String output, String source) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(graph.size());
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        CodedInputStream in = graph.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        int nodeIndex = 0;
        boolean identityWritten = false;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == GRAPH_NODE) {
                ByteString b = in.readBytes();
                if (keep.get(nodeIndex)) {
                    out.writeBytes(GRAPH_NODE, b);
                }
                nodeIndex++;
            } else if (field == GRAPH_INITIALIZER) {
                ByteString b = in.readBytes();
                if (used.contains(parseTensor(b).name())) {
                    out.writeBytes(GRAPH_INITIALIZER, b);
                }
            } else if (field == GRAPH_VALUE_INFO) {
                ByteString b = in.readBytes();
                if (produced.contains(valueInfoName(b))) {
                    out.writeBytes(GRAPH_VALUE_INFO, b);
                }
            } else {
                if (!identityWritten && field > GRAPH_NODE) {
                    writeIdentity(out, source, output);
                    identityWritten = true;
                }
                copyField(in, out, tag);
            }
        }
        if (!identityWritten) {
            writeIdentity(out, source, output);
        }
        out.flush();
        return bos.toByteArray();
    }

    private static void writeIdentity(CodedOutputStream out, String source, String output) throws IOException {
        ByteArrayOutputStream nb = new ByteArrayOutputStream();
        CodedOutputStream n = CodedOutputStream.newInstance(nb);
        n.writeString(1, source);
        n.writeString(2, output);
        n.writeString(3, "centinela/truncated_output");
        n.writeString(4, "Identity");
        n.flush();
        out.writeByteArray(GRAPH_NODE, nb.toByteArray());
    }

    private static String valueInfoName(ByteString b) throws IOException {
        CodedInputStream in = b.newCodedInput();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                return in.readString();
            }
            in.skipField(tag);
        }
        return "";
    }

    private static void copyField(CodedInputStream in, CodedOutputStream out, int tag) throws IOException {
        in.skipField(tag, out);
    }
}
