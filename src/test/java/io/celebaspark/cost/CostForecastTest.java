package io.celebaspark.cost;

import io.celebaspark.train.control.Realisation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostForecastTest {
    private static final double EPS = 1e-9;

    private static List<PhaseCost> price(RoundTimeModel model, Realisation how, int startWorkers, BatchPhase... phases) {
        return CostForecast.price(List.of(phases), new ClusterShape(how, startWorkers, 1), model);
    }

    @Test
    void aGrowthPricedBothWaysByHand() {
        RoundTimeModel model = new RoundTimeModel(1, 0.01, 0.1);
        BatchPhase before = new BatchPhase(1, 64, 100, Double.NaN);
        BatchPhase after = new BatchPhase(2, 128, 50, Double.NaN);
        List<PhaseCost> out = price(model, Realisation.SCALE_OUT, 2, before, after);
        // Epoch 1: 2 × 32, 1 + 0.32 + 0.2 = 1.52 s, 152 s on 2 executors. Epoch 2: 4 × 32, 1.72 s, 86 s on 4.
        assertEquals(new ClusterShape.Placement(2, 32, 2), out.get(0).placement());
        assertEquals(1.52, out.get(0).roundSeconds(), EPS);
        assertEquals(152, out.get(0).wallSeconds(), EPS);
        assertEquals(304, out.get(0).coreSeconds(), EPS);
        assertEquals(new ClusterShape.Placement(4, 32, 4), out.get(1).placement());
        assertEquals(86, out.get(1).wallSeconds(), EPS);
        assertEquals(344, out.get(1).coreSeconds(), EPS);

        List<PhaseCost> up = price(model, Realisation.SCALE_UP, 2, before, after);
        // Epoch 2 scale-up: 2 × 64, 1 + 0.64 + 0.2 = 1.84 s, 92 s on 2 executors.
        assertEquals(new ClusterShape.Placement(2, 64, 2), up.get(1).placement());
        assertEquals(92, up.get(1).wallSeconds(), EPS);
        assertEquals(184, up.get(1).coreSeconds(), EPS);

        CostForecast.Total total = CostForecast.total(out);
        assertEquals(150, total.rounds(), EPS);
        assertEquals(238, total.wallSeconds(), EPS);
        assertEquals(648, total.coreSeconds(), EPS);
        assertEquals(4, total.executorsMax());
        assertTrue(Double.isNaN(total.progress()), "no noise scale, no progress");
        CostForecast.Total first = CostForecast.upToEpoch(out, 1);
        assertEquals(152, first.wallSeconds(), EPS);
        assertEquals(2, first.executorsMax());
    }

    /** One epoch of n examples after a growth by alpha from (W, b), both ways: {scale-up, scale-out}. */
    private static PhaseCost[] epochAfterGrowth(RoundTimeModel model, int workers, int batch, int alpha, double n) {
        double grown = (double) alpha * workers * batch;
        BatchPhase start = new BatchPhase(1, workers * batch, n / (workers * batch), Double.NaN);
        BatchPhase after = new BatchPhase(2, grown, n / grown, Double.NaN);
        return new PhaseCost[]{price(model, Realisation.SCALE_UP, workers, start, after).get(1),
                price(model, Realisation.SCALE_OUT, workers, start, after).get(1)};
    }

    @Test
    void computeBoundRoundsMakeScaleOutAlphaTimesFasterForTheSameCoreSeconds() {
        // c2 = 0 and c1·b = 3.2 s ≫ c0 = 1 ms.
        PhaseCost[] epoch = epochAfterGrowth(new RoundTimeModel(0.001, 0.05, 0), 4, 64, 2, 162_770);
        assertEquals(2, epoch[0].wallSeconds() / epoch[1].wallSeconds(), 0.001);
        assertEquals(1, epoch[1].coreSeconds() / epoch[0].coreSeconds(), 0.001);
    }

    @Test
    void overheadBoundRoundsCostAlphaTimesMoreAndAlphaSquaredOnlyWhenThePerWorkerTermDominates() {
        for (int alpha : new int[]{2, 4}) {
            // c0 alone: scale-out holds α× the executors for the same wall time: ratio α, not α².
            PhaseCost[] c0 = epochAfterGrowth(new RoundTimeModel(1, 0, 0), 4, 64, alpha, 65_536);
            assertEquals(alpha, c0[1].coreSeconds() / c0[0].coreSeconds(), EPS);
            assertEquals(1, c0[0].wallSeconds() / c0[1].wallSeconds(), EPS, "and it gains no time");
            // c2 alone: the rounds are also α× longer: α².
            PhaseCost[] c2 = epochAfterGrowth(new RoundTimeModel(0, 0, 1), 4, 64, alpha, 65_536);
            assertEquals((double) alpha * alpha, c2[1].coreSeconds() / c2[0].coreSeconds(), EPS);
        }
    }

    @Test
    void theCostRatioIsTheClosedFormOfDocsScaleOut() {
        double c0 = 0.8;
        double c1 = 0.012;
        double c2 = 0.05;
        int w = 4;
        int b = 16;
        int alpha = 2;
        PhaseCost[] epoch = epochAfterGrowth(new RoundTimeModel(c0, c1, c2), w, b, alpha, 162_770);
        double expected = alpha * (c0 + c1 * b + alpha * c2 * w) / (c0 + alpha * c1 * b + c2 * w);
        assertEquals(expected, epoch[1].coreSeconds() / epoch[0].coreSeconds(), EPS);
        assertTrue(expected > 1 && expected < alpha * alpha);
    }

    @Test
    void scaleOutRoundsTheWorkersUpAndPacksThemOnExecutors() {
        ClusterShape shape = new ClusterShape(Realisation.SCALE_OUT, 4, 2);
        // Start 4 × 16: B = 100 needs ⌈6.25⌉ = 7 workers of 100/7, on ⌈7/2⌉ = 4 two-core executors.
        ClusterShape.Placement at = shape.place(100, 64);
        assertEquals(7, at.workers());
        assertEquals(100 / 7.0, at.batchPerWorker(), EPS);
        assertEquals(4, at.executors());
        assertEquals(new ClusterShape.Placement(4, 25, 2), new ClusterShape(Realisation.SCALE_UP, 4, 2).place(100, 64));
    }

    @Test
    void progressIsCountedInMinimalStepsWhereTheNoiseScaleIsKnown() {
        // 400 rounds at B = 64 with B_noise = 192: 400 / (1 + 3) = 100 minimal steps; 100 at 256: 100 / 1.75.
        List<PhaseCost> out = price(new RoundTimeModel(1, 0, 0), Realisation.SCALE_OUT, 2,
                BatchPhase.of(1, 64, 400, 192), BatchPhase.of(2, 256, 100, 192));
        assertEquals(100, out.get(0).phase().progress(), EPS);
        assertEquals(100 + 100 / 1.75, CostForecast.total(out).progress(), EPS);
        assertTrue(Double.isNaN(BatchPhase.of(1, 64, 400, Double.NaN).progress()));
    }
}
