package io.celebaspark.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Kryo serializer for ND4J arrays that moves the data buffer as raw bytes in bulk copies, in place of ND4J's
 * {@code org.nd4j.kryo.Nd4jSerializer}, which goes through {@code Nd4j.write}/{@code Nd4j.read} one element at
 * a time (~125 ms per averaging round for the ~1.2 M parameters and Adam state of {@code compact} under load).
 *
 * <p>Format: the data type's name ({@link DataType#toInt()} has no code for strings), the order ({@code c} or
 * {@code f}), the rank and shape, whether the array is empty; then, for strings ({@code UTF8}), every element
 * as a string, and for every other type the byte order of the writer and the {@code length × width} bytes of
 * the elements in the array's order. A view that is not laid out with the default strides of its order (a
 * column of a c-order matrix, a permutation) is first duplicated in its order; a view with an offset but
 * default strides (a row, a block of rows) is copied straight from its offset. Arrays are read back detached
 * from any workspace: a deserialised array outlives the scope it is read in. Compressed arrays are refused
 * (ND4J's serializer could not read strings back either).
 *
 * <p>The bytes are the native buffer's, so the reader checks that it has the writer's byte order.
 */
public final class BulkNdArraySerializer extends Serializer<INDArray> {
    /** Bytes copied at a time between native memory and Kryo's stream, so large arrays need no large buffer. */
    private static final int CHUNK = 1 << 20;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    @Override
    public void write(Kryo kryo, Output output, INDArray array) {
        DataType type = array.dataType();
        if (type == DataType.COMPRESSED) {
            throw new KryoException("cannot serialise a compressed ND4J array; decompress it first");
        }
        long[] shape = array.shape();
        output.writeAscii(type.name());
        output.writeByte(array.ordering());
        output.writeVarInt(shape.length, true);
        output.writeLongs(shape);
        output.writeBoolean(array.isEmpty());
        if (array.isEmpty()) {
            return;
        }
        if (type == DataType.UTF8) {
            for (long i = 0; i < array.length(); i++) {
                output.writeString(array.getString(i));
            }
            return;
        }
        output.writeBoolean(LITTLE_ENDIAN);
        INDArray dense = Arrays.equals(array.stride(), Nd4j.getStrides(shape, array.ordering()))
                ? array : array.dup(array.ordering());
        inChunks(dense, (at, chunk, n) -> {
            at.get(chunk, 0, n);
            output.writeBytes(chunk, 0, n);
        });
    }

    @Override
    public INDArray read(Kryo kryo, Input input, Class<INDArray> type) {
        DataType dataType = DataType.valueOf(input.readString());
        char order = (char) input.readByte();
        long[] shape = input.readLongs(input.readVarInt(true));
        if (input.readBoolean()) {
            return shape.length == 0 ? Nd4j.empty(dataType) : Nd4j.create(dataType, shape, order);
        }
        if (dataType == DataType.UTF8) {
            List<String> strings = new ArrayList<>();
            for (long i = 0, n = ArrayUtil.prodLong(shape); i < n; i++) {
                strings.add(input.readString());
            }
            return Nd4j.create(strings, shape, order);
        }
        if (input.readBoolean() != LITTLE_ENDIAN) {
            throw new KryoException("an ND4J array written with the other byte order than this machine's ("
                    + ByteOrder.nativeOrder() + ")");
        }
        INDArray array = Nd4j.createUninitializedDetached(dataType, order, shape);
        inChunks(array, (at, chunk, n) -> {
            input.readBytes(chunk, 0, n);
            at.put(chunk, 0, n);
        });
        return array;
    }

    /** Copies {@code n} bytes between the pointer (at the current chunk) and the chunk array, in one direction. */
    private interface ChunkCopy {
        void copy(BytePointer at, byte[] chunk, int n);
    }

    /**
     * Walks the {@code length × width} bytes of an array with default strides, from its first element (its
     * offset included), in chunks of at most {@link #CHUNK} bytes.
     */
    private static void inChunks(INDArray array, ChunkCopy copy) {
        Pointer first = array.data().addressPointer();
        BytePointer bytes = new BytePointer(first);
        long base = first.position() * first.sizeof();
        long size = array.length() * array.dataType().width();
        byte[] chunk = new byte[(int) Math.min(CHUNK, size)];
        for (long from = 0; from < size; from += chunk.length) {
            copy.copy(bytes.position(base + from), chunk, (int) Math.min(chunk.length, size - from));
        }
    }
}
