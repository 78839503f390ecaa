package io.celebaspark.train.control;

import io.celebaspark.train.noise.NoiseScaleEstimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.celebaspark.train.control.ControllerEvent.Kind.BATCH_CAPPED;
import static io.celebaspark.train.control.ControllerEvent.Kind.BATCH_GROWN;
import static io.celebaspark.train.control.ControllerEvent.Kind.BATCH_SHRUNK;
import static io.celebaspark.train.control.ControllerEvent.Kind.BUDGET_SPENT;
import static io.celebaspark.train.control.ControllerEvent.Kind.EARLY_STOPPED;
import static io.celebaspark.train.control.ControllerEvent.Kind.LR_DECAYED;
import static io.celebaspark.train.control.ControllerEvent.Kind.NOISE_MISSING;
import static io.celebaspark.train.control.ControllerEvent.Kind.NOISE_SCALE;
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
 *
 * <p>The two noise kinds also take the epoch's gradient noise scale ({@link #onEpochEnd(int, double,
 * NoiseScaleEstimate)}). The newest usable estimate counts: when an epoch brings none (or a NaN or negative
 * one), the last one before it is used and its events say from which epoch; before any, {@code NOISE_MISSING}.
 * No noise-driven change is made before the estimates given rest on {@code schedule.noise.warmup-rounds} rounds.
 * <ul>
 *   <li>{@code noise-scale}: after a {@code PLATEAU} (if any), a {@code NOISE_SCALE} event with the target
 *       B* = kappa &middot; B_noise; the batch per worker becomes round(B* / workers) when B* / B &ge; min-change
 *       (or, unless grow-only, B / B* &ge; min-change), never below the initial batch per worker, and within the
 *       caps of batch growth: beyond them it stops at the largest batch per worker that fits, with one
 *       {@code BATCH_CAPPED}. A plateau at which the batch did not grow decays the learning rate.</li>
 *   <li>{@code noise-capped-growth}: on a plateau, batch growth by alpha as above if the grown global batch is at
 *       most B*, with a {@code NOISE_SCALE} event saying whether it is; otherwise (or without an estimate, or
 *       during the warm-up) the learning rate decays. The check is repeated at every plateau: B_noise grows as
 *       the loss falls, so a later plateau may grow again.</li>
 * </ul>
 */
public final class PlateauController {
    private static final String FORMAT = "2";
    /** The format before the noise kinds, which still loads (with no noise seen and the batch as initial). */
    private static final String FORMAT_WITHOUT_NOISE = "1";

    private final ScheduleSettings settings;
    private final long trainExamples;
    private final PlateauDetector detector;
    private TrainingState state;
    private final int initialBatchPerWorker;
    private boolean batchCapped;
    private boolean stopped;
    private long noiseRoundsSeen;
    private SeenNoise lastNoise;

    private PlateauController(ScheduleSettings settings, long trainExamples, PlateauDetector detector,
                              TrainingState state, int initialBatchPerWorker, boolean batchCapped, boolean stopped,
                              long noiseRoundsSeen, SeenNoise lastNoise) {
        if (trainExamples < 1) {
            throw new IllegalArgumentException("the training data holds no examples");
        }
        this.settings = settings;
        this.trainExamples = trainExamples;
        this.detector = detector;
        this.state = state;
        this.initialBatchPerWorker = initialBatchPerWorker;
        this.batchCapped = batchCapped;
        this.stopped = stopped;
        this.noiseRoundsSeen = noiseRoundsSeen;
        this.lastNoise = lastNoise;
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
                initial.batchPerWorker(), false, false, 0, null);
    }

    /** A controller that continues from {@link #saveState()}'s text, with the run's settings and data. */
    public static PlateauController restore(ScheduleSettings settings, long trainExamples, String savedState) {
        Map<String, String> saved = parse(savedState);
        boolean withNoise = FORMAT.equals(saved.get("format"));
        if (!withNoise && !FORMAT_WITHOUT_NOISE.equals(saved.get("format"))) {
            throw new IllegalArgumentException("unsupported controller state format " + saved.get("format")
                    + ", expected " + FORMAT + " or " + FORMAT_WITHOUT_NOISE);
        }
        try {
            TrainingState state = new TrainingState(Integer.parseInt(required(saved, "epoch")),
                    Integer.parseInt(required(saved, "batch-per-worker")),
                    Integer.parseInt(required(saved, "workers")),
                    Double.parseDouble(required(saved, "learning-rate")));
            PlateauDetector.State detected = new PlateauDetector.State(Double.parseDouble(required(saved, "best")),
                    Integer.parseInt(required(saved, "epochs-without-improvement")),
                    Integer.parseInt(required(saved, "cooldown-left")));
            int noiseEpoch = withNoise ? Integer.parseInt(required(saved, "noise-epoch")) : 0;
            SeenNoise lastNoise = noiseEpoch == 0 ? null : new SeenNoise(noiseEpoch,
                    Double.parseDouble(required(saved, "noise-scale")),
                    Double.parseDouble(required(saved, "noise-scale-se")),
                    Integer.parseInt(required(saved, "noise-scale-rounds")));
            return new PlateauController(settings, trainExamples, new PlateauDetector(settings.plateau(), detected),
                    state, withNoise ? Integer.parseInt(required(saved, "initial-batch-per-worker"))
                    : state.batchPerWorker(),
                    Boolean.parseBoolean(required(saved, "batch-capped")),
                    Boolean.parseBoolean(required(saved, "stopped")),
                    withNoise ? Long.parseLong(required(saved, "noise-rounds-seen")) : 0, lastNoise);
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
     * Decides after epoch {@code epoch}, which must be {@link #state()}'s epoch, without a noise estimate.
     *
     * @param monitoredValue the configured metric's value at the end of the epoch; finite
     * @throws IllegalStateException    after a decision to stop
     * @throws IllegalArgumentException for another epoch or a non-finite value
     */
    public Decision onEpochEnd(int epoch, double monitoredValue) {
        return onEpochEnd(epoch, monitoredValue, null);
    }

    /**
     * Decides after epoch {@code epoch}, which must be {@link #state()}'s epoch.
     *
     * @param monitoredValue the configured metric's value at the end of the epoch; finite
     * @param noise          the epoch's gradient noise scale, or null when none was measured; only the noise
     *                       kinds use it
     * @throws IllegalStateException    after a decision to stop
     * @throws IllegalArgumentException for another epoch or a non-finite value
     */
    public Decision onEpochEnd(int epoch, double monitoredValue, NoiseScaleEstimate noise) {
        if (stopped) {
            throw new IllegalStateException("the controller stopped the run after epoch " + (state.epoch() - 1));
        }
        if (epoch != state.epoch()) {
            throw new IllegalArgumentException("expected the end of epoch " + state.epoch() + ", got epoch " + epoch);
        }
        PlateauDetector.Observation seen = detector.observe(monitoredValue);
        if (noise != null && noise.noiseScale() >= 0 && noise.rounds() >= 0) {
            noiseRoundsSeen += noise.rounds();
            lastNoise = new SeenNoise(epoch, noise.noiseScale(), noise.standardError(), noise.rounds());
        }
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
        saved.put("initial-batch-per-worker", initialBatchPerWorker);
        saved.put("noise-rounds-seen", noiseRoundsSeen);
        saved.put("noise-epoch", lastNoise == null ? 0 : lastNoise.epoch());
        saved.put("noise-scale", lastNoise == null ? Double.NaN : lastNoise.noiseScale());
        saved.put("noise-scale-se", lastNoise == null ? Double.NaN : lastNoise.standardError());
        saved.put("noise-scale-rounds", lastNoise == null ? 0 : lastNoise.rounds());
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
                events.add(plateauEvent(epoch, value, seen));
                yield Optional.of(new Due(settings.kind() == ScheduleKind.LR_DECAY
                        ? Adjustment.LR_DECAY : Adjustment.BATCH_GROWTH, "plateau at epoch " + epoch));
            }
            case FIXED_STEPS -> settings.steps().contains(epoch)
                    ? Optional.of(new Due(settings.stepAction(), "fixed step at epoch " + epoch + " (schedule.steps)"))
                    : Optional.empty();
            case NOISE_SCALE -> {
                if (seen.plateau()) {
                    events.add(plateauEvent(epoch, value, seen));
                }
                boolean grew = followNoiseScale(epoch, events);
                yield seen.plateau() && !grew ? Optional.of(new Due(Adjustment.LR_DECAY, "plateau at epoch " + epoch
                        + " and the batch did not grow")) : Optional.empty();
            }
            case NOISE_CAPPED_GROWTH -> {
                if (!seen.plateau()) {
                    yield Optional.empty();
                }
                events.add(plateauEvent(epoch, value, seen));
                yield Optional.of(batchCapped ? new Due(Adjustment.BATCH_GROWTH, "plateau at epoch " + epoch)
                        : noiseCappedGrowth(epoch, events));
            }
        };
    }

    private ControllerEvent plateauEvent(int epoch, double value, PlateauDetector.Observation seen) {
        PlateauCriterion plateau = settings.plateau();
        return new ControllerEvent(epoch, PLATEAU, seen.best(), value, configName(settings.monitor())
                + " has not beaten its best " + seen.best() + " by more than schedule.min-delta = "
                + plateau.minDelta() + " for schedule.patience = " + plateau.patience() + " epochs");
    }

    /**
     * Why {@link #lastNoise} cannot be decided with yet (never measured: recorded as {@code NOISE_MISSING}; or
     * still warming up), or null when it can.
     */
    private String noiseUnusable(int epoch, List<ControllerEvent> events) {
        if (lastNoise == null) {
            events.add(new ControllerEvent(epoch, NOISE_MISSING, state.globalBatch(), state.globalBatch(),
                    "no gradient noise scale was measured so far (it needs train.averaging-frequency = 1 and"
                            + " at least 2 workers); schedule.kind = " + configName(settings.kind())
                            + " does not grow the batch without one"));
            return "no gradient noise scale measured";
        }
        if (noiseRoundsSeen < settings.noise().warmupRounds()) {
            return "the noise scale is warming up (" + noiseRoundsSeen + " of " + settings.noise().warmupRounds()
                    + " rounds, schedule.noise.warmup-rounds)";
        }
        return null;
    }

    /** The NOISE_SCALE event's reason: the estimate, where it comes from, kappa and the target. */
    private String noiseReason(int epoch, double target) {
        SeenNoise noise = lastNoise;
        return String.format(Locale.ROOT, "gradient noise scale B_noise %.4g examples (%s, standard error %.3g, %d"
                        + " rounds; %d rounds in all) x schedule.noise.kappa = %s: target global batch %.4g",
                noise.noiseScale(), noise.epoch() == epoch ? "this epoch's estimate"
                        : "epoch " + noise.epoch() + "'s estimate, none since", noise.standardError(), noise.rounds(),
                noiseRoundsSeen, settings.noise().kappa(), target);
    }

    /**
     * {@code noise-scale}: moves the batch per worker towards kappa &middot; B_noise (hysteresis, grow-only,
     * caps) and records why; true when the batch grew.
     */
    private boolean followNoiseScale(int epoch, List<ControllerEvent> events) {
        if (noiseUnusable(epoch, events) != null) {
            return false;
        }
        NoiseSchedule rule = settings.noise();
        double target = rule.kappa() * lastNoise.noiseScale();
        long current = state.globalBatch();
        boolean grow = target >= current * rule.minChange();
        boolean shrink = !rule.growOnly() && target * rule.minChange() <= current;
        String reason = noiseReason(epoch, target);
        if (!grow && !shrink) {
            events.add(new ControllerEvent(epoch, NOISE_SCALE, lastNoise.noiseScale(), target, reason
                    + " for a global batch of " + current + ": no change (" + (rule.growOnly() && target < current
                    ? "schedule.noise.grow-only = true" : "within schedule.noise.min-change = " + rule.minChange())
                    + ")"));
            return false;
        }
        long limit = Math.min(settings.maxGlobalBatch(), trainExamples);
        double wantedPerWorker = Math.max(initialBatchPerWorker, Math.rint(target / state.workers()));
        long perWorker = (long) Math.min(wantedPerWorker, limit / state.workers());
        double wantedGlobal = wantedPerWorker * state.workers();
        events.add(new ControllerEvent(epoch, NOISE_SCALE, lastNoise.noiseScale(), target, reason
                + " for a global batch of " + current + ": batch per worker " + state.batchPerWorker() + " -> "
                + perWorker + " on " + state.workers() + " workers"));
        if (wantedPerWorker > perWorker && !batchCapped) {
            batchCapped = true;
            events.add(new ControllerEvent(epoch, BATCH_CAPPED, current, wantedGlobal, String.format(Locale.ROOT,
                    "the noise scale's global batch %.4g %s; the batch stays at or below %d and plateaus decay the"
                            + " learning rate", wantedGlobal, capReason(wantedGlobal), limit)));
        }
        if (perWorker == state.batchPerWorker() || grow && perWorker < state.batchPerWorker()) {
            return false;
        }
        long newGlobal = perWorker * state.workers();
        events.add(new ControllerEvent(epoch, newGlobal > current ? BATCH_GROWN : BATCH_SHRUNK, current, newGlobal,
                "global batch " + current + " -> " + newGlobal + " to follow kappa x B_noise = "
                        + String.format(Locale.ROOT, "%.4g", target)));
        state = state.withBatchPerWorker((int) perWorker);
        return newGlobal > current;
    }

    /** {@code noise-capped-growth} on a plateau: batch growth if alpha &middot; B still fits kappa &middot; B_noise. */
    private Due noiseCappedGrowth(int epoch, List<ControllerEvent> events) {
        String plateau = "plateau at epoch " + epoch;
        String unusable = noiseUnusable(epoch, events);
        if (unusable != null) {
            return new Due(Adjustment.LR_DECAY, plateau + ", no batch growth: " + unusable);
        }
        double target = settings.noise().kappa() * lastNoise.noiseScale();
        long grown = grown().globalBatch();
        boolean fits = grown <= target;
        events.add(new ControllerEvent(epoch, NOISE_SCALE, lastNoise.noiseScale(), target,
                noiseReason(epoch, target) + ": growth to " + grown + (fits ? " fits it"
                        : " exceeds it, so the learning rate decays instead")));
        return fits ? new Due(Adjustment.BATCH_GROWTH, plateau)
                : new Due(Adjustment.LR_DECAY, plateau + ", growth to " + grown + " exceeds kappa x B_noise = "
                + String.format(Locale.ROOT, "%.4g", target));
    }

    /** Batch growth's next state: the batch per worker (scale-up) or the workers (scale-out) x alpha, rounded. */
    private TrainingState grown() {
        return settings.realise() == Realisation.SCALE_OUT ? state.withWorkers(grownByAlpha(state.workers()))
                : state.withBatchPerWorker(grownByAlpha(state.batchPerWorker()));
    }

    /** Which cap of batch growth a global batch exceeds, in words; null when it fits both. */
    private String capReason(double globalBatch) {
        return globalBatch > settings.maxGlobalBatch()
                ? "exceeds schedule.max-global-batch = " + settings.maxGlobalBatch()
                : globalBatch > trainExamples ? "exceeds the " + trainExamples + " training examples" : null;
    }

    private void apply(Due due, int epoch, List<ControllerEvent> events) {
        if (due.adjustment() == Adjustment.BATCH_GROWTH && !batchCapped) {
            boolean scaleOut = settings.realise() == Realisation.SCALE_OUT;
            TrainingState next = grown();
            int grown = scaleOut ? next.workers() : next.batchPerWorker();
            long grownGlobal = next.globalBatch();
            String limit = capReason(grownGlobal);
            if (limit == null && scaleOut && settings.maxWorkers() > 0 && grown > settings.maxWorkers()) {
                limit = "needs " + grown + " workers, more than " + ScheduleSettings.MAX_WORKERS + " = "
                        + settings.maxWorkers();
            }
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

    /** The newest usable noise estimate: from which epoch, B_noise, its standard error and its rounds. */
    private record SeenNoise(int epoch, double noiseScale, double standardError, int rounds) {
    }
}
