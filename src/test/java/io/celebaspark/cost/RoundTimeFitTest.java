package io.celebaspark.cost;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundTimeFitTest {
    private static final RoundTimeModel TRUE = new RoundTimeModel(1.0, 0.01, 0.1);

    private static RoundObservation exact(int workers, int batch, int rounds) {
        return new RoundObservation(workers, batch, TRUE.seconds(workers, batch), rounds);
    }

    @Test
    void threePointsOffOneLineGiveTheCoefficientsExactly() {
        // (2, 64): 1 + 0.64 + 0.2 = 1.84 s; (2, 128): 2.48 s; (4, 64): 2.04 s.
        List<RoundObservation> points = List.of(new RoundObservation(2, 64, 1.84, 36),
                new RoundObservation(2, 128, 2.48, 18), new RoundObservation(4, 64, 2.04, 18));
        RoundTimeFit.Result fit = RoundTimeFit.fit(points, GivenCoefficients.none());
        assertEquals(1.0, fit.model().c0(), 1e-9);
        assertEquals(0.01, fit.model().c1(), 1e-12);
        assertEquals(0.1, fit.model().c2(), 1e-9);
        assertEquals(3, fit.points());
        assertEquals(72, fit.rounds());
        assertEquals(0, fit.rmsSeconds(), 1e-9);
        assertTrue(fit.notes().isEmpty(), fit.notes().toString());
    }

    @Test
    void theFitRecoversKnownCoefficientsFromNoisyPoints() {
        Random random = new Random(7);
        List<RoundObservation> points = new ArrayList<>();
        for (int w : new int[]{2, 4, 8, 16}) {
            for (int b : new int[]{16, 32, 64, 128}) {
                double noisy = TRUE.seconds(w, b) * (1 + 0.03 * random.nextGaussian());
                points.add(new RoundObservation(w, b, noisy, 20 + random.nextInt(60)));
            }
        }
        RoundTimeModel fitted = RoundTimeFit.fit(points, GivenCoefficients.none()).model();
        assertEquals(1.0, fitted.c0(), 0.1);
        assertEquals(0.01, fitted.c1(), 0.001);
        assertEquals(0.1, fitted.c2(), 0.01);
    }

    @Test
    void roundsWeighTheFit() {
        // Two observations of the same (W, b): the fit lies at their round-weighted mean.
        List<RoundObservation> points = List.of(new RoundObservation(2, 64, 3.0, 30), new RoundObservation(2, 64, 6.0, 10),
                new RoundObservation(2, 128, 5.0, 20), new RoundObservation(4, 64, 4.0, 20));
        RoundTimeModel m = RoundTimeFit.fit(points, GivenCoefficients.none()).model();
        assertEquals(3.75, m.seconds(2, 64), 1e-9);
        assertEquals(5.0, m.seconds(2, 128), 1e-9);
        assertEquals(4.0, m.seconds(4, 64), 1e-9);
    }

    @Test
    void oneWorkerCountCannotGiveC2AndSaysToGiveIt() {
        List<RoundObservation> points = List.of(exact(2, 32, 70), exact(2, 64, 35), exact(2, 128, 18));
        CostModelException e = assertThrows(CostModelException.class,
                () -> RoundTimeFit.fit(points, GivenCoefficients.none()));
        assertTrue(e.getMessage().contains("c2") && e.getMessage().contains("W = 2") && e.getMessage().contains("Give c2"),
                e.getMessage());

        RoundTimeFit.Result fit = RoundTimeFit.fit(points,
                new GivenCoefficients(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(0.1)));
        assertEquals(1.0, fit.model().c0(), 1e-9);
        assertEquals(0.01, fit.model().c1(), 1e-12);
        assertEquals(0.1, fit.model().c2(), 0);
        assertTrue(fit.notes().get(0).startsWith("c2 given"), fit.notes().toString());
    }

    @Test
    void oneBatchCannotGiveC1() {
        List<RoundObservation> points = List.of(exact(2, 64, 36), exact(4, 64, 18));
        CostModelException e = assertThrows(CostModelException.class,
                () -> RoundTimeFit.fit(points, GivenCoefficients.none()));
        assertTrue(e.getMessage().contains("c1") && e.getMessage().contains("b = 64"), e.getMessage());
    }

    @Test
    void pointsOnOneLineCannotSeparateAllThree() {
        // b = 16 W: c1·b and c2·W move together.
        List<RoundObservation> points = List.of(exact(2, 32, 10), exact(4, 64, 10), exact(8, 128, 10));
        CostModelException e = assertThrows(CostModelException.class,
                () -> RoundTimeFit.fit(points, GivenCoefficients.none()));
        assertTrue(e.getMessage().contains("lie on one line"), e.getMessage());
        RoundTimeModel m = RoundTimeFit.fit(points,
                new GivenCoefficients(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(0.1))).model();
        assertEquals(TRUE, new RoundTimeModel(Math.rint(m.c0() * 1e9) / 1e9, Math.rint(m.c1() * 1e9) / 1e9, m.c2()),
                "with c2 given, c0 and c1 fit the points");
        // c0 given is not enough: c1·b + c2·W = (16 c1 + c2)·W on this line.
        assertThrows(CostModelException.class, () -> RoundTimeFit.fit(points,
                new GivenCoefficients(OptionalDouble.of(1.0), OptionalDouble.empty(), OptionalDouble.empty())));
    }

    @Test
    void noPointsAndNothingGivenIsRefused() {
        CostModelException e = assertThrows(CostModelException.class,
                () -> RoundTimeFit.fit(List.of(), GivenCoefficients.none()));
        assertTrue(e.getMessage().contains("round_seconds_median"), e.getMessage());
        RoundTimeModel given = RoundTimeFit.fit(List.of(), new GivenCoefficients(OptionalDouble.of(0.8),
                OptionalDouble.of(0.02), OptionalDouble.of(0.0))).model();
        assertEquals(new RoundTimeModel(0.8, 0.02, 0.0), given);
    }

    @Test
    void aNegativeCoefficientIsHeldAtZeroAndTheRestRefitted() {
        // More workers took no longer (an oversubscribed machine): unconstrained c2 < 0.
        List<RoundObservation> points = List.of(new RoundObservation(2, 64, 3.66, 36),
                new RoundObservation(4, 64, 3.50, 18), new RoundObservation(2, 128, 5.80, 18));
        RoundTimeFit.Result fit = RoundTimeFit.fit(points, GivenCoefficients.none());
        assertEquals(0, fit.model().c2(), 0);
        // With c2 = 0: b = 64 at the weighted mean (36·3.66 + 18·3.50) / 54, b = 128 at 5.80.
        double at64 = (36 * 3.66 + 18 * 3.50) / 54;
        assertEquals((5.80 - at64) / 64, fit.model().c1(), 1e-9);
        assertEquals(at64 - 64 * fit.model().c1(), fit.model().c0(), 1e-9);
        assertTrue(fit.notes().stream().anyMatch(n -> n.startsWith("c2 came out at -") && n.contains("held at 0")),
                fit.notes().toString());
    }
}
