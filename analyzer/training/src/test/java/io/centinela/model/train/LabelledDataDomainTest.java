package io.centinela.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** eval's domain (and so its threshold) comes from each event, as serving takes it, not from the folder name. */
class LabelledDataDomainTest {

    @Test
    void theDomainIsTheEventsOwnWhateverTheFolder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("misc/mixed.jsonl"); // a folder that is not email/web/windows
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(
                "{\"event\":{\"http\":{\"request\":{\"method\":\"GET\"}},\"url\":{\"original\":\"/index.php?id=1\"},"
                        + "\"source\":{\"ip\":\"10.0.0.1\"}},\"label\":\"benign\",\"category\":\"web-normal\"}",
                "{\"event\":{\"EventID\":1,\"Image\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"CommandLine\":\"cmd /c whoami\"},"
                        + "\"label\":\"malicious\",\"category\":\"discovery\"}"));
        LabelledData.Loaded l = LabelledData.load(file, LabelledData.Filter.NONE);
        assertEquals(0, l.skipped(), l.errors().toString());
        assertEquals(List.of("web", "windows"), l.examples().stream().map(Example::domain).toList());
        assertEquals("eid-1", l.examples().get(1).group());
    }
}
