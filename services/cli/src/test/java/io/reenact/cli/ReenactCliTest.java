package io.reenact.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user sees for a wrong command line: one line that says what is wrong, and where help is. */
class ReenactCliTest {

    @Test
    void aBadOptionOfAModelToolIsOneLineAndTheUsageNeverAStackTrace() {
        Result r = run("train", "--no-such-option", "3");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("reenact train: unknown option --no-such-option")
                || r.err().startsWith("reenact train: "), r.err());
        assertTrue(r.err().contains("usage: reenact train --help"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.err().lines().count() <= 2, r.err());
    }

    @Test
    void aMissingValueIsAUsageErrorToo() {
        Result r = run("eval", "--checkpoint");
        assertEquals(2, r.code(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.err().contains("--checkpoint"), r.err());
    }

    @Test
    void theLongRunningCommandsAreListed() {
        Result r = run("--help");
        assertEquals(0, r.code());
        for (String command : new String[] {"up", "soak", "demo"}) {
            assertTrue(r.out().contains(command), r.out());
        }
    }

    @Test
    void everyCommandIsListedWithItsWholeSummary() {
        // picocli lists a command by the first element of its description: a sentence cut over
        // several elements showed only up to its first comma
        String out = run("--help").out();
        String commands = out.substring(out.indexOf("Commands:") + "Commands:".length());
        java.util.regex.Matcher entry = java.util.regex.Pattern.compile("(?m)^  (\\S+)\\s+(.*(?:\\n {4,}.*)*)").matcher(commands);
        int listed = 0;
        while (entry.find()) {
            listed++;
            String summary = entry.group(2).replaceAll("\\s+", " ").trim();
            assertTrue(summary.endsWith("."), entry.group(1) + "'s summary is cut: " + summary);
        }
        assertTrue(listed >= 15, "every command listed: " + out);
    }

    @Test
    void mintsATokenThatVerifiesAndCarriesItsGrants(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Result r = run("token", "--data-dir", dir.toString(), "--owner", "alice", "--streams", "alice-*,studio-1",
                "--avatars", "alice-*", "--days", "2");
        assertEquals(0, r.code(), r.err());
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            var user = io.reenact.access.AccessTokens.fromKeyDir(vertx, dir.resolve("keys")).authenticate(r.out().trim())
                    .toCompletionStage().toCompletableFuture().get();
            var grants = io.reenact.access.AccessTokens.grants(user);
            assertEquals("alice", grants.owner());
            assertEquals(java.util.List.of("alice-*", "studio-1"), grants.streams());
            assertTrue(grants.mayUseAvatar("alice-2"));
            assertFalse(grants.mayUseAvatar("bob-2"));
        } finally {
            vertx.close();
        }
        assertEquals(2, run("token", "--data-dir", dir.toString()).code(), "--owner is required");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ReenactCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
