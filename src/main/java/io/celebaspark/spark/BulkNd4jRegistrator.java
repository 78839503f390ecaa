package io.celebaspark.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Replaces ND4J's element-by-element serializer for the backend's array class with
 * {@link BulkNdArraySerializer}. Must come after {@code org.nd4j.kryo.Nd4jRegistrator} in
 * {@code spark.kryo.registrator} (Spark applies the entries in order, {@link SparkSessions#REGISTRATORS}):
 * registering a class again keeps its Kryo id and swaps the serializer. ND4J's registrator stays for the rest
 * of what it registers, and DL4J's check of the Kryo configuration still passes (it round-trips an array).
 */
public final class BulkNd4jRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new BulkNdArraySerializer());
    }
}
