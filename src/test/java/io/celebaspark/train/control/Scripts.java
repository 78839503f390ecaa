package io.celebaspark.train.control;

import com.typesafe.config.ConfigFactory;
import io.celebaspark.config.ConfigReader;

import java.util.ArrayList;
import java.util.List;

/** Settings from HOCON snippets and scripted curves, shared by the controller tests. */
final class Scripts {
    /** Every key the factory reads, with values chosen so that tests override only what they exercise. */
    static final String ALL_KEYS = """
            train.epochs = 100
            schedule {
              kind = lr-decay
              monitor = val-loss
              mode = min
              alpha = 2
              patience = 2
              min-delta = 0
              cooldown = 0
              max-global-batch = 1024
              min-lr = 0.01
              steps = []
              step-action = lr-decay
              noise { kappa = 1, warmup-rounds = 0, min-change = 1.25, grow-only = true }
              batch-growth.realise = scale-up
            }
            train.averaging-frequency = 1
            cluster.scale-out.max-workers = 0
            """;

    private Scripts() {
    }

    static ScheduleSettings settings(String overrides) {
        return ScheduleSettings.from(new ConfigReader(
                ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString(ALL_KEYS)).resolve()));
    }

    /**
     * Feeds {@code curve} epoch by epoch until the controller stops or the curve ends, and returns every
     * event as {@code "epoch KIND old->new"}.
     */
    static List<String> run(PlateauController controller, double... curve) {
        List<String> events = new ArrayList<>();
        for (double value : curve) {
            Decision decision = controller.onEpochEnd(controller.state().epoch(), value);
            decision.events().forEach(e -> events.add(e.epoch() + " " + e.kind() + " " + e.oldValue() + "->" + e.newValue()));
            if (decision.stop()) {
                break;
            }
        }
        return events;
    }

    static double[] flat(int epochs, double value) {
        double[] curve = new double[epochs];
        java.util.Arrays.fill(curve, value);
        return curve;
    }
}
