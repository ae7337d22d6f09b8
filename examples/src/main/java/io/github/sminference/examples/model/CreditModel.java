package io.github.sminference.examples.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A logistic-regression credit scorer: the probability that a loan applicant defaults.
 *
 * <p>It trains itself on synthetic applicants from {@link CreditDataset} whose outcomes follow a known logistic
 * relation, by Newton's method (iteratively reweighted least squares) on standardized features, so its coefficients
 * are the maximum-likelihood estimates of that relation: more income, a longer employment history, a mortgage and age
 * lower the risk; a higher debt-to-income ratio and more open credit lines raise it. Training is deterministic for a
 * seed and takes milliseconds for thousands of rows.
 *
 * <p>The features, in order ({@link #featureNames()}):
 * <ol>
 *   <li>{@code income_k}: yearly income, thousands of dollars;</li>
 *   <li>{@code debt_to_income}: monthly debt payments over monthly income, a ratio (0.35 = 35%);</li>
 *   <li>{@code years_employed}: years in employment;</li>
 *   <li>{@code open_credit_lines}: number of open credit lines;</li>
 *   <li>{@code has_mortgage}: 1 if the applicant has a mortgage, else 0;</li>
 *   <li>{@code age}: years.</li>
 * </ol>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class CreditModel {
    /** The seed {@link #trainDefault()} trains with. */
    public static final long DEFAULT_SEED = 42L;
    /** The number of rows {@link #trainDefault()} trains on. */
    public static final int DEFAULT_TRAINING_ROWS = 8_000;
    /** The fewest rows {@link #train(long, int)} accepts. */
    public static final int MIN_TRAINING_ROWS = 100;

    private static final int MAX_ITERATIONS = 50;
    private static final double CONVERGED = 1e-10;
    /** A whisper of L2 penalty (on standardized weights, not the intercept): keeps the Hessian invertible. */
    private static final double RIDGE = 1e-6;

    private final long seed;
    private final int trainingRows;
    private final int iterations;
    private final double intercept;
    private final double[] weights;   // log-odds per raw unit of each feature

    private CreditModel(long seed, int trainingRows, int iterations, double intercept, double[] weights) {
        this.seed = seed;
        this.trainingRows = trainingRows;
        this.iterations = iterations;
        this.intercept = intercept;
        this.weights = weights;
    }

    /**
     * Trains on {@code rows} synthetic applicants drawn with {@code seed}: the same arguments give the same model.
     *
     * @param seed the seed of the synthetic data (the applicants are {@code CreditDataset.applicants(rows, seed)})
     * @param rows how many applicants to train on, at least {@value #MIN_TRAINING_ROWS}
     * @return the trained model
     * @throws IllegalArgumentException if {@code rows} is below {@value #MIN_TRAINING_ROWS}
     */
    public static CreditModel train(long seed, int rows) {
        if (rows < MIN_TRAINING_ROWS) {
            throw new IllegalArgumentException("rows must be at least " + MIN_TRAINING_ROWS + " but was " + rows);
        }
        int d = Applicants.FEATURES;
        LabelledSample sample = LabelledSample.draw(seed, rows);
        double[][] x = sample.features;   // ours: standardized in place below
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = sample.defaulted[i] ? 1.0 : 0.0;
        }

        // Standardize, so the Newton steps are well conditioned whatever the units.
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows;
        }
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                double c = r[j] - mean[j];
                scale[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / rows);
            scale[j] = sd > 0 ? sd : 1.0;   // a constant feature keeps weight 0
        }
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                r[j] = (r[j] - mean[j]) / scale[j];
            }
        }

        // Newton's method on the log-likelihood; beta[0] is the intercept.
        int p = d + 1;
        double[] beta = new double[p];
        double[] z = new double[p];
        int iteration = 0;
        boolean converged = false;
        while (!converged && iteration < MAX_ITERATIONS) {
            iteration++;
            double[] gradient = new double[p];
            double[][] hessian = new double[p][p];
            for (int i = 0; i < rows; i++) {
                z[0] = 1.0;
                System.arraycopy(x[i], 0, z, 1, d);
                double eta = 0;
                for (int j = 0; j < p; j++) {
                    eta += beta[j] * z[j];
                }
                double mu = Applicants.sigmoid(eta);
                double w = mu * (1 - mu);
                double r = y[i] - mu;
                for (int j = 0; j < p; j++) {
                    gradient[j] += r * z[j];
                    double wz = w * z[j];
                    for (int k = 0; k <= j; k++) {
                        hessian[j][k] += wz * z[k];
                    }
                }
            }
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < j; k++) {
                    hessian[k][j] = hessian[j][k];
                }
                if (j > 0) {
                    gradient[j] -= RIDGE * rows * beta[j];
                    hessian[j][j] += RIDGE * rows;
                }
            }
            double[] step = solve(hessian, gradient);
            double largest = 0;
            for (int j = 0; j < p; j++) {
                beta[j] += step[j];
                largest = Math.max(largest, Math.abs(step[j]));
            }
            converged = largest < CONVERGED;
        }

        // Back to raw units: w_j = b_j / s_j, and the intercept absorbs the centring.
        double[] weights = new double[d];
        double intercept = beta[0];
        for (int j = 0; j < d; j++) {
            weights[j] = beta[j + 1] / scale[j];
            intercept -= weights[j] * mean[j];
        }
        return new CreditModel(seed, rows, iteration, intercept, weights);
    }

    /**
     * Trains the model the examples serve: {@code train(DEFAULT_SEED, DEFAULT_TRAINING_ROWS)}.
     *
     * @return the trained model
     */
    public static CreditModel trainDefault() {
        return train(DEFAULT_SEED, DEFAULT_TRAINING_ROWS);
    }

    /**
     * The probability that an applicant defaults.
     *
     * @param features the applicant's {@link #featureCount()} features, in {@link #featureNames()} order and units
     * @return the probability of default, from 0 to 1
     * @throws NullPointerException if {@code features} is null
     * @throws IllegalArgumentException if there are not {@link #featureCount()} features or one is not finite
     */
    public double score(double[] features) {
        if (features.length != weights.length) {
            throw new IllegalArgumentException("expected " + weights.length + " features " + featureNames()
                    + " but got " + features.length);
        }
        double z = intercept;
        for (int j = 0; j < weights.length; j++) {
            double v = features[j];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("feature " + featureNames().get(j) + " is not finite: " + v);
            }
            z += weights[j] * v;
        }
        return Applicants.sigmoid(z);
    }

    /**
     * The number of features {@link #score(double[])} takes.
     *
     * @return 6
     */
    public int featureCount() {
        return weights.length;
    }

    /**
     * The features {@link #score(double[])} takes, in order.
     *
     * @return an unmodifiable list of names: {@code income_k, debt_to_income, years_employed, open_credit_lines,
     *     has_mortgage, age}
     */
    public List<String> featureNames() {
        return Applicants.FEATURE_NAMES;
    }

    /**
     * The learned coefficients: the change in the log-odds of default per unit of each feature, in its raw units.
     *
     * @return an unmodifiable map from feature name to coefficient, in {@link #featureNames()} order
     */
    public Map<String, Double> coefficients() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int j = 0; j < weights.length; j++) {
            m.put(Applicants.FEATURE_NAMES.get(j), weights[j]);
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * The learned intercept: the log-odds of default when every feature is 0.
     *
     * @return the intercept
     */
    public double intercept() {
        return intercept;
    }

    /**
     * Evaluates the model on {@code rows} fresh synthetic applicants drawn with {@code seed}, with outcomes from the
     * same ground truth as the training data. Use a seed other than the training seed for a held-out evaluation.
     *
     * @param seed the seed of the evaluation data
     * @param rows how many applicants, at least 1
     * @return accuracy, AUC and log loss on them
     * @throws IllegalArgumentException if {@code rows} is below 1
     */
    public Evaluation evaluate(long seed, int rows) {
        LabelledSample sample = LabelledSample.draw(seed, rows);
        return evaluate(sample.features, sample.defaulted);
    }

    /**
     * Evaluates the model on labelled applicants.
     *
     * @param features one row of {@link #featureCount()} features per applicant
     * @param defaulted whether each applicant defaulted
     * @return accuracy (at a 0.5 threshold), AUC and log loss
     * @throws IllegalArgumentException if the arrays are empty or differ in length, or a row is invalid
     */
    public Evaluation evaluate(double[][] features, boolean[] defaulted) {
        if (features.length == 0 || features.length != defaulted.length) {
            throw new IllegalArgumentException("need as many outcomes as rows, at least one, but got "
                    + features.length + " rows and " + defaulted.length + " outcomes");
        }
        int n = features.length;
        double[] scores = new double[n];
        int correct = 0;
        int positives = 0;
        double logLoss = 0;
        for (int i = 0; i < n; i++) {
            double s = score(features[i]);
            scores[i] = s;
            if ((s >= 0.5) == defaulted[i]) {
                correct++;
            }
            if (defaulted[i]) {
                positives++;
            }
            double pOutcome = defaulted[i] ? s : 1 - s;
            logLoss -= Math.log(Math.max(pOutcome, 1e-15));
        }
        return new Evaluation(n, (double) positives / n, (double) correct / n, auc(scores, defaulted, positives),
                logLoss / n);
    }

    /**
     * The area under the ROC curve by the rank-sum (Mann-Whitney) statistic, ties counting half.
     *
     * @return the AUC, or {@code NaN} if only one outcome occurs
     */
    static double auc(double[] scores, boolean[] positive, int positives) {
        int n = scores.length;
        int negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;   // 1-based ranks i+1..j+1
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += averageRank;
                }
            }
            i = j + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Solves {@code a x = b} by Gaussian elimination with partial pivoting (a is small and positive definite). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            if (m[col][col] == 0) {
                throw new ArithmeticException("singular Hessian: a feature carries no information");
            }
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * x[c];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }

    /**
     * Returns a summary: seed, training rows, Newton iterations and coefficients.
     *
     * @return a description for logs
     */
    @Override
    public String toString() {
        return "CreditModel[seed=" + seed + ", trainingRows=" + trainingRows + ", iterations=" + iterations
                + ", intercept=" + intercept + ", coefficients=" + coefficients() + "]";
    }

    /**
     * How well the model scores a labelled set of applicants.
     *
     * @param rows the number of applicants
     * @param defaultRate the share that defaulted
     * @param accuracy the share classified correctly when a probability of 0.5 or more means "defaults"
     * @param auc the area under the ROC curve: the chance that a random defaulter scores above a random
     *     non-defaulter (0.5 is chance, 1 is perfect); {@code NaN} if only one outcome occurs
     * @param logLoss the mean negative log-likelihood of the outcomes, in nats (lower is better)
     */
    public record Evaluation(int rows, double defaultRate, double accuracy, double auc, double logLoss) {
        /**
         * The accuracy of always predicting the more common outcome: what {@link #accuracy()} must beat.
         *
         * @return {@code max(defaultRate, 1 - defaultRate)}
         */
        public double baselineAccuracy() {
            return Math.max(defaultRate, 1 - defaultRate);
        }
    }

    /** Synthetic applicants with their outcomes. */
    static final class LabelledSample {
        final double[][] features;
        final boolean[] defaulted;

        private LabelledSample(double[][] features, boolean[] defaulted) {
            this.features = features;
            this.defaulted = defaulted;
        }

        static LabelledSample draw(long seed, int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("rows must be at least 1 but was " + rows);
            }
            Applicants applicants = new Applicants(seed);
            double[][] x = new double[rows][Applicants.FEATURES];
            boolean[] y = new boolean[rows];
            for (int i = 0; i < rows; i++) {
                applicants.next(x[i]);
                y[i] = applicants.defaults(x[i]);
            }
            return new LabelledSample(x, y);
        }
    }
}
