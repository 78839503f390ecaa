package io.celebaspark.report;

import java.util.List;
import java.util.Optional;

/**
 * One comparison panel: a grid point and every cell whose own grid point it covers (an arm without a
 * coordinate, such as {@code constant} without {@code schedule.alpha}, appears in every panel it fits), with
 * the hypothesis test when both the treatment and the control arm are among them.
 *
 * @param point      the panel's grid point
 * @param cells      its cells, in the experiment's arm order
 * @param comparison the treatment-against-control test, when both arms are present
 */
public record Panel(GridPoint point, List<Cell> cells, Optional<Comparison> comparison) {
    public Panel {
        cells = List.copyOf(cells);
    }
}
