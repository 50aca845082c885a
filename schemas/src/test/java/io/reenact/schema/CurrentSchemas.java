package io.reenact.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;

/** The schemas as they are now in src/main/avro (tests run with the module as working directory). */
final class CurrentSchemas {

    static final Path SOURCE = Path.of("src", "main", "avro");

    private CurrentSchemas() {
    }

    static Map<String, Schema> load() throws IOException {
        SchemaParser parser = new SchemaParser();
        List<SchemaParser.ParseResult> results = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                results.add(parser.parse(f));
            }
        }
        Map<String, Schema> byName = new TreeMap<>();
        for (SchemaParser.ParseResult r : results) {
            Schema s = parser.resolve(r);
            byName.put(s.getFullName(), s);
        }
        return byName;
    }
}
