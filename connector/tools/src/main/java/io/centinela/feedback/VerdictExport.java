package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an exported triage collection: {@code .csv} with a header row (as {@code | inputlookup
 * centinela_triage_lookup | outputcsv} writes it) or JSON (the REST API's array, or one record per line).
 */
final class VerdictExport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VerdictExport() {
    }

    static List<JsonNode> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "verdict export not found");
        }
        List<JsonNode> out = new ArrayList<>();
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            CsvMapper csv = new CsvMapper();
            try (MappingIterator<JsonNode> it = csv.readerFor(JsonNode.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
                it.forEachRemaining(out::add);
            }
            return out;
        }
        String text = Files.readString(file).strip();
        if (text.startsWith("[")) {
            JSON.readTree(text).forEach(out::add);
            return out;
        }
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (!line.isBlank()) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new IOException(file + ":" + n + ": not a JSON record: " + e.getMessage());
                }
            }
        }
        return out;
    }
}
