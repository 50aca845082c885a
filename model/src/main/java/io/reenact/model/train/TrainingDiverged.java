package io.reenact.model.train;

/**
 * Training gave up because the loss stayed non-finite: the weights are not trusted past the last
 * checkpoint. Distinct from a usage error so that a supervisor (the {@code reenact} script) resumes
 * from that checkpoint instead of stopping.
 */
public final class TrainingDiverged extends IllegalStateException {

    /** The exit status the command line gives for it (EX_TEMPFAIL: try again). */
    public static final int EXIT_STATUS = 75;

    public TrainingDiverged(String message) {
        super(message);
    }
}
