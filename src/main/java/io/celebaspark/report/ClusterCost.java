package io.celebaspark.report;

import io.celebaspark.config.ConfigReader;
import io.celebaspark.cost.BatchPhase;
import io.celebaspark.cost.ClusterShape;
import io.celebaspark.cost.CostForecast;
import io.celebaspark.cost.CostModelException;
import io.celebaspark.cost.PhaseCost;
import io.celebaspark.cost.RoundObservation;
import io.celebaspark.cost.RoundTimeFit;
import io.celebaspark.cost.RoundTimeModel;
import io.celebaspark.metrics.tables.EpochRecord;
import io.celebaspark.report.stats.SampleSummary;
import io.celebaspark.train.control.Realisation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The report's cost on a cluster: the round-time model t_r(W, b) = c0 + c1·b + c2·W, fitted to metered epochs
 * or given ({@code report.cost-model.*}), prices every run's own batch schedule on a cluster, realised as scale-up
 * and as scale-out ({@link CostForecast}), to the target and in all; and, per global batch the runs used, an
 * epoch of the cluster's training data and the cost of one of McCandlish's minimal steps there, which is the
 * curve of time against core-seconds as the batch grows.
 *
 * @param model   what the forecast assumes (the coefficients, where they come from, the cluster), or why there
 *                is no forecast
 * @param runs    per cell and realisation, the runs' schedules priced; empty without a model
 * @param batches per global batch and realisation, an epoch and a minimal step priced; empty without a model
 */
public record ClusterCost(String model, Optional<Table> runs, Optional<Table> batches) {

    /** The metered epochs' round times, the points the coefficients are fitted to. */
    static List<RoundObservation> observations(List<EpochRecord> epochs) {
        return epochs.stream().filter(e -> e.cost() != null && e.cost().rounds() != null)
                .map(e -> new RoundObservation(e.workers(), e.batchPerWorker(), e.cost().rounds().medianSeconds(),
                        e.cost().rounds().rounds())).toList();
    }

    /**
     * @param observed      the epochs to fit the coefficients to
     * @param observedWhere where they come from, as the report says it
     */
    static ClusterCost of(Report report, List<RoundObservation> observed, String observedWhere,
                          CostModelSettings settings) {
        RoundTimeFit.Result fit;
        try {
            fit = RoundTimeFit.fit(observed, settings.given());
        } catch (CostModelException e) {
            return new ClusterCost("No forecast: " + e.getMessage() + " (fitted to " + observedWhere + "; give a"
                    + " coefficient with --set " + CostModelSettings.PREFIX + "c0|c1|c2=SECONDS, or fit to other runs"
                    + " with --set " + CostModelSettings.PREFIX + "fit-metrics=METRICS_DIR).", Optional.empty(),
                    Optional.empty());
        }
        return new ClusterCost(description(fit, observedWhere, settings), Optional.of(runs(report, fit.model(), settings)),
                Optional.of(batches(report, fit.model(), settings)));
    }

    private static String description(RoundTimeFit.Result fit, String observedWhere, CostModelSettings s) {
        boolean allGiven = s.given().c0().isPresent() && s.given().c1().isPresent() && s.given().c2().isPresent();
        String fitted = allGiven ? "all given" : String.format(Locale.ROOT,
                "fitted to %d metered epochs (%d rounds) of %s, rms residual %.2f s per round", fit.points(),
                fit.rounds(), observedWhere, fit.rmsSeconds());
        return String.format(Locale.ROOT, "Round time %s (%s%s). The cluster: a schedule starts on %d workers, one"
                        + " task per core on %d-core executors; scale-up keeps them and divides a larger global batch"
                        + " among them, scale-out keeps the first batch per worker and adds workers. Wall time is"
                        + " rounds × t_r (every task on a core of its own, added executors ready when needed);"
                        + " core-seconds are the executors' cores × that time. A run's schedule is replayed with its"
                        + " own rounds (the same global batches make the same progress whichever way they are"
                        + " realised), to the target: up to its first epoch at the target. Minimal steps are McCandlish"
                        + " et al.'s S_min-equivalent steps, rounds / (1 + B_noise/B) with the epoch's pooled B_noise;"
                        + " – where it was not measured. An epoch on the cluster holds %d training examples.",
                fit.model(), fitted, fit.notes().isEmpty() ? "" : "; " + String.join("; ", fit.notes()), s.workers(),
                s.executorCores(), s.trainingExamples());
    }

    /** The run's epochs as batch phases: its global batch, its rounds (updates), its pooled B_noise. */
    static List<BatchPhase> phases(ScoredRun run) {
        double[] noise = run.noiseScales();
        List<BatchPhase> phases = new ArrayList<>();
        long before = 0;
        for (int i = 0; i < run.epochs().size(); i++) {
            EpochRecord e = run.epochs().get(i);
            phases.add(BatchPhase.of(e.epoch(), e.globalBatch(), e.updates() - before, noise[i]));
            before = e.updates();
        }
        return phases;
    }

    private static Table runs(Report report, RoundTimeModel model, CostModelSettings s) {
        List<List<String>> rows = new ArrayList<>();
        for (Cell cell : report.cells()) {
            List<ScoredRun> runs = cell.runs().stream().filter(r -> !r.epochs().isEmpty()).toList();
            if (runs.isEmpty()) {
                continue;
            }
            for (Realisation how : Realisation.values()) {
                ClusterShape shape = new ClusterShape(how, s.workers(), s.executorCores());
                List<CostForecast.Total> all = new ArrayList<>();
                List<CostForecast.Total> toTarget = new ArrayList<>();
                List<PhaseCost> first = CostForecast.price(phases(runs.get(0)), shape, model);
                for (ScoredRun run : runs) {
                    List<PhaseCost> costs = CostForecast.price(phases(run), shape, model);
                    all.add(CostForecast.total(costs));
                    TargetReach.first(run.epochs(), report.target().value())
                            .ifPresent(reach -> toTarget.add(CostForecast.upToEpoch(costs, reach.epoch())));
                }
                String from = layout(first.get(0).placement());
                String to = layout(first.get(first.size() - 1).placement());
                rows.add(List.of(cell.arm(), cell.point().label(), ConfigReader.configName(how),
                        from.equals(to) ? from : from + " → " + to,
                        String.valueOf(all.stream().mapToInt(CostForecast.Total::executorsMax).max().orElseThrow()),
                        toTarget.size() + " of " + runs.size(),
                        summary(toTarget, CostForecast.Total::progress), summary(toTarget, CostForecast.Total::wallSeconds),
                        summary(toTarget, CostForecast.Total::coreSeconds), summary(all, CostForecast.Total::wallSeconds),
                        summary(all, CostForecast.Total::coreSeconds)));
            }
        }
        return new Table(List.of("arm", "grid point", "realised as", "workers × batch per worker", "executors (most)",
                "reached target", "minimal steps to target", "wall time to target (s)", "core-seconds to target",
                "wall time in all (s)", "core-seconds in all"), rows);
    }

    private static Table batches(Report report, RoundTimeModel model, CostModelSettings s) {
        TreeMap<Long, List<Double>> noiseByBatch = new TreeMap<>();
        for (Cell cell : report.cells()) {
            for (ScoredRun run : cell.runs()) {
                double[] noise = run.noiseScales();
                for (int i = 0; i < run.epochs().size(); i++) {
                    List<Double> at = noiseByBatch.computeIfAbsent(run.epochs().get(i).globalBatch(), b -> new ArrayList<>());
                    if (Double.isFinite(noise[i])) {
                        at.add(noise[i]);
                    }
                }
            }
        }
        List<BatchPhase> epochs = new ArrayList<>();
        List<String> measured = new ArrayList<>();
        noiseByBatch.forEach((batch, noise) -> {
            double mean = noise.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            epochs.add(BatchPhase.of(0, batch, (double) s.trainingExamples() / batch, mean));
            measured.add(noise.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f (%d epoch%s)", mean, noise.size(),
                    noise.size() == 1 ? "" : "s"));
        });
        List<List<String>> rows = new ArrayList<>();
        for (Realisation how : Realisation.values()) {
            List<PhaseCost> costs = CostForecast.price(epochs, new ClusterShape(how, s.workers(), s.executorCores()), model);
            for (int i = 0; i < costs.size(); i++) {
                PhaseCost c = costs.get(i);
                BatchPhase p = c.phase();
                boolean known = !Double.isNaN(p.progress());
                rows.add(List.of(String.format(Locale.ROOT, "%.0f", p.globalBatch()), measured.get(i),
                        ConfigReader.configName(how), layout(c.placement()), String.valueOf(c.placement().executors()),
                        String.format(Locale.ROOT, "%.2f", c.roundSeconds()), String.format(Locale.ROOT, "%.0f", p.rounds()),
                        String.format(Locale.ROOT, "%.0f", c.wallSeconds()), String.format(Locale.ROOT, "%.0f", c.coreSeconds()),
                        known ? String.format(Locale.ROOT, "%.2f", p.rounds() / p.progress()) : "–",
                        known ? String.format(Locale.ROOT, "%.2f", c.wallSeconds() / p.progress()) : "–",
                        known ? String.format(Locale.ROOT, "%.2f", c.coreSeconds() / p.progress()) : "–"));
            }
        }
        return new Table(List.of("global batch", "B_noise there (mean)", "realised as", "workers × batch per worker",
                "executors", "round (s)", "rounds per epoch", "epoch wall time (s)", "epoch core-seconds",
                "rounds per minimal step", "wall time per minimal step (s)", "core-seconds per minimal step"), rows);
    }

    private static String layout(ClusterShape.Placement p) {
        double b = p.batchPerWorker();
        return p.workers() + " × " + (Math.abs(b - Math.rint(b)) < 1e-9 ? String.format(Locale.ROOT, "%.0f", b)
                : String.format(Locale.ROOT, "%.1f", b));
    }

    /** Mean ± sd over the totals, "–" when there are none or one is unknown. */
    private static String summary(List<CostForecast.Total> totals, ToDoubleFunction<CostForecast.Total> value) {
        double[] values = totals.stream().mapToDouble(value).toArray();
        if (values.length == 0 || Arrays.stream(values).anyMatch(Double::isNaN)) {
            return "–";
        }
        return Numbers.countSummary(SampleSummary.of(values));
    }
}
