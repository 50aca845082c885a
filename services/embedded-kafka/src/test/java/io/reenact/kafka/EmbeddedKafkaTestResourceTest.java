package io.reenact.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import io.reenact.common.Topics;
import io.reenact.kafka.quarkus.EmbeddedKafkaTestResource;

class EmbeddedKafkaTestResourceTest {

    @Test
    void startsABrokerWithTheTopicsAndPointsQuarkusAtIt() throws Exception {
        EmbeddedKafkaTestResource resource = new EmbeddedKafkaTestResource();
        resource.init(Map.of("partitions", "3"));
        Map<String, String> config = resource.start();
        try {
            String bootstrap = config.get("kafka.bootstrap.servers");
            assertEquals(bootstrap, config.get("quarkus.kafka-streams.bootstrap-servers"));
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            try (Admin admin = Admin.create(p)) {
                var topics = admin.describeTopics(List.of(Topics.POSE_EMBEDDINGS, Topics.SESSION_BINDINGS))
                    .allTopicNames().get();
                assertTrue(topics.values().stream().allMatch(t -> t.partitions().size() == 3));
            }
        } finally {
            resource.stop();
        }
    }
}
