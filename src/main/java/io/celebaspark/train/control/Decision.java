package io.celebaspark.train.control;

import java.util.List;

/**
 * The controller's answer at the end of an epoch: how to run the next one, what was decided and why,
 * whether this epoch is the best so far (to keep the best model), and whether to stop.
 *
 * @param next     the state of the next epoch; when {@code stop}, the state it would have had
 * @param events   the decisions taken, in order; empty when nothing changed
 * @param improved this epoch's monitored value is the new best
 * @param stop     no further epoch is to run
 */
public record Decision(TrainingState next, List<ControllerEvent> events, boolean improved, boolean stop) {
    public Decision {
        events = List.copyOf(events);
    }
}
