package org.nd4j.nativeblas;

/**
 * Bridge for a lookup DL4J 1.0.0-M2 gets wrong; without it DL4J never uses oneDNN.
 *
 * <p>DL4J M2 attaches its oneDNN layer helpers (convolution, BatchNorm, pooling, LRN) only if
 * {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} says so, and that method asks
 * reflectively: it loads the class {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, calls its static
 * {@code getInstance()} and then {@code isUseMKLDNN()} on the result. ND4J M2 ships that class as
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment}, with the method renamed
 * {@code isUseONEDNN()}, so the lookup throws, DL4J catches it, remembers the failure for the life of the
 * JVM and silently falls back to im2col + OpenBLAS (about 4x slower on the compact network).
 *
 * <p>This class answers exactly those two calls, delegating to the real environment, so the answer is
 * ND4J's own: true only for a oneDNN build of nd4j-native (see pom.xml). The helpers also need
 * {@code -Dorg.eclipse.deeplearning4j.helpers.disable=false}, which {@code io.celebaspark.model.Dl4jRuntime}
 * sets. Delete this class when moving to a DL4J release whose check finds ND4J's class.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** What DL4J's check looks up: {@code getInstance()} then {@code isUseMKLDNN()}. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether ND4J runs oneDNN (formerly MKL-DNN): the real environment's {@code isUseONEDNN()}. */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
