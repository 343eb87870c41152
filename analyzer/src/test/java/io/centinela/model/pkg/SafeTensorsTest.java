package io.centinela.model.pkg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SafeTensorsTest {

    @Test
    void roundTrip(@TempDir Path dir) throws Exception {
        Map<String, SafeTensors.Entry> m = new LinkedHashMap<>();
        m.put("a", new SafeTensors.Entry(new long[]{2, 3}, new float[]{1, 2, 3, 4, 5, 6}));
        m.put("b", new SafeTensors.Entry(new long[]{1}, new float[]{-0.5f}));
        Path f = dir.resolve("x.safetensors");
        SafeTensors.write(f, m);
        Map<String, SafeTensors.Entry> r = SafeTensors.read(f);
        assertArrayEquals(m.get("a").data(), r.get("a").data());
        assertArrayEquals(new long[]{2, 3}, r.get("a").shape());
        assertArrayEquals(m.get("b").data(), r.get("b").data());
    }

    @Test
    void refusesGarbage(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad");
        Files.write(f, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThrows(java.io.IOException.class, () -> SafeTensors.read(f));
    }
}
