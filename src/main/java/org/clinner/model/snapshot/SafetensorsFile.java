package org.clinner.model.snapshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A memory-mapped {@code model.safetensors} file: the JSON header is parsed and checked against the
 * file size when opened, and tensors are handed to DJL straight from the mapping (F32) or widened
 * to F32 in bounded chunks (F16, BF16), so the weights never pass through the Java heap.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** A header larger than this is not a safetensors header. */
    private static final long MAX_HEADER_BYTES = 100L << 20;
    /** Bytes of F32 data converted per chunk for half-precision tensors. */
    private static final long CHUNK_BYTES = 16L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;

    /**
     * The header entry of one tensor.
     *
     * @param name tensor name
     * @param type element type, or null when this runtime cannot load it
     * @param dtype the dtype as written in the header
     * @param shape tensor shape
     * @param begin first byte, relative to the data section
     * @param end byte after the last, relative to the data section
     */
    public record TensorInfo(String name, TensorType type, String dtype, long[] shape, long begin, long end) {}

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
    }

    /**
     * Opens and validates a safetensors file.
     *
     * @param file the file
     * @return the opened file; close it after the tensors are loaded or no longer needed
     * @throws ModelLoadException when the file is missing, truncated or its header is malformed
     */
    public static SafetensorsFile open(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "missing (a Hugging Face snapshot needs model.safetensors)");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            SafetensorsFile opened = readHeader(file, channel);
            channel = null;
            return opened;
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be read: " + e.getMessage(), e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the open failed already; that error is the one to report
                }
            }
        }
    }

    private static SafetensorsFile readHeader(Path file, FileChannel channel) throws IOException, ModelLoadException {
        long size = channel.size();
        if (size < 8) {
            throw new ModelLoadException(file, "truncated: " + size + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
            throw new ModelLoadException(
                    file, "header length " + headerLength + " does not fit a file of " + size
                    + " bytes (truncated or not safetensors)");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        readFully(channel, header, 8);
        JsonNode root;
        try {
            root = JSON.readTree(header.array());
        } catch (IOException e) {
            throw new ModelLoadException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(file, "header is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        long dataSize = size - dataStart;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getKey().equals("__metadata__")) {
                tensors.put(entry.getKey(), tensorInfo(file, entry.getKey(), entry.getValue(), dataSize));
            }
        }
        return new SafetensorsFile(file, channel, dataStart, Collections.unmodifiableMap(tensors));
    }

    private static TensorInfo tensorInfo(Path file, String name, JsonNode node, long dataSize)
            throws ModelLoadException {
        JsonNode offsets = node.path("data_offsets");
        JsonNode shapeNode = node.path("shape");
        if (!offsets.isArray() || offsets.size() != 2 || !shapeNode.isArray()) {
            throw new ModelLoadException(file, "tensor '" + name
                    + "': header entry needs dtype, shape and data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new ModelLoadException(file, "tensor '" + name + "': negative dimension in shape");
            }
            elements *= shape[i];
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw new ModelLoadException(
                    file, "tensor '" + name + "': data_offsets [" + begin + ", " + end + ") point outside the "
                            + dataSize + " data bytes of the file (truncated or corrupt)");
        }
        String dtype = node.path("dtype").asText("");
        TensorType type = TensorType.parse(dtype);
        if (type != null && end - begin != elements * type.bytes()) {
            throw new ModelLoadException(
                    file, "tensor '" + name + "': " + (end - begin) + " bytes do not hold shape "
                            + Arrays.toString(shape) + " of " + dtype);
        }
        return new TensorInfo(name, type, dtype, shape, begin, end);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            at += n;
        }
    }

    /**
     * Returns the header entries by tensor name.
     *
     * @return an unmodifiable map in header order
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
     * Loads one tensor as an F32 array, checking its shape.
     *
     * @param name tensor name
     * @param expected the shape the model needs
     * @param manager the manager that will own the array
     * @return the tensor
     * @throws ModelLoadException when the tensor is absent, of another shape or of an unsupported dtype
     */
    public NDArray load(String name, Shape expected, NDManager manager) throws ModelLoadException {
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
        try {
            long position = dataStart + info.begin();
            long length = info.end() - info.begin();
            if (info.type() == TensorType.F32 && position % Float.BYTES == 0) {
                ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
                return manager.create(mapped.order(ByteOrder.LITTLE_ENDIAN), expected, DataType.FLOAT32);
            }
            return widened(info, expected, position, manager);
        } catch (IOException e) {
            throw new ModelLoadException(file, "tensor '" + name + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** Copies a tensor into a new F32 array, converting bounded slices of its leading dimension. */
    private NDArray widened(TensorInfo info, Shape shape, long position, NDManager manager) throws IOException {
        NDArray target = manager.create(shape, DataType.FLOAT32);
        long rows = shape.dimension() == 0 ? 1 : shape.get(0);
        long rowElements = rows == 0 ? 0 : shape.size() / rows;
        long rowsPerChunk = Math.max(1, CHUNK_BYTES / Math.max(1, rowElements * Float.BYTES));
        int sourceBytes = info.type().bytes();
        for (long row = 0; row < rows; row += rowsPerChunk) {
            long chunkRows = Math.min(rowsPerChunk, rows - row);
            int elements = Math.toIntExact(chunkRows * rowElements);
            ByteBuffer source = channel.map(
                            FileChannel.MapMode.READ_ONLY, position + row * rowElements * sourceBytes,
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
