package org.clinner.model.snapshot;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a PyTorch {@code .pt} file written by {@code torch.save(model.state_dict(), path)} (the
 * zip format of torch 1.6 and later): {@code <archive>/data.pkl} is read by a restricted
 * unpickler that runs nothing ({@link StateDictUnpickler}), and each tensor is located in its
 * storage record, which {@code torch.save} stores uncompressed, so the weights are memory-mapped
 * from the file like a safetensors file's.
 */
public final class TorchStateDict {

    /** A pickle larger than this does not describe a state dict. */
    private static final long MAX_PICKLE_BYTES = 64L << 20;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** The first byte of a pickle of protocol 2 or higher: torch.save's legacy format starts with one. */
    private static final byte PICKLE_PROTO = (byte) 0x80;

    private TorchStateDict() {}

    /**
     * Opens and indexes a state dict.
     *
     * @param file the {@code .pt} file
     * @return the open file; its tensor names are the state dict's keys
     * @throws ModelLoadException when the file is missing, is not a zip-format {@code torch.save}
     *     file, is truncated, names a global a state dict does not need, or holds something other than
     *     a flat map of tensors
     */
    public static WeightFile open(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "missing (expected a PyTorch state dict saved with torch.save)");
        }
        return WeightFile.open(file, TorchStateDict::index);
    }

    private static Map<String, TensorInfo> index(Path file, FileChannel channel)
            throws IOException, ModelLoadException {
        checkMagic(file, channel);
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(file).get();
        } catch (IOException e) {
            throw new ModelLoadException(file, "not a readable zip archive (truncated or corrupt?): " + e.getMessage(),
                    e);
        }
        try (zip) {
            String archive = archiveFolder(file, zip);
            checkByteOrder(file, zip, archive);
            Object root = unpickle(file, read(file, zip, zip.getEntry(archive + "data.pkl")));
            return tensors(file, zip, archive, root);
        }
    }

    private static void checkMagic(Path file, FileChannel channel) throws IOException, ModelLoadException {
        ByteBuffer start = ByteBuffer.allocate(ZIP_MAGIC.length);
        while (start.hasRemaining() && channel.read(start, start.position()) > 0) {
            // read the first bytes
        }
        byte[] magic = Arrays.copyOf(start.array(), start.position());
        if (Arrays.equals(magic, ZIP_MAGIC)) {
            return;
        }
        if (magic.length > 0 && magic[0] == PICKLE_PROTO) {
            throw new ModelLoadException(file, "a legacy (non-zip) torch.save file, as torch before 1.6 wrote or"
                    + " _use_new_zipfile_serialization=False writes: re-save it with a current torch"
                    + " (torch.save(torch.load(path), path))");
        }
        throw new ModelLoadException(file, "not a PyTorch checkpoint (torch.save writes a zip archive)");
    }

    /** The archive's folder: the one holding {@code data.pkl} (named after the file torch saved to). */
    private static String archiveFolder(Path file, ZipFile zip) throws ModelLoadException {
        for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
            String name = entry.getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                return name.substring(0, name.length() - "data.pkl".length());
            }
        }
        throw new ModelLoadException(file, "a zip archive without <archive>/data.pkl: not written by torch.save");
    }

    private static void checkByteOrder(Path file, ZipFile zip, String archive) throws IOException,
            ModelLoadException {
        ZipArchiveEntry entry = zip.getEntry(archive + "byteorder");
        if (entry != null) {
            String order = new String(read(file, zip, entry), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new ModelLoadException(file, "saved with byte order '" + order + "' (only little-endian is"
                        + " supported)");
            }
        }
    }

    private static byte[] read(Path file, ZipFile zip, ZipArchiveEntry entry) throws IOException,
            ModelLoadException {
        if (entry.getSize() > MAX_PICKLE_BYTES) {
            throw new ModelLoadException(file, entry.getName() + " has " + entry.getSize() + " bytes: too large for"
                    + " the pickle of a state dict");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    private static Object unpickle(Path file, byte[] pickle) throws ModelLoadException {
        try {
            return StateDictUnpickler.read(pickle);
        } catch (StateDictUnpickler.ForbiddenGlobalException e) {
            throw new ModelLoadException(file, "refused: its pickle names " + e.getMessage() + ", which a state dict"
                    + " does not need, so nothing was loaded or run (torch.load(weights_only=True) refuses it too);"
                    + " if this is a whole pickled model, save model.state_dict() instead");
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(file, "data.pkl is not a readable pickle: " + e.getMessage(), e);
        }
    }

    private static Map<String, TensorInfo> tensors(Path file, ZipFile zip, String archive, Object root)
            throws ModelLoadException {
        if (!(root instanceof Map<?, ?> dict)) {
            throw new ModelLoadException(file, "holds a " + kind(root) + ", not a state dict (a map of names to"
                    + " tensors, as model.state_dict() gives)");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : dict.entrySet()) {
            if (!(entry.getKey() instanceof String name)
                    || !(entry.getValue() instanceof StateDictUnpickler.TensorRef tensor)) {
                throw new ModelLoadException(file, "entry '" + entry.getKey() + "' is a " + kind(entry.getValue())
                        + ", not a tensor: a state dict maps names to tensors (for a training checkpoint, save"
                        + " its model's state_dict() alone)");
            }
            tensors.put(name, locate(file, zip, archive, name, tensor));
        }
        return tensors;
    }

    private static TensorInfo locate(Path file, ZipFile zip, String archive, String name,
            StateDictUnpickler.TensorRef tensor)
            throws ModelLoadException {
        ZipArchiveEntry record = zip.getEntry(archive + "data/" + tensor.storage().key());
        String where = "tensor '" + name + "'";
        if (record == null) {
            throw new ModelLoadException(file, where + ": its storage record data/" + tensor.storage().key()
                    + " is missing");
        }
        if (record.getMethod() != ZipArchiveEntry.STORED) {
            throw new ModelLoadException(file, where + ": its storage record is compressed (torch.save stores"
                    + " records uncompressed; was the archive re-zipped?)");
        }
        checkContiguous(file, where, tensor);
        int bytes = tensor.storage().type().bytes();
        long elements = Arrays.stream(tensor.shape()).reduce(1, (a, b) -> a * b);
        if (record.getSize() < (tensor.offset() + elements) * bytes) {
            throw new ModelLoadException(file, where + ": " + elements + " elements from offset " + tensor.offset()
                    + " do not fit its storage record of " + record.getSize() + " bytes (truncated or corrupt)");
        }
        String dtype = tensor.storage().type().dtype();
        return new TensorInfo(name, TensorType.parse(dtype), dtype, tensor.shape(),
                record.getDataOffset() + tensor.offset() * bytes);
    }

    private static void checkContiguous(Path file, String where, StateDictUnpickler.TensorRef tensor)
            throws ModelLoadException {
        long[] shape = tensor.shape();
        if (tensor.stride().length != shape.length) {
            throw new ModelLoadException(file, where + " has " + shape.length + " dimensions but "
                    + tensor.stride().length + " strides");
        }
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 1 && tensor.stride()[d] != expected) {
                throw new ModelLoadException(file, where + " of shape " + Arrays.toString(shape) + " has strides "
                        + Arrays.toString(tensor.stride()) + ": not contiguous (save tensor.contiguous())");
            }
            expected *= shape[d];
        }
    }

    private static String kind(Object value) {
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof List || value instanceof Object[]) {
            return "sequence";
        }
        return value == null ? "None" : value.getClass().getSimpleName();
    }
}
