package litellm.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The eval's statistics against values worked out by hand or published. */
class StatsTest {
    @Test
    void wilsonIntervalOfEightOutOfTen() {
        // (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.96: 0.4902 to 0.9433
        Stats.Interval i = Stats.wilson(8, 10);
        assertEquals(0.8, i.mean(), 1e-12);
        assertEquals(0.4902, i.low(), 1e-4);
        assertEquals(0.9433, i.high(), 1e-4);
        assertEquals("wilson", i.method());
    }

    @Test
    void wilsonIntervalAtTheEdgesStaysWithinZeroAndOne() {
        Stats.Interval none = Stats.wilson(0, 10), all = Stats.wilson(10, 10);
        assertEquals(0, none.low(), 1e-12);
        assertEquals(0.2775, none.high(), 1e-4); // z²/(n+z²) for 0 of n
        assertEquals(0.7225, all.low(), 1e-4);
        assertEquals(1, all.high(), 1e-12);
    }

    @Test
    void wilsonOfALargeSampleIsCloseToTheNormalInterval() {
        Stats.Interval i = Stats.wilson(5000, 10000);
        assertEquals(0.5 - 1.96 * 0.005, i.low(), 1e-4);
        assertEquals(0.5 + 1.96 * 0.005, i.high(), 1e-4);
    }

    @Test
    void mcnemarExactPValues() {
        assertEquals(158.0 / 4096, Stats.mcnemar(10, 2), 1e-12); // 2·P(X ≤ 2), X ~ Bin(12, ½) = 2·(1+12+66)/4096
        assertEquals(158.0 / 4096, Stats.mcnemar(2, 10), 1e-12);
        assertEquals(1, Stats.mcnemar(5, 5), 1e-12);
        assertEquals(1, Stats.mcnemar(0, 0), 1e-12);
        assertEquals(2.0 / 64, Stats.mcnemar(6, 0), 1e-12); // 2·(½)^6
        assertEquals(0.0768, Stats.mcnemar(12, 4), 1e-4);    // 2·P(X ≤ 4), X ~ Bin(16, ½): not significant at 0.05
    }

    @Test
    void mcnemarOnThousandsOfPairsMatchesTheChiSquareApproximation() {
        // exact: 2·P(X ≤ 500), X ~ Bin(1100, ½) = 0.0028195 (the chi² approximation, (|600-500|-1)²/1100 = 8.91, gives 0.0028)
        assertEquals(0.0028195, Stats.mcnemar(600, 500), 1e-6);
        assertTrue(Stats.mcnemar(3000, 2000) < 1e-40);
    }

    @Test
    void percentilesByNearestRank() {
        double[] values = {5, 1, 9, 3, 7, 2, 8, 4, 10, 6};
        assertEquals(5, Stats.percentile(values, 0.5));
        assertEquals(10, Stats.percentile(values, 0.95));
        assertEquals(1, Stats.percentile(values, 0));
        assertEquals(Double.NaN, Stats.percentile(new double[0], 0.5));
    }

    @Test
    void bootstrapIntervalHoldsTheMeanAndIsTheSameEveryTime() {
        double[] scores = {0.2, 0.5, 0.9, 0.4, 0.7, 0.3, 0.8, 0.6, 0.5, 0.1};
        Stats.Interval i = Stats.bootstrap(scores);
        assertEquals(0.5, i.mean(), 1e-12);
        assertTrue(i.low() < 0.5 && i.low() > 0.3 && i.high() > 0.5 && i.high() < 0.7, i.toString());
        assertEquals(i, Stats.bootstrap(scores));
        Stats.Interval constant = Stats.bootstrap(new double[]{0.7, 0.7, 0.7});
        assertEquals(0.7, constant.low(), 1e-12);
        assertEquals(0.7, constant.high(), 1e-12);
    }

    @Test
    void passFailScoresGetWilsonOthersTheBootstrap() {
        assertEquals("wilson", Stats.interval(new double[]{1, 0, 1}).method());
        assertEquals("bootstrap", Stats.interval(new double[]{1, 0.5, 1}).method());
    }

    @Test
    void pairedBootstrapFindsAConsistentDifferenceAndNotANoisyOne() {
        double[] better = new double[40], noisy = new double[40];
        for (int i = 0; i < 40; i++) {
            better[i] = 0.2 + (i % 3) * 0.05;
            noisy[i] = i % 2 == 0 ? 0.3 : -0.3;
        }
        Stats.Difference d = Stats.pairedBootstrap(better);
        assertTrue(d.low() > 0 && d.p() < 0.001, d.toString());
        Stats.Difference n = Stats.pairedBootstrap(noisy);
        assertTrue(n.low() < 0 && n.high() > 0 && n.p() > 0.5, n.toString());
    }
}
