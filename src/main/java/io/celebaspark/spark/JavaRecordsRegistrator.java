package io.celebaspark.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Lets Spark's Kryo (4.x, older than Java records) move the project's records, e.g. the preprocessing
 * rejects gathered in an accumulator: Kryo's field serializer cannot build a record, so every record goes
 * through Java serialization instead, one object stream per record; bulk data is therefore shipped in
 * plain classes (the preprocess job's {@code WorkSlice}). Needed because every session uses Kryo for DL4J
 * ({@link SparkSessions}); registered beside ND4J's registrator.
 */
public final class JavaRecordsRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
    }
}
