package io.celebaspark.train.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.celebaspark.train.control.ControllerEvent.Kind.BATCH_CAPPED;
import static io.celebaspark.train.control.ControllerEvent.Kind.BATCH_GROWN;
import static io.celebaspark.train.control.ControllerEvent.Kind.BUDGET_SPENT;
import static io.celebaspark.train.control.ControllerEvent.Kind.EARLY_STOPPED;
import static io.celebaspark.train.control.ControllerEvent.Kind.LR_DECAYED;
import static io.celebaspark.train.control.ControllerEvent.Kind.PLATEAU;
import static io.celebaspark.train.control.ScheduleSettings.configName;

/**
 * The driver-side controller: told the monitored value at the end of every epoch, it decides the batch
 * and learning rate of the next one, and when to stop. It knows nothing of Spark or DL4J, so every
 * decision can be unit-tested with scripted curves, and its whole state is a few numbers that go into the
 * checkpoint as text ({@link #saveState()}), so a resumed run decides exactly as the original would have.
 *
 * <p>At the end of epoch e, in this order:
 * <ol>
 *   <li>the {@link PlateauDetector} observes the value (every schedule, for {@link Decision#improved()});</li>
 *   <li>if e is the last epoch of {@code train.epochs}: {@code BUDGET_SPENT}, stop; nothing else is decided;</li>
 *   <li>a change is due on a plateau ({@code lr-decay}, {@code batch-growth}: a {@code PLATEAU} event
 *       first), at a listed step ({@code fixed-steps}), or never ({@code constant});</li>
 *   <li>a due batch growth multiplies the batch per worker (realised as {@code scale-up}) or the workers
 *       ({@code scale-out}) by alpha, rounded to the nearest integer and at least +1, if the new global batch
 *       fits both {@code schedule.max-global-batch} and the training examples, and scale-out's workers fit
 *       {@code cluster.scale-out.max-workers}; it never grows partially. If it does not fit:
 *       {@code BATCH_CAPPED} once, and this and all later changes decay the learning rate (Smith et al.'s
 *       hybrid);</li>
 *   <li>a due LR decay sets lr to max(lr / alpha, min-lr); when lr already is at min-lr nothing is left to
 *       change: {@code EARLY_STOPPED}.</li>
 * </ol>
 * Changes apply from epoch e + 1.
 */
public final class PlateauController {
    private static final String FORMAT = "1";

    private final ScheduleSettings settings;
    private final long trainExamples;
    private final PlateauDetector detector;
    private TrainingState state;
    private boolean batchCapped;
    private boolean stopped;

    private PlateauController(ScheduleSettings settings, long trainExamples, PlateauDetector detector,
                              TrainingState state, boolean batchCapped, boolean stopped) {
        if (trainExamples < 1) {
            throw new IllegalArgumentException("the training data holds no examples");
        }
        this.settings = settings;
        this.trainExamples = trainExamples;
        this.detector = detector;
        this.state = state;
        this.batchCapped = batchCapped;
        this.stopped = stopped;
    }

    /**
     * A controller for a new run.
     *
     * @param initial       the first epoch's state (epoch 1)
     * @param trainExamples training examples: the global batch never grows beyond them
     * @throws IllegalArgumentException when the schedule cannot start from {@code initial}: a batch that
     *                                  may grow already above max-global-batch, or a learning rate that may
     *                                  decay already at or below min-lr
     */
    public static PlateauController start(ScheduleSettings settings, TrainingState initial, long trainExamples) {
        if (initial.epoch() != 1) {
            throw new IllegalArgumentException("a run starts at epoch 1, not " + initial.epoch());
        }
        if (settings.mayGrowBatch() && initial.globalBatch() > settings.maxGlobalBatch()) {
            throw new IllegalArgumentException("schedule.max-global-batch = " + settings.maxGlobalBatch()
                    + " is invalid: must be at least the initial global batch " + initial.globalBatch() + " ("
                    + initial.batchPerWorker() + " per worker x " + initial.workers() + " workers)");
        }
        if (settings.mayScaleOut() && settings.maxWorkers() > 0 && initial.workers() > settings.maxWorkers()) {
            throw new IllegalArgumentException(ScheduleSettings.MAX_WORKERS + " = " + settings.maxWorkers()
                    + " is invalid: must be at least the initial " + initial.workers() + " workers (train.workers)");
        }
        if (settings.kind() != ScheduleKind.CONSTANT && initial.learningRate() <= settings.minLearningRate()) {
            throw new IllegalArgumentException("schedule.min-lr = " + settings.minLearningRate()
                    + " is invalid: must be below the initial learning rate " + initial.learningRate());
        }
        return new PlateauController(settings, trainExamples, new PlateauDetector(settings.plateau()), initial,
                false, false);
    }

    /** A controller that continues from {@link #saveState()}'s text, with the run's settings and data. */
    public static PlateauController restore(ScheduleSettings settings, long trainExamples, String savedState) {
        Map<String, String> saved = parse(savedState);
        if (!FORMAT.equals(saved.get("format"))) {
            throw new IllegalArgumentException("unsupported controller state format " + saved.get("format")
                    + ", expected " + FORMAT);
        }
        try {
            TrainingState state = new TrainingState(Integer.parseInt(required(saved, "epoch")),
                    Integer.parseInt(required(saved, "batch-per-worker")),
                    Integer.parseInt(required(saved, "workers")),
                    Double.parseDouble(required(saved, "learning-rate")));
            PlateauDetector.State detected = new PlateauDetector.State(Double.parseDouble(required(saved, "best")),
                    Integer.parseInt(required(saved, "epochs-without-improvement")),
                    Integer.parseInt(required(saved, "cooldown-left")));
            return new PlateauController(settings, trainExamples, new PlateauDetector(settings.plateau(), detected),
                    state, Boolean.parseBoolean(required(saved, "batch-capped")),
                    Boolean.parseBoolean(required(saved, "stopped")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("corrupt controller state: " + e.getMessage(), e);
        }
    }

    /** The state of the next epoch to run. */
    public TrainingState state() {
        return state;
    }

    public boolean stopped() {
        return stopped;
    }

    /**
     * Decides after epoch {@code epoch}, which must be {@link #state()}'s epoch.
     *
     * @param monitoredValue the configured metric's value at the end of the epoch; finite
     * @throws IllegalStateException    after a decision to stop
     * @throws IllegalArgumentException for another epoch or a non-finite value
     */
    public Decision onEpochEnd(int epoch, double monitoredValue) {
        if (stopped) {
            throw new IllegalStateException("the controller stopped the run after epoch " + (state.epoch() - 1));
        }
        if (epoch != state.epoch()) {
            throw new IllegalArgumentException("expected the end of epoch " + state.epoch() + ", got epoch " + epoch);
        }
        PlateauDetector.Observation seen = detector.observe(monitoredValue);
        List<ControllerEvent> events = new ArrayList<>();
        if (epoch >= settings.epochBudget()) {
            events.add(new ControllerEvent(epoch, BUDGET_SPENT, settings.epochBudget(), epoch,
                    "the epoch budget of " + settings.epochBudget() + " epochs (train.epochs) is spent"));
            stopped = true;
        } else {
            dueChange(epoch, monitoredValue, seen, events).ifPresent(due -> apply(due, epoch, events));
        }
        state = state.nextEpoch();
        return new Decision(state, events, seen.improved(), stopped);
    }

    /**
     * Continues at {@code lr / divisor} after the run diverged and was rolled back to this controller's
     * (restored) state: the one change the controller does not decide itself, recorded by the trainer.
     */
    public void divideLearningRate(double divisor) {
        if (!(divisor > 1)) {
            throw new IllegalArgumentException("a rollback must lower the learning rate, divisor " + divisor);
        }
        state = state.withLearningRate(state.learningRate() / divisor);
    }

    /** The full state as stable, human-readable {@code key=value} lines, for the checkpoint. */
    public String saveState() {
        PlateauDetector.State detected = detector.state();
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("format", FORMAT);
        saved.put("epoch", state.epoch());
        saved.put("batch-per-worker", state.batchPerWorker());
        saved.put("workers", state.workers());
        saved.put("learning-rate", state.learningRate());
        saved.put("best", detected.best());
        saved.put("epochs-without-improvement", detected.epochsWithoutImprovement());
        saved.put("cooldown-left", detected.cooldownLeft());
        saved.put("batch-capped", batchCapped);
        saved.put("stopped", stopped);
        StringBuilder text = new StringBuilder();
        saved.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    /** A change due at the end of {@code epoch}, with its cause in words; a plateau is recorded first. */
    private Optional<Due> dueChange(int epoch, double value, PlateauDetector.Observation seen,
                                    List<ControllerEvent> events) {
        return switch (settings.kind()) {
            case CONSTANT -> Optional.empty();
            case LR_DECAY, BATCH_GROWTH -> {
                if (!seen.plateau()) {
                    yield Optional.empty();
                }
                PlateauCriterion plateau = settings.plateau();
                events.add(new ControllerEvent(epoch, PLATEAU, seen.best(), value, configName(settings.monitor())
                        + " has not beaten its best " + seen.best() + " by more than schedule.min-delta = "
                        + plateau.minDelta() + " for schedule.patience = " + plateau.patience() + " epochs"));
                yield Optional.of(new Due(settings.kind() == ScheduleKind.LR_DECAY
                        ? Adjustment.LR_DECAY : Adjustment.BATCH_GROWTH, "plateau at epoch " + epoch));
            }
            case FIXED_STEPS -> settings.steps().contains(epoch)
                    ? Optional.of(new Due(settings.stepAction(), "fixed step at epoch " + epoch + " (schedule.steps)"))
                    : Optional.empty();
        };
    }

    private void apply(Due due, int epoch, List<ControllerEvent> events) {
        if (due.adjustment() == Adjustment.BATCH_GROWTH && !batchCapped) {
            boolean scaleOut = settings.realise() == Realisation.SCALE_OUT;
            int grown = grownByAlpha(scaleOut ? state.workers() : state.batchPerWorker());
            TrainingState next = scaleOut ? state.withWorkers(grown) : state.withBatchPerWorker(grown);
            long grownGlobal = next.globalBatch();
            String limit = grownGlobal > settings.maxGlobalBatch()
                    ? "exceeds schedule.max-global-batch = " + settings.maxGlobalBatch()
                    : grownGlobal > trainExamples ? "exceeds the " + trainExamples + " training examples"
                    : scaleOut && settings.maxWorkers() > 0 && grown > settings.maxWorkers()
                    ? "needs " + grown + " workers, more than " + ScheduleSettings.MAX_WORKERS + " = " + settings.maxWorkers()
                    : null;
            if (limit == null) {
                String change = scaleOut
                        ? "workers " + state.workers() + " -> " + grown + " (x alpha = " + settings.alpha()
                        + ", rounded) at " + state.batchPerWorker() + " per worker"
                        : "batch per worker " + state.batchPerWorker() + " -> " + grown + " (x alpha = "
                        + settings.alpha() + ", rounded) on " + state.workers() + " workers";
                events.add(new ControllerEvent(epoch, BATCH_GROWN, state.globalBatch(), grownGlobal,
                        due.cause() + ": " + change));
                state = next;
                return;
            }
            batchCapped = true;
            events.add(new ControllerEvent(epoch, BATCH_CAPPED, state.globalBatch(), grownGlobal, due.cause()
                    + ": global batch " + grownGlobal + " " + limit + "; the learning rate decays instead from now on"));
        }
        decayLearningRate(due, epoch, events);
    }

    /** round(n &middot; alpha), at least n + 1, capped at {@code Integer.MAX_VALUE} (then some cap refuses it). */
    private int grownByAlpha(int n) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(n + 1L, Math.round(n * settings.alpha())));
    }

    private void decayLearningRate(Due due, int epoch, List<ControllerEvent> events) {
        double lr = state.learningRate();
        if (lr <= settings.minLearningRate()) {
            stopped = true;
            events.add(new ControllerEvent(epoch, EARLY_STOPPED, lr, lr, due.cause() + ": nothing is left to"
                    + " change, the learning rate is at its floor schedule.min-lr = " + settings.minLearningRate()
                    + (settings.mayGrowBatch() ? " and the global batch is capped" : "")));
            return;
        }
        double decayed = Math.max(lr / settings.alpha(), settings.minLearningRate());
        events.add(new ControllerEvent(epoch, LR_DECAYED, lr, decayed, due.cause() + ": learning rate / alpha = "
                + settings.alpha() + (decayed == settings.minLearningRate() ? ", held at schedule.min-lr" : "")));
        state = state.withLearningRate(decayed);
    }

    private static Map<String, String> parse(String savedState) {
        Map<String, String> saved = new LinkedHashMap<>();
        for (String line : savedState.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("corrupt controller state line: " + line);
            }
            saved.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
        }
        return saved;
    }

    private static String required(Map<String, String> saved, String key) {
        String value = saved.get(key);
        if (value == null) {
            throw new IllegalArgumentException("the controller state lacks '" + key + "'");
        }
        return value;
    }

    /** A change that is due, and why. */
    private record Due(Adjustment adjustment, String cause) {
    }
}
