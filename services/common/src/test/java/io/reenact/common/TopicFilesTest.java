package io.reenact.common;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deploy files' topics are Topics.java's: one source of truth. */
class TopicFilesTest {

    private static final Path DEPLOY = Path.of("../../deploy");

    private static final String REGENERATE = "regenerate: mvn -pl services/common test -Dtest=TopicFilesTest -Dreenact.regenerate=true";

    @Test
    void theCommittedTopicFilesAreWhatTopicsJavaSays() throws Exception {
        if (Boolean.getBoolean("reenact.regenerate")) {
            TopicFiles.main(new String[] {DEPLOY.toString()});
        }
        assertEquals(TopicFiles.createTopicsScript(), Files.readString(DEPLOY.resolve("topics/create-topics.sh")),
                REGENERATE);
        assertEquals(TopicFiles.strimziTopics(), Files.readString(DEPLOY.resolve("k8s/strimzi-topics.yaml")),
                REGENERATE);
        assertEquals(TopicFiles.registerSchemasScript(), Files.readString(DEPLOY.resolve("registry/register-schemas.sh")),
                REGENERATE);
    }

    @Test
    void everyTopicIsCreatedWithItsLimits() {
        String script = TopicFiles.createTopicsScript();
        for (Topics.TopicSpec spec : Topics.specs()) {
            assertTrue(script.contains("create " + spec.name() + " \""), spec.name());
            assertTrue(script.contains("max.message.bytes=" + spec.configs().get("max.message.bytes")), spec.name());
        }
    }

    @Test
    void theSchemaScriptGivesUpOnARegistryThatNeverAnswers() throws Exception {
        try (var silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // accepts connections (the kernel's backlog) and never answers: a request lost on the way
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/apis/ccompat/v7";
            ProcessBuilder script = new ProcessBuilder("bash", DEPLOY.resolve("registry/register-schemas.sh").toString(), url)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            script.environment().put("REGISTRY_TIMEOUT", "1");
            Process p = script.start();
            boolean finished = p.waitFor(60, TimeUnit.SECONDS);
            p.destroyForcibly();
            assertTrue(finished, "the script gave up instead of waiting for ever");
            assertTrue(p.exitValue() != 0, "and said it failed");
        }
    }
}
