package org.clinner.model.snapshot;

import org.clinner.io.AtomicFiles;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes F32 tensors as a {@code model.safetensors} file that Python's {@code safetensors} and this
 * runtime read: tensors sorted by name, header padded with spaces to a multiple of 8 bytes, data
 * little-endian. The file appears atomically (written to a temporary file, then renamed).
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    /**
     * Writes tensors to a file.
     *
     * @param file the target file
     * @param tensors F32 tensors by name
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Map<String, NDArray> tensors) throws IOException {
        Map<String, NDArray> sorted = new TreeMap<>(tensors);
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, NDArray> entry : sorted.entrySet()) {
            NDArray array = entry.getValue();
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("tensor '" + entry.getKey() + "' is " + array.getDataType()
                        + ", not float32");
            }
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", "F32");
            ArrayNode shape = node.putArray("shape");
            for (long dimension : array.getShape().getShape()) {
                shape.add(dimension);
            }
            long bytes = array.size() * Float.BYTES;
            node.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        prefix.flip();
        AtomicFiles.write(file, temp -> {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(out, prefix);
                for (NDArray array : sorted.values()) {
                    writeFully(out, array.toByteBuffer()); // native order: little-endian on every supported platform
                }
                out.force(true);
            }
        });
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
