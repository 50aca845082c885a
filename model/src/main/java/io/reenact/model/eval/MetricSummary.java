package io.reenact.model.eval;

/** Running mean of one figure over the evaluated outputs. */
final class MetricSummary {

    private double sum;
    private double sumSq;
    private int n;

    void add(double v) {
        if (Double.isNaN(v)) {
            return;
        }
        sum += v;
        sumSq += v * v;
        n++;
    }

    double mean() {
        return n == 0 ? Double.NaN : sum / n;
    }

    double std() {
        return n < 2 ? 0 : Math.sqrt(Math.max(0, sumSq / n - mean() * mean()));
    }

    /** Standard error of the mean, from the sample standard deviation; NaN below two values. */
    double standardError() {
        return n < 2 ? Double.NaN : std() * Math.sqrt(n / (double) (n - 1)) / Math.sqrt(n);
    }

    int count() {
        return n;
    }

    void clear() {
        sum = 0;
        sumSq = 0;
        n = 0;
    }
}
