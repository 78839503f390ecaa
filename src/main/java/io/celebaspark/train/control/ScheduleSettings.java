package io.celebaspark.train.control;

import io.celebaspark.config.ConfigReader;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * The validated schedule of one run: which kind, what it watches, how it changes the batch and the
 * learning rate, and for how many epochs. Built once at start by {@link #from(ConfigReader)}, so that a
 * bad value stops the run before any training with a message naming key, value and rule.
 *
 * @param kind            the schedule ({@code schedule.kind})
 * @param monitor         the metric plateaus are detected on ({@code schedule.monitor})
 * @param plateau         mode, min-delta, patience and cooldown of the plateau detection
 * @param alpha           factor of every change: the batch is multiplied, the learning rate divided by it
 * @param minLearningRate the learning rate never decays below this floor ({@code schedule.min-lr})
 * @param maxGlobalBatch  the global batch never grows above this ({@code schedule.max-global-batch})
 * @param stepAction      what fixed steps do ({@code schedule.step-action})
 * @param steps           epochs at whose end fixed steps apply, strictly increasing ({@code schedule.steps})
 * @param epochBudget     epochs to run at most ({@code train.epochs})
 * @param noise           how the noise-scale kinds use the gradient noise scale ({@code schedule.noise.*})

 * @param realise         what a batch growth multiplies: the batch per worker or the workers
 *                        ({@code schedule.batch-growth.realise})
 * @param maxWorkers      scale-out never grows the workers beyond this, 0 for no cap
 *                        ({@code cluster.scale-out.max-workers}: the cluster's limit, the controller's cap)

 */
public record ScheduleSettings(ScheduleKind kind, MonitoredMetric monitor, PlateauCriterion plateau, double alpha,
                               double minLearningRate, int maxGlobalBatch, Adjustment stepAction,
                               List<Integer> steps, int epochBudget, NoiseSchedule noise, Realisation realise,
                               int maxWorkers) {
    public static final String REALISE = "schedule.batch-growth.realise";
    public static final String MAX_WORKERS = "cluster.scale-out.max-workers";

    public ScheduleSettings {
        steps = List.copyOf(steps);
    }

    public static ScheduleSettings from(ConfigReader r) {
        int epochBudget = r.intIn("train.epochs", 1, 100_000);
        ScheduleKind kind = r.choice("schedule.kind", ScheduleKind.class);
        MonitoredMetric monitor = r.choice("schedule.monitor", MonitoredMetric.class);
        Mode mode = r.choice("schedule.mode", Mode.class);
        if (mode != monitor.improvesIn()) {
            throw r.invalid("schedule.mode", configName(mode), "schedule.monitor = " + configName(monitor)
                    + " improves in " + configName(monitor.improvesIn()) + " mode");
        }
        PlateauCriterion plateau = new PlateauCriterion(mode,
                number(r, "schedule.min-delta", v -> v >= 0, "must be at least 0"),
                r.intIn("schedule.patience", 1, 100_000),
                r.intIn("schedule.cooldown", 0, 100_000));
        return new ScheduleSettings(kind, monitor, plateau,
                number(r, "schedule.alpha", v -> v > 1, "must be greater than 1, or a change would change nothing"),
                number(r, "schedule.min-lr", v -> v > 0, "must be greater than 0"),
                r.intIn("schedule.max-global-batch", 1, Integer.MAX_VALUE),
                r.choice("schedule.step-action", Adjustment.class),
                steps(r, kind, epochBudget),
                epochBudget,
                noise(r, kind),
                realisation(r, kind),
                r.intIn(MAX_WORKERS, 0, 100_000));
    }

    /** A batch growth may happen in this schedule. */
    public boolean mayGrowBatch() {
        return kind == ScheduleKind.BATCH_GROWTH || kind.usesNoiseScale()
                || kind == ScheduleKind.FIXED_STEPS && stepAction == Adjustment.BATCH_GROWTH;
    }

    /** A batch growth may add workers: the run needs a fixed initial W and executors that can be added. */
    public boolean mayScaleOut() {
        return mayGrowBatch() && realise == Realisation.SCALE_OUT;
    }

    private static Realisation realisation(ConfigReader r, ScheduleKind kind) {
        Realisation realise = r.choice(REALISE, Realisation.class);
        if (realise == Realisation.SCALE_OUT && kind == ScheduleKind.NOISE_SCALE) {
            throw r.invalid(REALISE, configName(realise), "schedule.kind = noise-scale sets the batch per worker"
                    + " to kappa x B_noise / workers; scale it out with schedule.kind = noise-capped-growth, or set "
                    + REALISE + " = scale-up");
        }
        return realise;
    }

    private static NoiseSchedule noise(ConfigReader r, ScheduleKind kind) {
        if (kind.usesNoiseScale()) {
            // The estimator pairs each worker's first local step with their average: after it the workers'
            // parameters differ, so later local steps measure nothing comparable.
            int frequency = r.intIn("train.averaging-frequency", 1, 10_000);
            if (frequency != 1) {
                throw r.invalid("train.averaging-frequency", frequency, "must be 1 with schedule.kind = "
                        + configName(kind) + ": the gradient noise scale is measured from synchronous rounds only;"
                        + " set train.averaging-frequency = 1 or choose another schedule.kind");
            }
        }
        return new NoiseSchedule(
                number(r, "schedule.noise.kappa", v -> v > 0, "must be greater than 0"),
                r.intIn("schedule.noise.warmup-rounds", 0, Integer.MAX_VALUE),
                number(r, "schedule.noise.min-change", v -> v >= 1,
                        "must be at least 1 (1 = no hysteresis: follow every change of the target)"),
                r.bool("schedule.noise.grow-only"));
    }

    /** An enum constant as configuration spells it: {@code LR_DECAY} is {@code lr-decay}. */
    static String configName(Enum<?> value) {
        return ConfigReader.configName(value);
    }

    private static double number(ConfigReader r, String key, DoublePredicate rule, String ruleText) {
        double value = r.doubleIn(key, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        if (!rule.test(value)) {
            throw r.invalid(key, value, ruleText);
        }
        return value;
    }

    private static List<Integer> steps(ConfigReader r, ScheduleKind kind, int epochBudget) {
        String key = "schedule.steps";
        List<String> listed = r.stringList(key);
        List<Integer> steps = new ArrayList<>();
        for (String text : listed) {
            int step;
            try {
                step = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw r.invalid(key, listed, "must list epoch numbers, \"" + text + "\" is not one");
            }
            if (step < 1) {
                throw r.invalid(key, listed, "epochs are numbered from 1");
            }
            if (!steps.isEmpty() && step <= steps.get(steps.size() - 1)) {
                throw r.invalid(key, listed, "must be strictly increasing");
            }
            steps.add(step);
        }
        if (kind == ScheduleKind.FIXED_STEPS) {
            if (steps.isEmpty()) {
                throw r.invalid(key, listed, "must list at least one epoch when schedule.kind = fixed-steps");
            }
            int last = steps.get(steps.size() - 1);
            if (last >= epochBudget) {
                throw r.invalid(key, listed, "a step at the end of epoch " + last + " would only apply after the"
                        + " last epoch (train.epochs = " + epochBudget + ")");
            }
        }
        return steps;
    }
}
