package io.github.sminference.examples.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CreditModelTest {
    private static final CreditModel MODEL = CreditModel.trainDefault();
    private static final long HELD_OUT_SEED = 7L;   // never the training seed (42)

    @Test
    void train_sameSeed_sameCoefficientsAndScores() {
        CreditModel again = CreditModel.train(CreditModel.DEFAULT_SEED, CreditModel.DEFAULT_TRAINING_ROWS);

        assertThat(again.coefficients()).isEqualTo(MODEL.coefficients());
        assertThat(again.intercept()).isEqualTo(MODEL.intercept());
        double[] applicant = {52.0, 0.31, 7, 4, 1, 38};
        assertThat(again.score(applicant)).isEqualTo(MODEL.score(applicant));
    }

    @Test
    void train_differentSeed_differentCoefficients() {
        CreditModel other = CreditModel.train(43L, CreditModel.DEFAULT_TRAINING_ROWS);

        assertThat(other.coefficients()).isNotEqualTo(MODEL.coefficients());
    }

    @Test
    void train_syntheticData_coefficientsHaveTheDesignedSigns() {
        Map<String, Double> c = MODEL.coefficients();

        assertThat(c).containsOnlyKeys(MODEL.featureNames());
        assertThat(c.get("income_k")).isNegative();
        assertThat(c.get("debt_to_income")).isPositive();
        assertThat(c.get("years_employed")).isNegative();
        assertThat(c.get("open_credit_lines")).isPositive();
        assertThat(c.get("has_mortgage")).isNegative();
        assertThat(c.get("age")).isNegative();
    }

    @Test
    void train_syntheticData_recoversTheGroundTruthWithin25Percent() {
        double[] learned = MODEL.coefficients().values().stream().mapToDouble(Double::doubleValue).toArray();

        for (int j = 0; j < learned.length; j++) {
            double truth = Applicants.TRUE_WEIGHTS[j];
            assertThat(learned[j]).as(MODEL.featureNames().get(j)).isCloseTo(truth, within(Math.abs(truth) * 0.25));
        }
        assertThat(MODEL.intercept()).isCloseTo(Applicants.TRUE_INTERCEPT, within(0.5));
    }

    @Test
    void evaluate_heldOutApplicants_beatsChanceAndMatchesTheGroundTruth() {
        int rows = 20_000;
        CreditModel.Evaluation eval = MODEL.evaluate(HELD_OUT_SEED, rows);

        CreditModel.LabelledSample sample = CreditModel.LabelledSample.draw(HELD_OUT_SEED, rows);
        double[] truth = Arrays.stream(sample.features).mapToDouble(Applicants::trueProbability).toArray();
        int positives = 0;
        for (boolean d : sample.defaulted) {
            positives += d ? 1 : 0;
        }
        double oracleAuc = CreditModel.auc(truth, sample.defaulted, positives);
        double baseRateLogLoss = -(eval.defaultRate() * Math.log(eval.defaultRate())
                + (1 - eval.defaultRate()) * Math.log(1 - eval.defaultRate()));

        assertThat(eval.rows()).isEqualTo(rows);
        assertThat(eval.defaultRate()).isBetween(0.15, 0.40);
        assertThat(eval.auc()).isGreaterThan(0.80).isGreaterThan(oracleAuc - 0.005);
        assertThat(eval.accuracy()).isGreaterThan(eval.baselineAccuracy() + 0.04);
        assertThat(eval.logLoss()).isLessThan(baseRateLogLoss - 0.1);
    }

    @Test
    void score_riskierApplicant_higherProbability() {
        double safe = MODEL.score(new double[] {120.0, 0.10, 20, 2, 1, 50});
        double risky = MODEL.score(new double[] {25.0, 0.75, 0, 9, 0, 23});

        assertThat(safe).isBetween(0.0, 0.1);
        assertThat(risky).isBetween(0.9, 1.0);
    }

    @Test
    void score_eachFeatureRaised_movesTheProbabilityTheDesignedWay() {
        double[] base = {52.0, 0.31, 7, 4, 1, 38};
        double p = MODEL.score(base);
        double[] direction = {-1, 1, -1, 1, -1, -1};

        for (int j = 0; j < base.length; j++) {
            double[] raised = base.clone();
            raised[j] += j == 1 ? 0.1 : 1;
            assertThat(Math.signum(MODEL.score(raised) - p)).as(MODEL.featureNames().get(j)).isEqualTo(direction[j]);
        }
    }

    @Test
    void score_extremeValues_staysAProbability() {
        assertThat(MODEL.score(new double[] {0, 1e6, 0, 1e6, 0, 0})).isEqualTo(1.0);
        assertThat(MODEL.score(new double[] {1e9, 0, 1e6, 0, 1, 1e6})).isEqualTo(0.0);
    }

    @Test
    void score_wrongFeatureCount_throwsNamingTheFeatures() {
        assertThatThrownBy(() -> MODEL.score(new double[] {52.0, 0.31, 7}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 6 features")
                .hasMessageContaining("debt_to_income")
                .hasMessageContaining("got 3");
    }

    @Test
    void score_notFinite_throwsNamingTheFeature() {
        assertThatThrownBy(() -> MODEL.score(new double[] {52.0, Double.NaN, 7, 4, 1, 38}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("debt_to_income");
    }

    @Test
    void score_manyThreads_sameAsOneThread() {
        double[][] rows = CreditDataset.applicants(20_000, 5L);
        double[] sequential = Arrays.stream(rows).mapToDouble(MODEL::score).toArray();

        double[] parallel = IntStream.range(0, rows.length).parallel().mapToDouble(i -> MODEL.score(rows[i]))
                .toArray();

        assertThat(parallel).containsExactly(sequential);
    }

    @Test
    void train_tooFewRows_throws() {
        assertThatThrownBy(() -> CreditModel.train(1L, 99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows must be at least 100 but was 99");
    }

    @Test
    void evaluate_mismatchedOutcomes_throws() {
        assertThatThrownBy(() -> MODEL.evaluate(new double[2][6], new boolean[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 rows and 1 outcomes");
    }

    @Test
    void auc_knownRankings_expectedValues() {
        boolean[] labels = {false, false, true, true};

        assertThat(CreditModel.auc(new double[] {0.1, 0.2, 0.8, 0.9}, labels, 2)).isEqualTo(1.0);
        assertThat(CreditModel.auc(new double[] {0.9, 0.8, 0.2, 0.1}, labels, 2)).isEqualTo(0.0);
        assertThat(CreditModel.auc(new double[] {0.5, 0.5, 0.5, 0.5}, labels, 2)).isEqualTo(0.5);
        assertThat(CreditModel.auc(new double[] {0.1, 0.7, 0.6, 0.9}, labels, 2)).isEqualTo(0.75);
        assertThat(CreditModel.auc(new double[] {0.1, 0.2}, new boolean[] {true, true}, 2)).isNaN();
    }

    @Test
    void featureNames_model_matchesTheDatasetColumns() {
        assertThat(MODEL.featureCount()).isEqualTo(6);
        assertThat(MODEL.featureNames()).isEqualTo(CreditDataset.featureNames()).containsExactly(
                "income_k", "debt_to_income", "years_employed", "open_credit_lines", "has_mortgage", "age");
    }

    @Test
    void toString_model_namesSeedRowsAndCoefficients() {
        assertThat(MODEL.toString()).startsWith("CreditModel[seed=42, trainingRows=8000, iterations=")
                .contains("debt_to_income=");
    }
}
