package io.celebaspark.cli;

import io.celebaspark.metrics.tables.MetricsStore;
import io.celebaspark.testing.MetricsFixtures;
import io.celebaspark.testing.SharedSparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code sql} command through {@link Main#run}, on tables written by the metrics store. */
class SqlCommandTest extends SharedSparkSession {
    @TempDir
    static Path dir;
    private static String metrics;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeTables() {
        metrics = dir.resolve("metrics").toString();
        MetricsFixtures.writeTwoRuns(MetricsStore.open(spark(), metrics));
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String lastErrLine() {
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void tableShowsTheRowsAlignedAndSaysHowManyWereLeftOut() {
        String query = "SELECT run_id, epoch, val_loss, global_batch FROM epochs ORDER BY run_id, epoch";
        assertEquals(Main.OK, run("sql", "--metrics", metrics, query), err.toString(StandardCharsets.UTF_8));
        assertEquals(String.join("\n",
                "run_id    epoch  val_loss  global_batch",
                "--------  -----  --------  ------------",
                "r-decay       1      0.31           128",
                "r-decay       2      0.27           256",
                "r-growth      1       0.3           128",
                "r-growth      2       0.2           256",
                "r-growth      3      0.25           384",
                "(5 rows)", ""), stdout());

        assertEquals(Main.OK, run("sql", "--metrics", metrics, "--limit", "2", query));
        assertTrue(stdout().endsWith("r-decay      2      0.27           256\n"
                + "(2 of 5 rows shown, 3 left out; --limit N to show more, 0 for all)\n"), stdout());
    }

    @Test
    void csvAndJsonPrintEveryRowForPrograms() {
        assertEquals(Main.OK, run("sql", "--metrics", metrics, "--format", "csv",
                "SELECT run_id, kind, reason, 'a,\"b\"' AS q, CAST(NULL AS STRING) AS n FROM events ORDER BY run_id, kind"));
        assertEquals("run_id,kind,reason,q,n\r\n"
                + "r-decay,LR_DECAYED,LR_DECAYED at epoch 2,\"a,\"\"b\"\"\",\r\n"
                + "r-growth,BATCH_GROWN,BATCH_GROWN at epoch 2,\"a,\"\"b\"\"\",\r\n"
                + "r-growth,PLATEAU,PLATEAU at epoch 2,\"a,\"\"b\"\"\",\r\n", stdout());

        assertEquals(Main.OK, run("sql", "--metrics", metrics, "--format", "json",
                "SELECT run_id, max(epoch) AS epochs FROM epochs GROUP BY run_id ORDER BY run_id"));
        assertEquals("{\"run_id\":\"r-decay\",\"epochs\":2}\n{\"run_id\":\"r-growth\",\"epochs\":3}\n", stdout());
    }

    @Test
    void theLongMetricsViewAnswersMlflowStyleQueries() {
        assertEquals(Main.OK, run("sql", "--metrics", metrics, "--format", "csv",
                "SELECT key, step, value FROM metrics WHERE run_id = 'r-growth' AND key LIKE 'test/%' ORDER BY key"));
        assertTrue(stdout().contains("test/Male/accuracy,3,0.88\r\n"), stdout());
    }

    @Test
    void aBadQueryIsAUsageErrorWithSparksMessageLast() {
        assertEquals(Main.USAGE, run("sql", "--metrics", metrics, "SELECT val_los FROM epochs"));
        String last = lastErrLine();
        assertTrue(last.startsWith("sql: bad query (views: runs, epochs, label_metrics, events, metrics): "), last);
        assertTrue(last.contains("val_los") && last.contains("val_loss"), "names the column and a suggestion: " + last);

        assertEquals(Main.USAGE, run("sql", "--metrics", metrics, "SELEC 1"));
        assertTrue(lastErrLine().contains("Syntax error"), lastErrLine());
        assertEquals("1", spark().sql("SELECT 1").first().get(0).toString(), "the shared session is left running");
    }

    @Test
    void noQueryOrNoTablesAreUsageErrors() {
        assertEquals(Main.USAGE, run("sql", "--metrics", metrics));
        assertEquals("sql: no query given; views: runs, epochs, label_metrics, events, metrics; e.g. sql --metrics "
                + metrics + " \"SELECT * FROM runs\"", lastErrLine());

        String nowhere = dir.resolve("nowhere").toString();
        assertEquals(Main.USAGE, run("sql", "--metrics", nowhere, "SELECT 1"));
        assertTrue(lastErrLine().contains("no metrics tables under " + nowhere), lastErrLine());

        assertEquals(Main.USAGE, run("sql", "--metrics", metrics, "--format", "xml", "SELECT 1"));
        assertEquals("sql: --format must be table, csv or json, got 'xml'", lastErrLine());
    }
}
