package litellm.eval;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The statistics of the results table: 95 % confidence intervals (Wilson's for a pass rate, a percentile bootstrap for
 * other scores), McNemar's exact test for two models' pass/fail on the same items, a paired bootstrap for other
 * scores, percentiles. Bootstraps use a fixed seed: the same results give the same table.
 */
public final class Stats {
    /** The normal quantile of a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;
    static final int RESAMPLES = 2000;
    private static final long SEED = 20240601L;

    /** A mean with its 95 % interval. @param method {@code wilson} or {@code bootstrap} */
    public record Interval(double mean, double low, double high, String method) {}

    private Stats() {}

    /** Wilson's score interval of a proportion, {@code passes} out of {@code n}. */
    public static Interval wilson(long passes, long n) {
        if (n == 0) return new Interval(Double.NaN, Double.NaN, Double.NaN, "wilson");
        double p = (double) passes / n, z2 = Z95 * Z95;
        double center = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Interval(p, Math.max(0, center - half), Math.min(1, center + half), "wilson");
    }

    /** The mean of {@code values} with the 2.5th and 97.5th percentiles of the means of resamples. */
    public static Interval bootstrap(double[] values) {
        if (values.length == 0) return new Interval(Double.NaN, Double.NaN, Double.NaN, "bootstrap");
        double[] means = resampledMeans(values);
        return new Interval(mean(values), percentile(means, 0.025), percentile(means, 0.975), "bootstrap");
    }

    /** Wilson's when every value is 0 or 1, else a bootstrap. */
    public static Interval interval(double[] values) {
        return isPassFail(values) ? wilson(Math.round(Arrays.stream(values).sum()), values.length) : bootstrap(values);
    }

    public static boolean isPassFail(double[] values) {
        return Arrays.stream(values).allMatch(v -> v == 0 || v == 1);
    }

    /**
     * McNemar's exact test: of the pairs where two models disagree, {@code onlyA} passed with A alone and {@code onlyB}
     * with B alone; the two-sided p-value that they disagree this unevenly by chance (a binomial test at 1/2).
     */
    public static double mcnemar(int onlyA, int onlyB) {
        int n = onlyA + onlyB, k = Math.min(onlyA, onlyB);
        if (n == 0) return 1;
        double tail = 0, logTerm = -n * Math.log(2); // P(X <= k), X ~ Binomial(n, 1/2), in logs: 2^-n underflows past n = 1074
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logTerm);
            logTerm += Math.log(n - i) - Math.log(i + 1);
        }
        return Math.min(1, 2 * tail);
    }

    /** A mean difference with its 95 % interval and two-sided p-value. */
    public record Difference(double mean, double low, double high, double p) {}

    /** The mean of paired differences with its bootstrap interval; the p-value is twice the share of resamples whose mean is on the other side of 0. */
    public static Difference pairedBootstrap(double[] differences) {
        double[] means = resampledMeans(differences);
        long below = Arrays.stream(means).filter(m -> m <= 0).count(), above = Arrays.stream(means).filter(m -> m >= 0).count();
        double p = Math.min(1, 2.0 * Math.min(below, above) / means.length);
        return new Difference(mean(differences), percentile(means, 0.025), percentile(means, 0.975), p);
    }

    /** The q-th percentile (0 to 1) by nearest rank; NaN for none. */
    public static double percentile(double[] values, double q) {
        if (values.length == 0) return Double.NaN;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double percentile(List<Long> values, double q) {
        return percentile(values.stream().mapToDouble(Long::doubleValue).toArray(), q);
    }

    public static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
    }

    private static double[] resampledMeans(double[] values) {
        SplittableRandom random = new SplittableRandom(SEED);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < values.length; i++) sum += values[random.nextInt(values.length)];
            means[r] = sum / values.length;
        }
        return means;
    }
}
