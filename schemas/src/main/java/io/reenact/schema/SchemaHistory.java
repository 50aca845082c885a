package io.reenact.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;

/**
 * Earlier versions of the project's schemas, kept as resources (see history/README.md): the data a
 * compatibility check compares against, and the writer schemas a decoder needs for records that an
 * older producer wrote.
 */
public final class SchemaHistory {

    private static final String ROOT = "history/";

    private SchemaHistory() {
    }

    /** Resource paths relative to the history folder, in index order, e.g. {@code v1/Avatar.avsc}. */
    public static List<String> index() {
        List<String> lines = new ArrayList<>();
        try (InputStream in = open(ROOT + "index.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** Version names in index order, e.g. {@code [v1, v2]}. */
    public static List<String> versions() {
        return index().stream().map(p -> p.substring(0, p.indexOf('/'))).distinct().toList();
    }

    /** The named schemas (records and enums) of one version, by full name. */
    public static Map<String, Schema> version(String version) {
        List<String> files = index().stream().filter(p -> p.startsWith(version + "/")).toList();
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no schema version " + version + " in the history");
        }
        try {
            return parseAll(files.stream().map(f -> ROOT + f).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read schema version " + version, e);
        }
    }

    /** Every version: version name → (full name → schema). Parsed once, then shared (schemas are immutable). */
    public static Map<String, Map<String, Schema>> all() {
        return All.VERSIONS;
    }

    private static final class All {
        static final Map<String, Map<String, Schema>> VERSIONS = load();

        private static Map<String, Map<String, Schema>> load() {
            Map<String, Map<String, Schema>> all = new LinkedHashMap<>();
            for (String v : versions()) {
                all.put(v, Collections.unmodifiableMap(version(v)));
            }
            return Collections.unmodifiableMap(all);
        }
    }

    /**
     * Parses .avsc resources that may refer to each other in any order: Avro's SchemaParser keeps
     * unresolved references until every file is read.
     */
    static Map<String, Schema> parseAll(List<String> resources) throws IOException {
        SchemaParser parser = new SchemaParser();
        List<SchemaParser.ParseResult> results = new ArrayList<>();
        for (String resource : resources) {
            try (InputStream in = open(resource)) {
                results.add(parser.parse(in));
            }
        }
        Map<String, Schema> byName = new TreeMap<>();
        for (SchemaParser.ParseResult result : results) {
            Schema schema = parser.resolve(result);
            byName.put(schema.getFullName(), schema);
        }
        return byName;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = SchemaHistory.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("missing resource " + resource + " next to " + SchemaHistory.class.getName());
        }
        return in;
    }
}
