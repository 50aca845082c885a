package io.reenact.stages;

import io.reenact.common.ReenactSerdes;
import io.reenact.schema.DeadLetter;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/** Sends a stage's outcomes to its output topic and its refusals to the dead-letter topic. */
public final class OutcomeRouter {

    private OutcomeRouter() {
    }

    public static <T> void route(String stage, KStream<String, Outcome<T>> outcomes, String outputTopic,
            Serde<T> outputSerde, String deadLetterTopic, Map<String, ?> serdeConfig) {
        Serde<DeadLetter> deadLetterSerde = ReenactSerdes.forType(DeadLetter.class, serdeConfig);
        outcomes.split(Named.as(stage + "-"))
                .branch((key, outcome) -> outcome.ok(), Branched.withConsumer(
                        ok -> ok.mapValues(Outcome::value, Named.as(stage + "-value"))
                                .to(outputTopic, Produced.with(Serdes.String(), outputSerde)), "ok"))
                .defaultBranch(Branched.withConsumer(
                        bad -> bad.mapValues(Outcome::deadLetter, Named.as(stage + "-dead-letter"))
                                .to(deadLetterTopic, Produced.with(Serdes.String(), deadLetterSerde)), "rejected"));
    }
}
