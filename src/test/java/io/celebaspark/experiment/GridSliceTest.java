package io.celebaspark.experiment;

import io.celebaspark.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridSliceTest {
    private static final ExperimentPlan SMITH = ExperimentPlan.expand(Experiments.spec("t", Experiments.SMITH), null,
            Map.of(), 0);

    private static List<String> ids(List<PlannedRun> runs) {
        return runs.stream().map(PlannedRun::runId).toList();
    }

    @Test
    void everyRunIsInExactlyOneSliceAndSlicesDifferByAtMostOneRun() {
        List<PlannedRun> runs = SMITH.runs(); // 42 runs
        for (int n = 1; n <= 7; n++) {
            List<String> all = new ArrayList<>();
            Set<Integer> sizes = new HashSet<>();
            for (int i = 1; i <= n; i++) {
                List<PlannedRun> slice = new GridSlice(i, n).select(runs);
                all.addAll(ids(slice));
                sizes.add(slice.size());
            }
            assertEquals(runs.size(), all.size(), "n = " + n);
            assertEquals(new HashSet<>(ids(runs)), new HashSet<>(all), "n = " + n);
            assertTrue(sizes.stream().mapToInt(Integer::intValue).max().orElseThrow()
                    - sizes.stream().mapToInt(Integer::intValue).min().orElseThrow() <= 1, "n = " + n + ": " + sizes);
        }
    }

    @Test
    void aSliceTakesEveryNthRunInPlanOrderAndIsTheSameOnEveryLaunch() {
        List<PlannedRun> runs = SMITH.runs();
        assertEquals(List.of(runs.get(1).runId(), runs.get(4).runId(), runs.get(7).runId()),
                ids(new GridSlice(2, 3).select(runs)).subList(0, 3));
        ExperimentPlan again = ExperimentPlan.expand(Experiments.spec("t", Experiments.SMITH), null, Map.of(), 0);
        assertEquals(ids(SMITH.slice(GridSlice.parse("2/3")).runs()), ids(again.slice(GridSlice.parse("2/3")).runs()));
        // a reduced plan (--seeds 1) is a prefix of the whole one: its runs stay in their slices
        ExperimentPlan firstSeed = ExperimentPlan.expand(Experiments.spec("t", Experiments.SMITH), null, Map.of(), 1);
        assertTrue(ids(SMITH.slice(new GridSlice(2, 3)).runs())
                .containsAll(ids(firstSeed.slice(new GridSlice(2, 3)).runs())));
        assertSame(SMITH, SMITH.slice(GridSlice.ALL));
    }

    @Test
    void parsesIOverNAndRefusesAnythingElseSayingWhy() {
        assertEquals(new GridSlice(2, 3), GridSlice.parse("2/3"));
        assertEquals(new GridSlice(1, 1), GridSlice.parse(" 1 / 1 "));
        for (String bad : List.of("", "2", "2/", "/3", "a/b", "2-3", "1/2/3", "-1/2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridSlice.parse(bad), bad);
            assertEquals("--slice needs i/n (slice i of n, e.g. 2/3), got '" + bad + "'", e.getMessage());
        }
        for (String bad : List.of("0/3", "4/3", "1/0", "0/0")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridSlice.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--slice " + bad + ": needs 1 <= i <= n"), e.getMessage());
        }
    }

    @Test
    void refusesMoreSlicesThanRuns() {
        List<PlannedRun> three = SMITH.runs().subList(0, 3);
        assertEquals(1, new GridSlice(3, 3).select(three).size());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new GridSlice(1, 4).select(three));
        assertEquals("--slice 1/4: the plan has only 3 runs, so some of 4 slices would be empty; cut it into at most 3",
                e.getMessage());
    }
}
