package io.celebaspark.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scala.reflect.ClassTag$;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips through a real Spark {@link KryoSerializer} configured as every session is ({@link SparkSessions}). */
class BulkNdArraySerializerTest {
    private static final KryoSerializer KRYO = new KryoSerializer(SparkSessions.withNd4jKryo(new SparkConf()));

    private static INDArray roundTrip(INDArray array) {
        SerializerInstance kryo = KRYO.newInstance();
        return kryo.deserialize(kryo.serialize(array, ClassTag$.MODULE$.apply(INDArray.class)),
                ClassTag$.MODULE$.apply(INDArray.class));
    }

    /** Same type, shape, order and elements (ND4J's {@code equals} alone ignores the order and the type). */
    private static void assertRoundTrips(INDArray original) {
        INDArray copy = roundTrip(original);
        assertEquals(original.dataType(), copy.dataType());
        assertArrayEquals(original.shape(), copy.shape());
        assertEquals(original.ordering(), copy.ordering());
        assertEquals(original.isEmpty(), copy.isEmpty());
        assertEquals(original, copy);
        if (!original.isEmpty() && original.dataType().isNumerical()) {
            assertArrayEquals(elements(original), elements(copy), "exact elements");
        }
    }

    private static double[] elements(INDArray array) {
        return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** {@code from, from + 1, ...}, {@code n} doubles. */
    private static INDArray values(int from, int n) {
        return Nd4j.createFromArray(IntStream.range(from, from + n).asDoubleStream().toArray());
    }

    private static INDArray matrix() {
        return values(1, 20).reshape('c', 4, 5);
    }

    @Test
    void theSessionsKryoUsesTheBulkSerializerForNd4jArrays() {
        assertInstanceOf(BulkNdArraySerializer.class,
                KRYO.newKryo().getRegistration(Nd4j.getBackend().getNDArrayClass()).getSerializer());
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT", "HALF", "BFLOAT16", "LONG", "INT", "SHORT",
            "BYTE", "UBYTE", "UINT16", "UINT32", "UINT64", "BOOL"})
    void everyNumericTypeRoundTripsInBothOrders(DataType type) {
        INDArray values = values(-7, 24).reshape('c', 2, 3, 4).castTo(type);
        assertRoundTrips(values);
        assertRoundTrips(values.dup('f'));
    }

    @Test
    void floatsKeepEveryBit() {
        INDArray values = Nd4j.rand(DataType.FLOAT, 3, 7).subi(0.5).muli(1e-30);
        values.putScalar(0, 0, Float.MIN_VALUE);
        values.putScalar(0, 1, -0.0f);
        values.putScalar(0, 2, Float.NaN);
        INDArray copy = roundTrip(values);
        assertArrayEquals(values.data().asInt(), copy.data().asInt(), "float bit patterns");
    }

    @Test
    void scalarsAndEmptyArraysRoundTrip() {
        assertRoundTrips(Nd4j.scalar(DataType.FLOAT, 2.5));
        assertRoundTrips(Nd4j.scalar(DataType.LONG, -3));
        assertRoundTrips(Nd4j.empty(DataType.FLOAT));
        assertRoundTrips(Nd4j.create(DataType.FLOAT, new long[]{0, 3}, 'c'));
        assertRoundTrips(Nd4j.create(DataType.INT, new long[]{2, 0}, 'f'));
    }

    @Test
    void viewsRoundTripAsTheirElementsOnly() {
        INDArray m = matrix();
        INDArray rowsWithOffset = m.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        INDArray column = m.getColumn(2);
        INDArray block = m.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(2, 5));
        INDArray fBlock = m.dup('f').get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(1, 3));
        for (INDArray view : List.of(m.getRow(3), rowsWithOffset, column, block, fBlock, m.transpose(),
                m.reshape(2, 2, 5).permute(2, 0, 1))) {
            INDArray copy = roundTrip(view);
            assertEquals(view, copy);
            assertArrayEquals(view.shape(), copy.shape());
            assertEquals(view.length(), copy.data().length(), "the copy holds the view's elements, not its base's");
        }
    }

    @Test
    void stringsRoundTrip() {
        assertRoundTrips(Nd4j.create("a", "bc", "déf", ""));
        assertRoundTrips(Nd4j.create(List.of("a", "bc", "d", "ef", "g", "h"), new long[]{2, 3}, 'c'));
    }

    @Test
    void largeArraysCrossSeveralChunks() {
        assertRoundTrips(Nd4j.rand(DataType.FLOAT, 1_200_001));
    }

    @Test
    void arraysAreReadOutsideAnyWorkspace() {
        INDArray original = matrix().castTo(DataType.FLOAT);
        SerializerInstance kryo = KRYO.newInstance();
        ByteBuffer bytes = kryo.serialize(original, ClassTag$.MODULE$.apply(INDArray.class));
        INDArray copy;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(
                WorkspaceConfiguration.builder().initialSize(1 << 20).build(), "BulkNdArraySerializerTest")) {
            copy = kryo.deserialize(bytes, ClassTag$.MODULE$.apply(INDArray.class));
        }
        assertFalse(copy.isAttached());
        assertTrue(copy.equalsWithEps(original, 0));
    }
}
