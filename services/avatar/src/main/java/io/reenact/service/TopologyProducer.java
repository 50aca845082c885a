package io.reenact.service;

import io.reenact.avatar.EnrolTopology;
import io.reenact.common.Topics;
import io.reenact.stages.ReenactorModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.Stores;

/**
 * The avatar service's topology: enrolment (enrolment-frames → avatars) and, for the REST API's
 * listing, a global table of the avatars topic.
 */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    @Singleton
    Topology topology(ReenactorModels models, StageSettings settings, MicrometerStageMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        new EnrolTopology(models, settings.options(metrics)).addTo(builder);
        builder.globalTable(Topics.AVATARS, Consumed.with(Serdes.String(), Serdes.ByteArray()),
                Materialized.<String, byte[]>as(Stores.inMemoryKeyValueStore(AvatarDirectory.STORE))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        return builder.build();
    }
}
