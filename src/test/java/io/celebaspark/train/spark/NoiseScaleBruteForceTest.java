package io.celebaspark.train.spark;

import io.celebaspark.train.noise.NoiseScaleEstimate;
import io.celebaspark.train.noise.NoiseScaleMath;
import io.celebaspark.train.noise.NoiseScaleMeter;
import io.celebaspark.train.noise.RoundGradientNorms;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Locale;
import java.util.SplittableRandom;

import static io.celebaspark.train.noise.NoiseScaleMathTest.assertWithinStandardErrors;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole measurement against brute force on a tiny problem, in one JVM: logistic regression on 2,000
 * synthetic examples at fixed parameters. The truth, |G|² and tr(Σ), comes from the 2,000 per-example gradients
 * (DL4J's {@code computeGradientAndScore} at batch size 1). The estimate comes from rounds as the trainer measures
 * them: each of W workers takes one real Adam step from the same state on b examples drawn with replacement, its
 * gradient is recovered from the step ({@link GradientRecovery}), and the rounds go through the estimators.
 */
class NoiseScaleBruteForceTest {
    private static final int EXAMPLES = 2_000;
    private static final int FEATURES = 10;
    private static final int WORKERS = 4;
    private static final int BATCH = 8;
    private static final int ROUNDS = 1_000;

    @Test
    void theEstimatesMatchPerExampleGradients() {
        SplittableRandom random = new SplittableRandom(17);
        double[][] x = new double[EXAMPLES][FEATURES];
        double[][] y = new double[EXAMPLES][1];
        for (int n = 0; n < EXAMPLES; n++) {
            double logit = 0;
            for (int k = 0; k < FEATURES; k++) {
                x[n][k] = random.nextDouble(-2, 2);
                logit += (k % 3 - 1) * x[n][k];
            }
            y[n][0] = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        }
        INDArray features = Nd4j.createFromArray(x).castTo(DataType.FLOAT);
        INDArray labels = Nd4j.createFromArray(y).castTo(DataType.FLOAT);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(FEATURES).nOut(1)
                        .activation(Activation.SIGMOID).build())
                .build());
        net.init();

        // the truth: per-example gradients at these parameters
        INDArray perExample = Nd4j.create(DataType.DOUBLE, EXAMPLES, net.numParams());
        for (int n = 0; n < EXAMPLES; n++) {
            perExample.putRow(n, gradient(net, rows(features, labels, new int[]{n})));
        }
        INDArray mean = perExample.mean(0);
        double gradientSquaredNorm = mean.norm2Number().doubleValue() * mean.norm2Number().doubleValue();
        double traceCovariance = perExample.subRowVector(mean).norm2Number().doubleValue();
        traceCovariance = traceCovariance * traceCovariance / EXAMPLES;

        // the estimate: rounds of real steps from the same state, gradients recovered from Adam's first moment
        INDArray params = net.params().dup();
        INDArray state = net.getUpdater().getStateViewArray().dup();
        NoiseScaleMeter meter = NoiseScaleMeter.start(Long.MAX_VALUE);
        double[] g = new double[ROUNDS];
        double[] s = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long[] batches = new long[WORKERS];
            double[] squares = new double[WORKERS];
            INDArray sum = null;
            for (int w = 0; w < WORKERS; w++) {
                int[] picked = random.ints(BATCH, 0, EXAMPLES).toArray();
                net.setParams(params);
                net.getUpdater().getStateViewArray().assign(state);
                GradientRecovery.Before before = GradientRecovery.before(net);
                net.fit(rows(features, labels, picked));
                INDArray recovered = GradientRecoveryTest.flat(before.recover(net).gradient());
                batches[w] = BATCH;
                squares[w] = recovered.norm2Number().doubleValue() * recovered.norm2Number().doubleValue();
                sum = sum == null ? recovered : sum.addi(recovered);
            }
            double meanNorm = sum.div(WORKERS).norm2Number().doubleValue();
            RoundGradientNorms round = new RoundGradientNorms(batches, squares, meanNorm * meanNorm);
            meter.addRound(round, null);
            NoiseScaleMath.RoundStatistics stats = NoiseScaleMath.unbiased(round);
            g[r] = stats.gradientSquaredNorm();
            s[r] = stats.traceCovariance();
        }
        NoiseScaleEstimate estimate = meter.endEpoch().orElseThrow();
        System.out.printf(Locale.ROOT, "brute force: |G|^2 %.5f tr(Sigma) %.4f B_noise %.2f; estimated B_noise %.2f"
                        + " +- %.2f over %d rounds%n", gradientSquaredNorm, traceCovariance,
                traceCovariance / gradientSquaredNorm, estimate.pooledNoiseScale(), estimate.standardError(),
                estimate.rounds());
        assertWithinStandardErrors(gradientSquaredNorm, g, "|G|^2");
        assertWithinStandardErrors(traceCovariance, s, "tr(Sigma)");
        double truth = traceCovariance / gradientSquaredNorm;
        assertTrue(Math.abs(estimate.pooledNoiseScale() - truth) < 4 * estimate.standardError(),
                "B_noise " + estimate.pooledNoiseScale() + " +- " + estimate.standardError() + " vs " + truth);
    }

    private static DataSet rows(INDArray features, INDArray labels, int[] picked) {
        return new DataSet(Nd4j.pullRows(features, 1, picked), Nd4j.pullRows(labels, 1, picked));
    }

    private static INDArray gradient(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        return net.gradient().gradient().reshape(net.numParams()).castTo(DataType.DOUBLE);
    }
}
