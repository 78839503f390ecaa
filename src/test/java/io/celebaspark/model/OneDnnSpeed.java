package io.celebaspark.model;

import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.Arrays;
import java.util.Locale;

/**
 * Single-JVM training speed of {@code compact} at 64x64, batch 64, with DL4J's oneDNN helpers and without,
 * side by side in one run (interleaved rounds, so a busy machine slows both alike). A measurement, not a
 * test: {@code java -cp target/test-classes:target/classes:<test classpath> io.celebaspark.model.OneDnnSpeed
 * [rounds] [steps per round]}.
 */
public final class OneDnnSpeed {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int batch = 64;
        ModelSpec spec = new ModelSpec("compact", 64, 64, 3, 40, true, 0.3, 1e-5, 42);
        Dl4jRuntime.enableHelpers();
        MultiLayerNetwork on = NetworkFactory.network(spec, new Nesterovs(0.01, 0.9));
        System.setProperty(Dl4jRuntime.HELPERS_DISABLE, "true");
        MultiLayerNetwork off = NetworkFactory.network(spec, new Nesterovs(0.01, 0.9));
        System.setProperty(Dl4jRuntime.HELPERS_DISABLE, "false");
        off.setParams(on.params().dup());
        System.out.println("conv helper on: " + helper(on) + ", off: " + helper(off));

        Nd4j.getRandom().setSeed(1);
        DataSet data = new DataSet(Nd4j.rand(DataType.FLOAT, batch, 3, 64, 64),
                Nd4j.rand(DataType.FLOAT, batch, 40).gt(0.5).castTo(DataType.FLOAT));
        fit(on, data, 2); // warm-up: workspaces, oneDNN primitive creation, JIT
        fit(off, data, 2);
        double[] rateOn = new double[rounds];
        double[] rateOff = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            rateOff[r] = batch * steps / fit(off, data, steps);
            rateOn[r] = batch * steps / fit(on, data, steps);
            System.out.printf(Locale.ROOT, "round %d: helpers off %.1f ex/s, on %.1f ex/s, ratio %.2f%n", r + 1,
                    rateOff[r], rateOn[r], rateOn[r] / rateOff[r]);
        }
        System.out.printf(Locale.ROOT, "median: helpers off %.1f ex/s, on %.1f ex/s, ratio on/off %.2f%n",
                median(rateOff), median(rateOn), median(rateOn) / median(rateOff));
    }

    private static double fit(MultiLayerNetwork net, DataSet data, int steps) {
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static String helper(MultiLayerNetwork net) {
        Object h = ((ConvolutionLayer) net.getLayer(0)).getHelper();
        return h == null ? "none" : h.getClass().getSimpleName();
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
