package io.reenact.model.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchTest {

    @Test
    void anUnknownOptionIsRefusedWithTheUsageAndHelpPrintsOnlyTheUsage() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bench.main(new String[] {"--config", "warp-128"}));
        assertTrue(e.getMessage().contains("--configs A,B"), e.getMessage());
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Bench.main(new String[] {"--help"});
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.startsWith("usage: bench"), "the usage and nothing before it (no benchmark ran): " + text);
    }
}
