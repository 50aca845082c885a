package io.reenact.common;

import io.reenact.schema.StageTiming;

/** Started when a stage receives a record; {@link #done} yields the StageTiming to append. */
public final class StageTimer {

    private final String stage;
    private final StageClock clock;
    private final long receivedMs;

    StageTimer(String stage, StageClock clock) {
        this.stage = stage;
        this.clock = clock;
        this.receivedMs = clock.nowMs();
    }

    public String stage() {
        return stage;
    }

    public long receivedMs() {
        return receivedMs;
    }

    public StageTiming done(long modelMicros) {
        return StageTiming.newBuilder()
            .setStage(stage)
            .setReceivedMs(receivedMs)
            .setDoneMs(clock.nowMs())
            .setModelMicros(modelMicros)
            .build();
    }

    public StageTiming done() {
        return done(0L);
    }
}
