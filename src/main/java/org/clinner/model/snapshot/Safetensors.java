package org.clinner.model.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens a {@code model.safetensors} file: its JSON header is parsed and every entry checked against
 * the file size before any tensor is read.
 */
public final class Safetensors {

    /** A header larger than this is not a safetensors header. */
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    /**
     * Opens and validates a safetensors file.
     *
     * @param file the file
     * @return the opened file; close it after the tensors are loaded or no longer needed
     * @throws ModelLoadException when the file is missing, truncated or its header is malformed
     */
    public static WeightFile open(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "missing (a Hugging Face snapshot needs model.safetensors)");
        }
        return WeightFile.open(file, Safetensors::readHeader);
    }

    private static Map<String, TensorInfo> readHeader(Path file, FileChannel channel)
            throws IOException, ModelLoadException {
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
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getKey().equals("__metadata__")) {
                tensors.put(entry.getKey(), tensorInfo(file, entry.getKey(), entry.getValue(), dataStart, size));
            }
        }
        return tensors;
    }

    private static TensorInfo tensorInfo(Path file, String name, JsonNode node, long dataStart, long size)
            throws ModelLoadException {
        JsonNode offsets = node.path("data_offsets");
        JsonNode shapeNode = node.path("shape");
        if (!offsets.isArray() || offsets.size() != 2 || !shapeNode.isArray()) {
            throw new ModelLoadException(file, "tensor '" + name
                    + "': header entry needs dtype, shape and data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new ModelLoadException(file, "tensor '" + name + "': negative dimension in shape");
            }
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        long dataSize = size - dataStart;
        if (begin < 0 || end < begin || end > dataSize) {
            throw new ModelLoadException(
                    file, "tensor '" + name + "': data_offsets [" + begin + ", " + end + ") point outside the "
                            + dataSize + " data bytes of the file (truncated or corrupt)");
        }
        String dtype = node.path("dtype").asText("");
        TensorInfo info = new TensorInfo(name, TensorType.parse(dtype), dtype, shape, dataStart + begin);
        if (info.type() != null && end - begin != info.elements() * info.type().bytes()) {
            throw new ModelLoadException(
                    file, "tensor '" + name + "': " + (end - begin) + " bytes do not hold shape "
                            + Arrays.toString(shape) + " of " + dtype);
        }
        return info;
    }

    /**
     * Reads bytes at a position until the buffer is full.
     *
     * @param channel the file
     * @param buffer the buffer to fill
     * @param position where to start reading
     * @throws IOException at the end of the file or on a read error
     */
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
}
