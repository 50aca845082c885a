/**
 * What every stage of the pipeline shares: topic names and configs ({@link io.reenact.common.Topics}),
 * record encoding ({@link io.reenact.common.ReenactSerdes}), dead letters, stage timings and the
 * low-latency client and Streams settings.
 *
 * <h2>Encoding</h2>
 * {@code reenact.serde=single-object} (the default) uses Avro's single-object encoding: each value
 * starts with C3 01 and the writer schema's 64-bit fingerprint, so no registry is needed; a reader
 * decodes records from every schema version kept in the schema history (upgrade consumers before
 * producers, since an old reader cannot know a newer writer's fingerprint). {@code reenact.serde=registry}
 * with {@code reenact.registry.url} uses Apicurio Registry's serdes in the Confluent-compatible
 * wire format (magic byte 0, 4-byte content id, body); there the registry serves every version to
 * every reader and enforces compatibility on registration. Keys are plain UTF-8 stream or avatar ids.
 *
 * <h2>Bad records</h2>
 * A record that cannot be decoded or processed must not stop a stage, and no good record may be
 * lost around it. Two layers:
 * <ol>
 * <li>Stages consume {@code byte[]} values and decode inside the topology with
 * {@link io.reenact.common.Decoding}, branching {@link io.reenact.common.Decoded} failures to the
 * {@code dead-letters} topic. Validation failures after decoding (corrupt image, wrong dimensions,
 * NaN, unknown avatar) are branched the same way with {@link io.reenact.common.DeadLetters}. This
 * keeps dead letters part of the topology: visible to TopologyTestDriver tests and written by the
 * Streams producer, in order with the stage's other output.</li>
 * <li>{@link io.reenact.common.DeadLetterExceptionHandler}, installed by
 * {@link io.reenact.common.StreamsSettings} as both the deserialization and the processing exception
 * handler, catches whatever escapes (a typed source such as a GlobalKTable, an unexpected exception
 * in a processor) and publishes a DeadLetter with the original bytes from the error context, then
 * continues. Kafka Streams 4.1 has these handler hooks but not yet a built-in dead-letter queue.</li>
 * </ol>
 */
package io.reenact.common;
