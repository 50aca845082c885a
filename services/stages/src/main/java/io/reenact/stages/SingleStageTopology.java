package io.reenact.stages;

import io.reenact.common.ReenactSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The shape shared by the stages that turn one input record into one output record with no table to
 * join (segment, pose): raw bytes in, a {@link StageProcessor} that decodes, checks and runs the
 * network, and an {@link OutcomeRouter} that sends results on and failures to the dead letters.
 * Stages with tables (generate, enrol) build their own topologies.
 */
public abstract class SingleStageTopology<O extends SpecificRecord> {

    private final String stage;
    private final Class<O> outputType;
    private final String inputTopic;
    private final String outputTopic;
    private final String deadLetterTopic;
    protected final StageOptions options;

    protected SingleStageTopology(String stage, Class<O> outputType, String inputTopic, String outputTopic,
            String deadLetterTopic, StageOptions options) {
        this.stage = stage;
        this.outputType = outputType;
        this.inputTopic = inputTopic;
        this.outputTopic = outputTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.options = options;
    }

    /** One processor per stream task: Kafka Streams asks for a new one for each. */
    protected abstract StageProcessor<O> newProcessor();

    public Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build();
    }

    public void addTo(StreamsBuilder builder) {
        KStream<String, Outcome<O>> outcomes = builder
                .stream(inputTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(stage + "-source"))
                .process(this::newProcessor, Named.as(stage + "-process"));
        OutcomeRouter.route(stage, outcomes, outputTopic, ReenactSerdes.forType(outputType, options.serdeConfig()),
                deadLetterTopic, options.serdeConfig());
    }
}
