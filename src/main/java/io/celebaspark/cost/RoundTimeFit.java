package io.celebaspark.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Fits {@link RoundTimeModel}'s coefficients to observed epochs by least squares, each epoch's median round
 * weighted by its number of rounds, the coefficients the user gives held fixed. The coefficients are times and
 * cannot be negative: when the unconstrained fit makes one negative (noise, or an oversubscribed machine on which
 * more workers take no longer), the best fit with it at 0 is taken instead (non-negative least squares, exact:
 * every subset of the three is tried) and a note says so.
 *
 * <p>A coefficient is identifiable only when the points vary what it multiplies: c1 needs two batches per
 * worker, c2 two worker counts, and all three together need points off one line in the (W, b) plane. Otherwise
 * the fit refuses, naming the coefficient to give.
 */
public final class RoundTimeFit {
    private static final String[] NAMES = {"c0", "c1", "c2"};
    private static final String[] UNITS = {"round", "example per worker", "worker"};
    /** A pivot of the column-normalised normal matrix below this means the columns are (nearly) dependent. */
    private static final double SINGULAR = 1e-9;

    private RoundTimeFit() {
    }

    /**
     * @param model      the coefficients, fitted and given
     * @param points     epochs fitted to
     * @param rounds     rounds they hold (the total weight)
     * @param rmsSeconds round-weighted root mean square of the residual median round times
     * @param notes      what was given, and what the non-negativity bound fixed at 0
     */
    public record Result(RoundTimeModel model, int points, long rounds, double rmsSeconds, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /**
     * @throws CostModelException when the points cannot separate a coefficient that is not given
     */
    public static Result fit(List<RoundObservation> points, GivenCoefficients given) {
        OptionalDouble[] fixed = given.asArray();
        List<Integer> free = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (fixed[i].isEmpty()) {
                free.add(i);
            } else {
                notes.add(String.format(Locale.ROOT, "%s given: %.4g s per %s", NAMES[i], fixed[i].getAsDouble(), UNITS[i]));
            }
        }
        if (!free.isEmpty()) {
            requireIdentifiable(points, free);
        }
        double[] best = null;
        double bestError = Double.POSITIVE_INFINITY;
        List<Integer> bestZeroed = List.of();
        for (int mask = 0; mask < 1 << free.size(); mask++) {
            List<Integer> solved = new ArrayList<>();
            List<Integer> zeroed = new ArrayList<>();
            for (int j = 0; j < free.size(); j++) {
                ((mask & 1 << j) != 0 ? solved : zeroed).add(free.get(j));
            }
            double[] c = solve(points, fixed, solved);
            if (c == null || solved.stream().anyMatch(i -> c[i] < 0)) {
                continue;
            }
            double error = weightedSquares(points, c);
            // Prefer the fit with fewer coefficients at 0 on ties: the unconstrained one when it is feasible.
            double tolerance = 1e-12 * Math.max(1, error);
            if (best == null || error < bestError - tolerance
                    || (error <= bestError + tolerance && zeroed.size() < bestZeroed.size())) {
                best = c;
                bestError = error;
                bestZeroed = zeroed;
            }
        }
        if (!bestZeroed.isEmpty()) {
            double[] unconstrained = solve(points, fixed, free);
            for (int i : bestZeroed) {
                notes.add(String.format(Locale.ROOT, "%s came out at %.3g s per %s in the unconstrained fit and is"
                        + " held at 0: the points show no cost per %s", NAMES[i], unconstrained[i], UNITS[i], UNITS[i]));
            }
        }
        long rounds = points.stream().mapToLong(RoundObservation::rounds).sum();
        double rms = rounds == 0 ? 0 : Math.sqrt(bestError / rounds);
        return new Result(new RoundTimeModel(best[0], best[1], best[2]), points.size(), rounds, rms, notes);
    }

    private static void requireIdentifiable(List<RoundObservation> points, List<Integer> free) {
        String names = free.stream().map(i -> NAMES[i]).collect(Collectors.joining(", "));
        if (points.isEmpty()) {
            throw new CostModelException("no epoch with round times (the epochs columns rounds and"
                    + " round_seconds_median) to fit " + names + " to: give them, or fit to runs recorded with the"
                    + " cost meter");
        }
        TreeSet<Integer> batches = points.stream().map(RoundObservation::batchPerWorker)
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<Integer> workers = points.stream().map(RoundObservation::workers)
                .collect(Collectors.toCollection(TreeSet::new));
        if (free.contains(1) && batches.size() < 2) {
            throw new CostModelException("c1 (seconds per example per worker) cannot be fitted: every observed round"
                    + " had b = " + batches.first() + " examples per worker, so c1·b cannot be told from c0. Give c1,"
                    + " or add runs at another batch per worker (a scale-up growth)");
        }
        if (free.contains(2) && workers.size() < 2) {
            throw new CostModelException("c2 (seconds per worker) cannot be fitted: every observed round had W = "
                    + workers.first() + " workers, so c2·W cannot be told from c0. Give c2 (0 when a worker's"
                    + " result costs the driver little against a round), or add runs at another worker count (a"
                    + " scale-out growth)");
        }
        if (solve(points, GivenCoefficients.none().asArray(), free) == null) {
            throw new CostModelException("the observed (W, b) points " + points.stream()
                    .map(p -> "(" + p.workers() + ", " + p.batchPerWorker() + ")").distinct()
                    .collect(Collectors.joining(", ")) + " lie on one line, so " + names + " cannot all be told"
                    + " apart: give one of them, or add runs off that line");
        }
    }

    /**
     * Weighted least squares for the coefficients {@code solved}, the given ones at their value and the rest
     * at 0; null when the normal matrix is singular.
     */
    private static double[] solve(List<RoundObservation> points, OptionalDouble[] fixed, List<Integer> solved) {
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            c[i] = fixed[i].orElse(0);
        }
        int n = solved.size();
        if (n == 0) {
            return c;
        }
        double[][] a = new double[n][n + 1];
        for (RoundObservation p : points) {
            double[] x = features(p);
            double known = 0;
            for (int i = 0; i < 3; i++) {
                if (!solved.contains(i)) {
                    known += c[i] * x[i];
                }
            }
            double y = p.medianSeconds() - known;
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < n; k++) {
                    a[r][k] += p.rounds() * x[solved.get(r)] * x[solved.get(k)];
                }
                a[r][n] += p.rounds() * x[solved.get(r)] * y;
            }
        }
        double[] solution = gaussian(a);
        if (solution == null) {
            return null;
        }
        for (int r = 0; r < n; r++) {
            c[solved.get(r)] = solution[r];
        }
        return c;
    }

    /** Solves the augmented normal system, its columns scaled to unit diagonal; null when singular. */
    private static double[] gaussian(double[][] a) {
        int n = a.length;
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = Math.sqrt(a[i][i]);
            if (!(scale[i] > 0)) {
                return null;
            }
        }
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < n; k++) {
                a[r][k] /= scale[r] * scale[k];
            }
            a[r][n] /= scale[r];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][col]) < SINGULAR) {
                return null;
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int k = col; k <= n; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][n] / a[i][i] / scale[i];
        }
        return x;
    }

    private static double weightedSquares(List<RoundObservation> points, double[] c) {
        double sum = 0;
        for (RoundObservation p : points) {
            double[] x = features(p);
            double residual = p.medianSeconds() - (c[0] * x[0] + c[1] * x[1] + c[2] * x[2]);
            sum += p.rounds() * residual * residual;
        }
        return sum;
    }

    private static double[] features(RoundObservation p) {
        return new double[]{1, p.batchPerWorker(), p.workers()};
    }
}
