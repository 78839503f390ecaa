package io.celebaspark.e2e;

import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.testing.MetricsFixtures;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SubmitScript;
import io.celebaspark.testing.SubmitScript.Run;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code submit/sql.sh} through spark-submit and the shaded jar (Delta shaded in), on metrics tables written
 * in this JVM by the metrics store, as the trainer will write them: the jar's Delta reads them, and a query
 * with spaces, quotes, {@code $} and {@code *} reaches Spark unchanged through common.sh.
 */
@Tag("e2e")
class SqlScriptIT extends SharedSparkSession {
    private static final Path WORK = SubmitScript.PROJECT.resolve("target/it");

    @TempDir
    Path dir;

    private static Run sql(String... args) throws Exception {
        return SubmitScript.run(WORK, Map.of("CELEBA_WORK_DIR", WORK.resolve("scratch").toString(),
                "CELEBA_DRIVER_MEMORY", "1g"), Duration.ofMinutes(10), "sql.sh", args);
    }

    @Test
    void sqlScriptQueriesTheMetricsTables() throws Exception {
        String metrics = dir.resolve("metrics").toString();
        MetricsFixtures.writeTwoRuns(MetricsStore.open(spark(), metrics));

        Run run = sql("--metrics", metrics, "--format", "csv", "--master", "local[1]",
                "SELECT run_id, \"two  spaces\" AS s, 'it\\'s $HOME *' AS q FROM runs WHERE schedule = 'lr-decay'");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("run_id,s,q\r\nr-decay,two  spaces,it's $HOME *\r\n"), run.output());

        Run table = sql("--metrics", metrics, "--master", "local[1]",
                "SELECT run_id, count(*) AS decisions FROM events GROUP BY run_id ORDER BY run_id");
        assertEquals(0, table.exit(), table.output());
        assertTrue(table.output().contains("r-decay           1\nr-growth          2\n(2 rows)"), table.output());

        Run bad = sql("--metrics", metrics, "--master", "local[1]", "SELECT nope FROM runs");
        assertEquals(2, bad.exit(), bad.output());
        assertTrue(bad.lastLine().startsWith("sql: bad query (views: runs, epochs, label_metrics, events, metrics)"),
                bad.lastLine());
    }
}
