package io.github.sminference.examples.model;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic population of loan applicants, and the ground truth the model is meant to recover.
 *
 * <p>Features are drawn from one random stream and outcomes from another, so the applicants for a seed are the same
 * whether or not outcomes are drawn ({@link CreditDataset} writes exactly the rows {@link CreditModel} trained on).
 * Values are rounded at the source to the decimals they are written with, so a CSV round trip is exact.
 *
 * <p>The outcome is a Bernoulli draw from a logistic model that is linear in the raw features: the noise is the
 * logistic noise of that draw (equivalently, a latent risk {@code z + logistic noise > 0}), so a logistic regression is
 * well specified and should recover {@link #TRUE_WEIGHTS} up to sampling error.
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class Applicants {
    static final List<String> FEATURE_NAMES = List.of(
            "income_k", "debt_to_income", "years_employed", "open_credit_lines", "has_mortgage", "age");
    static final int FEATURES = FEATURE_NAMES.size();

    static final int INCOME_K = 0;
    static final int DEBT_TO_INCOME = 1;
    static final int YEARS_EMPLOYED = 2;
    static final int OPEN_CREDIT_LINES = 3;
    static final int HAS_MORTGAGE = 4;
    static final int AGE = 5;

    /** Decimals each feature is rounded to (and written with). */
    private static final int[] DECIMALS = {1, 3, 0, 0, 0, 0};

    /** Ground truth: log-odds of default at all-zero features. */
    static final double TRUE_INTERCEPT = -0.35;
    /**
     * Ground truth: change in the log-odds of default per raw unit of each feature, in {@link #FEATURE_NAMES} order.
     * More income, a longer employment history, a mortgage (a proxy for an established credit record) and age lower
     * the risk; a higher debt-to-income ratio and more open credit lines raise it.
     */
    static final double[] TRUE_WEIGHTS = {-0.03, 5.0, -0.10, 0.15, -0.5, -0.02};

    /** Mixes the seed for the outcome stream, so it never coincides with the feature stream. */
    private static final long OUTCOME_STREAM = 0x9E3779B97F4A7C15L;

    private static final double LOG_BASE_INCOME = Math.log(38.0);

    private final SplittableRandom features;
    private final SplittableRandom outcomes;
    private double spareGaussian = Double.NaN;

    Applicants(long seed) {
        this.features = new SplittableRandom(seed);
        this.outcomes = new SplittableRandom(seed ^ OUTCOME_STREAM);
    }

    /**
     * Draws the next applicant into {@code row}.
     *
     * @param row an array of {@link #FEATURES} elements, overwritten
     */
    void next(double[] row) {
        int age = 21 + features.nextInt(50);                                      // 21..70
        double logIncome = LOG_BASE_INCOME + 0.014 * (Math.min(age, 58) - 21) + 0.45 * gaussian();
        double income = round(clamp(Math.exp(logIncome), 8.0, 450.0), 1);         // k$ a year
        double dti = round(clamp(0.40 - 0.0025 * (income - 50.0) + 0.12 * gaussian(), 0.0, 1.2), 3);
        int career = Math.min(age - 18, 45);
        double u = features.nextDouble();
        int years = (int) Math.floor(career * u * Math.sqrt(u));                 // u^1.5: most not far in
        int lines = Math.min(poisson(2.0 + 0.07 * (age - 21)), 30);
        double mortgageOdds = -2.2 + 0.025 * (income - 50.0) + 0.05 * (age - 35);
        int mortgage = features.nextDouble() < sigmoid(mortgageOdds) ? 1 : 0;

        row[INCOME_K] = income;
        row[DEBT_TO_INCOME] = dti;
        row[YEARS_EMPLOYED] = years;
        row[OPEN_CREDIT_LINES] = lines;
        row[HAS_MORTGAGE] = mortgage;
        row[AGE] = age;
    }

    /**
     * Draws whether the applicant in {@code row} defaults, from the ground truth.
     *
     * @param row the applicant's features
     * @return {@code true} if the applicant defaults
     */
    boolean defaults(double[] row) {
        return outcomes.nextDouble() < trueProbability(row);
    }

    /** The ground-truth probability of default, which no model can beat on average. */
    static double trueProbability(double[] row) {
        double z = TRUE_INTERCEPT;
        for (int j = 0; j < FEATURES; j++) {
            z += TRUE_WEIGHTS[j] * row[j];
        }
        return sigmoid(z);
    }

    /** Appends {@code row} as one CSV line, ending in {@code \n}. */
    static void appendCsv(ByteBuilder out, double[] row) {
        for (int j = 0; j < FEATURES; j++) {
            if (j > 0) {
                out.append((byte) ',');
            }
            out.appendFixed(row[j], DECIMALS[j]);
        }
        out.append((byte) '\n');
    }

    /** The logistic function, computed without overflow for large {@code |z|}. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /**
     * A standard normal draw by Box-Muller, which yields two per pair of uniforms (the second is kept for the next
     * call); computed here so results do not depend on the JDK's algorithm.
     */
    private double gaussian() {
        double spare = spareGaussian;
        if (!Double.isNaN(spare)) {
            spareGaussian = Double.NaN;
            return spare;
        }
        double radius = Math.sqrt(-2.0 * Math.log(1.0 - features.nextDouble()));   // 1 - [0, 1): log is finite
        double angle = 2.0 * Math.PI * features.nextDouble();
        spareGaussian = radius * Math.sin(angle);
        return radius * Math.cos(angle);
    }

    /** A Poisson draw by Knuth's multiplication method; fine for the small means used here. */
    private int poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = features.nextDouble();
        int k = 0;
        while (product > limit) {
            k++;
            product *= features.nextDouble();
        }
        return k;
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static double round(double v, int decimals) {
        double scale = ByteBuilder.POWERS_OF_TEN[decimals];
        return Math.round(v * scale) / scale;
    }
}
