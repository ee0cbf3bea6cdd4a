package org.clinner.model.snapshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An open file of named tensors ({@code model.safetensors}, or a PyTorch {@code .pt} state dict),
 * indexed and checked against the file size when opened. Tensors are handed to DJL straight from a
 * memory mapping (F32) or widened to F32 in bounded chunks (F16, BF16), so the weights never pass
 * through the Java heap.
 */
public final class WeightFile implements AutoCloseable {

    /** Bytes of F32 data converted per chunk for half-precision tensors. */
    private static final long CHUNK_BYTES = 16L << 20;

    private final Path file;
    private final FileChannel channel;
    private final Map<String, TensorInfo> tensors;

    /** Reads the index of a weight file format. */
    interface Indexer {
        /**
         * Lists the tensors of a file, checking each entry against the file.
         *
         * @param file the file, for messages
         * @param channel the open file
         * @return the tensors by name
         * @throws IOException when the file cannot be read
         * @throws ModelLoadException when it is not of the format or is malformed
         */
        Map<String, TensorInfo> index(Path file, FileChannel channel) throws IOException, ModelLoadException;
    }

    private WeightFile(Path file, FileChannel channel, Map<String, TensorInfo> tensors) {
        this.file = file;
        this.channel = channel;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * Opens a file and indexes it; the file is closed again when indexing fails.
     *
     * @param file the file
     * @param indexer its format's index reader
     * @return the open file
     * @throws ModelLoadException when the file cannot be read or indexed
     */
    static WeightFile open(Path file, Indexer indexer) throws ModelLoadException {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            WeightFile opened = new WeightFile(file, channel, indexer.index(file, channel));
            channel = null;
            return opened;
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be read: " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // indexing failed already; that error is the one to report
                }
            }
        }
    }

    /**
     * Returns the tensors by name.
     *
     * @return an unmodifiable map, in the file's order
     */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /**
     * Returns the file this was opened from.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Checks that a tensor exists with the shape a model needs and a loadable type.
     *
     * @param name tensor name
     * @param expected the shape the model needs
     * @return its entry
     * @throws ModelLoadException when the tensor is absent, of another shape or of an unsupported dtype
     */
    public TensorInfo check(String name, Shape expected) throws ModelLoadException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new ModelLoadException(file, "tensor '" + name + "' is missing (expected shape " + expected + ")");
        }
        if (!Arrays.equals(info.shape(), expected.getShape())) {
            throw new ModelLoadException(
                    file, "tensor '" + name + "' has shape " + Arrays.toString(info.shape()) + ", expected "
                    + expected);
        }
        if (info.type() == null) {
            throw new ModelLoadException(
                    file, "tensor '" + name + "' has dtype " + info.dtype() + " (supported: F32, F16, BF16)");
        }
        return info;
    }

    /**
     * Loads one tensor as an F32 array, checking it first ({@link #check}).
     *
     * @param name tensor name
     * @param expected the shape the model needs
     * @param manager the manager that will own the array
     * @return the tensor
     * @throws ModelLoadException when the tensor is absent, of another shape or of an unsupported dtype
     */
    public NDArray load(String name, Shape expected, NDManager manager) throws ModelLoadException {
        TensorInfo info = check(name, expected);
        try {
            long length = info.elements() * info.type().bytes();
            if (info.type() == TensorType.F32 && info.position() % Float.BYTES == 0) {
                ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, info.position(), length);
                return manager.create(mapped.order(ByteOrder.LITTLE_ENDIAN), expected, DataType.FLOAT32);
            }
            return widened(info, expected, manager);
        } catch (IOException e) {
            throw new ModelLoadException(file, "tensor '" + name + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Maps one tensor as an array of the file's own element type, without a copy or a conversion: only
     * the parts an operation reads are ever loaded. A type DJL cannot hold (BF16) is widened to a new
     * F32 array instead ({@link #load}). A mapped array must not outlive its use by the caller.
     *
     * @param name tensor name
     * @param expected the shape the model needs
     * @param manager the manager that will own the array
     * @return the tensor, F32 or F16 as stored, or widened to F32
     * @throws ModelLoadException when the tensor is absent, misshaped or of an unsupported dtype
     */
    public NDArray map(String name, Shape expected, NDManager manager) throws ModelLoadException {
        TensorInfo info = check(name, expected);
        if (info.type().dataType() == null || info.position() % info.type().bytes() != 0) {
            return load(name, expected, manager);
        }
        try {
            ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, info.position(),
                    info.elements() * info.type().bytes());
            return manager.create(mapped.order(ByteOrder.LITTLE_ENDIAN), expected, info.type().dataType());
        } catch (IOException e) {
            throw new ModelLoadException(file, "tensor '" + name + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads one tensor into an array of the file's own element type over the start of a buffer (not a
     * mapping: nothing of the file stays in the process once the buffer is reused). A type DJL cannot
     * hold (BF16) is widened to a new F32 array instead ({@link #load}).
     *
     * @param name tensor name
     * @param expected the shape the model needs
     * @param manager the manager that will own the array
     * @param buffer where to read; at least {@link #bytes} of the tensor long
     * @return the tensor, valid until the buffer is reused
     * @throws ModelLoadException when the tensor is absent, misshaped, of an unsupported dtype or truncated
     */
    public NDArray read(String name, Shape expected, NDManager manager, ByteBuffer buffer)
            throws ModelLoadException {
        TensorInfo info = check(name, expected);
        if (info.type().dataType() == null) {
            return load(name, expected, manager);
        }
        buffer.clear().limit(Math.toIntExact(info.elements() * info.type().bytes()));
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, info.position() + buffer.position()) < 0) {
                    throw new ModelLoadException(file, "tensor '" + name + "' ends after the end of the file");
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException(file, "tensor '" + name + "' cannot be read: " + e.getMessage(), e);
        }
        return manager.create(buffer.flip().order(ByteOrder.LITTLE_ENDIAN), expected, info.type().dataType());
    }

    /**
     * Returns the size of a tensor as stored.
     *
     * @param name tensor name
     * @return bytes, or 0 when the file has no such tensor of a loadable type
     */
    public long bytes(String name) {
        TensorInfo info = tensors.get(name);
        return info == null || info.type() == null ? 0 : info.elements() * info.type().bytes();
    }

    /** Copies a tensor into a new F32 array, converting bounded slices of its leading dimension. */
    private NDArray widened(TensorInfo info, Shape shape, NDManager manager) throws IOException {
        NDArray target = manager.create(shape, DataType.FLOAT32);
        long rows = shape.dimension() == 0 ? 1 : shape.get(0);
        long rowElements = rows == 0 ? 0 : shape.size() / rows;
        long rowsPerChunk = Math.max(1, CHUNK_BYTES / Math.max(1, rowElements * Float.BYTES));
        int sourceBytes = info.type().bytes();
        for (long row = 0; row < rows; row += rowsPerChunk) {
            long chunkRows = Math.min(rowsPerChunk, rows - row);
            int elements = Math.toIntExact(chunkRows * rowElements);
            ByteBuffer source = channel.map(
                            FileChannel.MapMode.READ_ONLY, info.position() + row * rowElements * sourceBytes,
                            (long) elements * sourceBytes)
                    .order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer floats = ByteBuffer.allocateDirect(elements * Float.BYTES).order(ByteOrder.nativeOrder());
            for (int i = 0; i < elements; i++) {
                floats.putFloat(i * Float.BYTES, info.type().readFloat(source, i * sourceBytes));
            }
            if (shape.dimension() == 0 || chunkRows == rows) {
                target.set(floats);
            } else {
                long[] chunkShape = shape.getShape().clone();
                chunkShape[0] = chunkRows;
                try (NDArray chunk = manager.create(floats, new Shape(chunkShape), DataType.FLOAT32)) {
                    target.set(new NDIndex("{}:{}", row, row + chunkRows), chunk);
                }
            }
        }
        return target;
    }

    /** Releases the file (the tensors handed to DJL keep their own mappings). */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be closed", e);
        }
    }
}
