package io.celebaspark.train.spark;

import io.celebaspark.data.Split;
import io.celebaspark.testing.SharedSparkSession;
import io.celebaspark.testing.SyntheticTensors;
import io.celebaspark.train.data.TensorDataset;
import io.celebaspark.train.noise.NoiseScaleEstimate;
import io.celebaspark.train.noise.NoiseScaleMeter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The noise scale measured by {@link ParameterAveragingTrainer} in real epochs, on both averaging rounds. */
class NoiseScaleTrainingTest extends SharedSparkSession {
    @TempDir
    static Path shared;
    private static TensorDataset data;
    private static Dataset<Row> train;
    private static long trainCount;

    @BeforeAll
    static void preprocess() {
        data = TensorDataset.open(spark(), SyntheticTensors.data(spark(), 300, 16).toString(),
                List.of("Male", "Smiling", "Eyeglasses"));
        train = data.split(Split.TRAIN).cache();
        trainCount = train.count();
    }

    private static ParameterAveragingTrainer trainer(String name, int frequency, boolean reuse) throws IOException {
        String scratch = Files.createDirectories(shared.resolve(name)).toUri().toString();
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(spark(),
                ParameterAveragingTrainerTest.network(new Adam(0.01)),
                new AveragingSettings(2, frequency, true, scratch, reuse));
        trainer.measureNoiseScale(NoiseScaleMeter.start(trainCount / 2));
        return trainer;
    }

    @Test
    void bothAveragingRoundsMeasureTheSameNoiseScaleEveryRound() throws IOException {
        ParameterAveragingTrainer reusing = trainer("reusing", 1, true);
        ParameterAveragingTrainer stock = trainer("stock", 1, false);
        for (int epoch = 1; epoch <= 2; epoch++) {
            EpochFit r = reusing.fitEpoch(train, data.batches(CNN2DFormat.NCHW), epoch, 42, 8, 0.01, false);
            EpochFit s = stock.fitEpoch(train, data.batches(CNN2DFormat.NCHW), epoch, 42, 8, 0.01, false);
            NoiseScaleEstimate noise = r.noise();
            assertNotNull(noise, "measured at frequency 1");
            // every round of 2 full files counts; a round holding a partition's short last file does not
            assertTrue(noise.rounds() <= r.updates() && noise.rounds() >= r.updates() - data.split(Split.TRAIN)
                    .rdd().getNumPartitions() - 1, noise + " in " + r.updates() + " rounds");
            assertTrue(noise.traceCovariance() > 0 && Double.isFinite(noise.gradientSquaredNorm()), noise.toString());
            assertTrue(noise.noiseScale() > 0 && noise.pooledNoiseScale() > 0, noise.toString());
            // early on, with 2 workers of 8, a few rounds may not show a positive |G|^2: unbounded, no error
            assertEquals(Double.isInfinite(noise.pooledNoiseScale()), Double.isNaN(noise.standardError()),
                    noise.toString());
            assertNotNull(noise.preconditionedNoiseScale(), "Adam has a preconditioned noise scale");
            assertEquals(noise.rounds(), s.noise().rounds());
            assertEquals(noise.gradientSquaredNorm(), s.noise().gradientSquaredNorm(),
                    1e-6 * noise.gradientSquaredNorm(), "the stock master measures the same");
            assertEquals(noise.noiseScale(), s.noise().noiseScale(), 1e-6 * noise.noiseScale());
        }
    }

    @Test
    void aHigherAveragingFrequencyIsNotMeasuredAndSaysWhy() throws IOException {
        ParameterAveragingTrainer trainer = trainer("frequency-2", 2, true);
        assertTrue(trainer.noiseScaleUnavailable().orElseThrow().contains("train.averaging-frequency = 2"));
        EpochFit fit = trainer.fitEpoch(train, data.batches(CNN2DFormat.NCHW), 1, 42, 8, 0.01, false);
        assertNull(fit.noise());
        assertNotNull(fit.noiseState(), "the meter's (empty) state still goes into the checkpoint");
        ParameterAveragingTrainer nesterov = new ParameterAveragingTrainer(spark(),
                ParameterAveragingTrainerTest.network(new Nesterovs(0.01, 0.9)),
                new AveragingSettings(2, 1, false, shared.toUri().toString(), true));
        assertTrue(nesterov.noiseScaleUnavailable().orElseThrow().contains("train.average-updaters = false"));
    }
}
