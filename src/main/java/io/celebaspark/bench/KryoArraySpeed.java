package io.celebaspark.bench;

import io.celebaspark.spark.SparkSessions;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * Serialise and deserialise times of one float array of {@code compact}'s parameter count (1.2 M) through
 * Spark's Kryo with ND4J's registrator alone (element by element) and with {@link SparkSessions#REGISTRATORS}
 * ({@link io.celebaspark.spark.BulkNdArraySerializer}), side by side in one run (interleaved rounds, so a busy
 * machine slows both alike). A measurement, not a test: {@code java $(cat target/java17-opens.args) -cp
 * target/classes:<classpath> io.celebaspark.bench.KryoArraySpeed [rounds] [elements]}.
 */
public final class KryoArraySpeed {
    private static final ClassTag<INDArray> TAG = ClassTag$.MODULE$.apply(INDArray.class);

    public static void main(String[] args) throws Exception {
        BenchResults.recordStandardOutput("kryo-array-speed", List.of(args), () -> measure(args));
    }

    private static void measure(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        long elements = args.length > 1 ? Long.parseLong(args[1]) : 1_200_000;
        INDArray array = Nd4j.rand(DataType.FLOAT, elements);
        SerializerInstance nd4j = serializer(SparkSessions.ND4J_REGISTRATOR);
        SerializerInstance bulk = serializer(SparkSessions.REGISTRATORS);
        double[][] oldTimes = {new double[rounds], new double[rounds]};
        double[][] newTimes = {new double[rounds], new double[rounds]};
        time(nd4j, array, new double[2][1], 0); // warm-up: JIT, Kryo buffers
        time(bulk, array, new double[2][1], 0);
        for (int r = 0; r < rounds; r++) {
            time(nd4j, array, oldTimes, r);
            time(bulk, array, newTimes, r);
        }
        Spread oldWrite = Spread.of(oldTimes[0]);
        Spread oldRead = Spread.of(oldTimes[1]);
        Spread newWrite = Spread.of(newTimes[0]);
        Spread newRead = Spread.of(newTimes[1]);
        System.out.printf(Locale.ROOT, "%,d floats, %d rounds, median ms        serialise  deserialise%n", elements,
                rounds);
        System.out.printf(Locale.ROOT, "ND4J's Nd4jSerializer (element by element)  %9.1f  %11.1f%n",
                oldWrite.median(), oldRead.median());
        System.out.printf(Locale.ROOT, "BulkNdArraySerializer                       %9.1f  %11.1f%n",
                newWrite.median(), newRead.median());
        System.out.printf(Locale.ROOT, "ratio old / new                             %9.1f  %11.1f%n",
                oldWrite.median() / newWrite.median(), oldRead.median() / newRead.median());
    }

    private static SerializerInstance serializer(String registrators) {
        return new KryoSerializer(new SparkConf().set(SparkSessions.KRYO_REGISTRATOR, registrators)).newInstance();
    }

    /** Times one serialise and one deserialise into {@code times[0][r]} and {@code times[1][r]}, in ms. */
    private static void time(SerializerInstance kryo, INDArray array, double[][] times, int r) {
        long start = System.nanoTime();
        ByteBuffer bytes = kryo.serialize(array, TAG);
        long serialised = System.nanoTime();
        INDArray copy = kryo.deserialize(bytes, TAG);
        times[0][r] = (serialised - start) / 1e6;
        times[1][r] = (System.nanoTime() - serialised) / 1e6;
        if (!copy.equalsWithEps(array, 0)) {
            throw new IllegalStateException("the round trip changed the array");
        }
    }
}
