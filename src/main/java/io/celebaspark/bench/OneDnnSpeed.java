package io.celebaspark.bench;

import io.celebaspark.model.Dl4jRuntime;
import io.celebaspark.model.ModelSpec;
import io.celebaspark.model.NetworkFactory;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.List;
import java.util.Locale;

/**
 * Single-JVM training speed of {@code compact} at 64x64, batch 64, side by side in one run (interleaved rounds,
 * so a busy machine slows both alike), comparing either DL4J's oneDNN helpers on and off (both NCHW) or, with
 * {@code layout}, the NCHW and NHWC builds of the network (helpers on, same parameters, the same images
 * transposed). A measurement, not a test: {@code java -cp target/classes:<classpath>
 * io.celebaspark.bench.OneDnnSpeed [rounds] [steps per round] [helpers|layout]}; with {@code DNNL_VERBOSE=1}
 * oneDNN names the kernel of every primitive.
 */
public final class OneDnnSpeed {
    public static void main(String[] args) throws Exception {
        BenchResults.recordStandardOutput("one-dnn-speed", List.of(args), () -> measure(args));
    }

    private static void measure(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean layout = args.length > 2 && args[2].equals("layout");
        int batch = 64;
        ModelSpec spec = new ModelSpec("compact", 64, 64, 3, 40, true, 0.3, 1e-5, 42, CNN2DFormat.NCHW);
        Dl4jRuntime.enableHelpers();
        MultiLayerNetwork a;
        MultiLayerNetwork b;
        String[] names;
        if (layout) {
            a = NetworkFactory.network(spec, new Nesterovs(0.01, 0.9));
            b = NetworkFactory.network(spec.withLayout(CNN2DFormat.NHWC), new Nesterovs(0.01, 0.9));
            names = new String[]{"NCHW", "NHWC"};
        } else {
            System.setProperty(Dl4jRuntime.HELPERS_DISABLE, "true");
            a = NetworkFactory.network(spec, new Nesterovs(0.01, 0.9));
            System.setProperty(Dl4jRuntime.HELPERS_DISABLE, "false");
            b = NetworkFactory.network(spec, new Nesterovs(0.01, 0.9));
            names = new String[]{"helpers off", "helpers on"};
        }
        b.setParams(a.params().dup());
        System.out.println("conv helper " + names[0] + ": " + helper(a) + ", " + names[1] + ": " + helper(b));

        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, 64, 64);
        INDArray y = Nd4j.rand(DataType.FLOAT, batch, 40).gt(0.5).castTo(DataType.FLOAT);
        DataSet dataA = new DataSet(x, y);
        DataSet dataB = new DataSet(NetworkFactory.inputLayout(b) == CNN2DFormat.NHWC
                ? x.permute(0, 2, 3, 1).dup() : x, y);
        fit(a, dataA, 2); // warm-up: workspaces, oneDNN primitive creation, JIT
        fit(b, dataB, 2);
        double[] rateA = new double[rounds];
        double[] rateB = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            rateA[r] = batch * steps / fit(a, dataA, steps);
            rateB[r] = batch * steps / fit(b, dataB, steps);
            System.out.printf(Locale.ROOT, "round %d: %s %.1f ex/s, %s %.1f ex/s, ratio %.2f%n", r + 1,
                    names[0], rateA[r], names[1], rateB[r], rateB[r] / rateA[r]);
        }
        System.out.printf(Locale.ROOT, "median: %s %.1f ex/s, %s %.1f ex/s, ratio %s/%s %.2f%n", names[0],
                Spread.of(rateA).median(), names[1], Spread.of(rateB).median(), names[1], names[0],
                Spread.of(rateB).median() / Spread.of(rateA).median());
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
}
