package io.reenact.common;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deploy files' topics are Topics.java's: one source of truth. */
class TopicFilesTest {

    private static final Path DEPLOY = Path.of("../../deploy");

    @Test
    void theCommittedTopicFilesAreWhatTopicsJavaSays() throws Exception {
        assertEquals(TopicFiles.createTopicsScript(), Files.readString(DEPLOY.resolve("topics/create-topics.sh")),
                "regenerate: java -cp services/common/target/classes io.reenact.common.TopicFiles deploy");
        assertEquals(TopicFiles.strimziTopics(), Files.readString(DEPLOY.resolve("k8s/strimzi-topics.yaml")),
                "regenerate: java -cp services/common/target/classes io.reenact.common.TopicFiles deploy");
        assertEquals(TopicFiles.registerSchemasScript(), Files.readString(DEPLOY.resolve("registry/register-schemas.sh")),
                "regenerate: java -cp services/common/target/classes io.reenact.common.TopicFiles deploy");
    }

    @Test
    void everyTopicIsCreatedWithItsLimits() {
        String script = TopicFiles.createTopicsScript();
        for (Topics.TopicSpec spec : Topics.specs()) {
            assertTrue(script.contains("create " + spec.name() + " \""), spec.name());
            assertTrue(script.contains("max.message.bytes=" + spec.configs().get("max.message.bytes")), spec.name());
        }
    }
}
