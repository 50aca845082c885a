package io.reenact.model.train;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Minimal {@code --name value} / {@code --switch} parsing for the model module's main classes (the
 * CLI module wires the same options through picocli). Unknown options are an error, so a typo
 * never silently trains with a default.
 */
public final class Flags {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> switches = new HashSet<>();
    private final Set<String> used = new HashSet<>();

    public Flags(String[] args, Set<String> knownSwitches) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (knownSwitches.contains(name)) {
                switches.add(name);
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
        }
    }

    public boolean has(String name) {
        used.add(name);
        return switches.contains(name) || values.containsKey(name);
    }

    public String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        String v = string(name, null);
        return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
    }

    public long longValue(String name, long fallback) {
        String v = string(name, null);
        return v == null ? fallback : Long.parseLong(v.replace("_", ""));
    }

    public float floating(String name, float fallback) {
        String v = string(name, null);
        return v == null ? fallback : Float.parseFloat(v);
    }

    public Path path(String name, Path fallback) {
        String v = string(name, null);
        return v == null ? fallback : Path.of(v);
    }

    public Path requiredPath(String name) {
        Path p = path(name, null);
        if (p == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return p;
    }

    /** Fails on options that were given but never asked for. */
    public void rejectUnknown() {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
        for (String k : switches) {
            if (!used.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
    }

    public static List<String> commandLine(String mainClass, String[] args) {
        List<String> c = new java.util.ArrayList<>();
        c.add(mainClass);
        c.addAll(List.of(args));
        return c;
    }
}
