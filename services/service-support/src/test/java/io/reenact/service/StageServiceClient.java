package io.reenact.service;

import io.reenact.common.ClientSettings;
import io.reenact.common.ReenactSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

/**
 * What a stage service's {@code @QuarkusTest} does around the record it checks: wait until the
 * service reports ready (its topology has joined the broker), and read a stage's output topic
 * from the beginning. Shipped to the services as this module's test-jar.
 */
public final class StageServiceClient {

    private static final long TIMEOUT_MS = 60_000;

    private StageServiceClient() {
    }

    /** Blocks until /q/health/ready answers UP, then asserts it. */
    public static void awaitReady() throws InterruptedException {
        long until = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < until && given().get("/q/health/ready").statusCode() != 200) {
            Thread.sleep(200);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }

    /** Up to {@code n} records of {@code topic}, read by a fresh consumer group; fewer if the time runs out. */
    public static <T extends SpecificRecord> List<T> consume(String bootstrap, String topic, Class<T> type, int n) {
        Properties props = ClientSettings.consumer(bootstrap, "test-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        List<T> got = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                ReenactSerdes.forType(type).deserializer())) {
            consumer.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + TIMEOUT_MS;
            while (got.size() < n && System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
            }
        }
        return got;
    }
}
