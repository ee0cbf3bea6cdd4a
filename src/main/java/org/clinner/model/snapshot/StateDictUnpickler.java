package org.clinner.model.snapshot;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code data.pkl} of a {@code torch.save} state dict the way
 * {@code torch.load(weights_only=True)} does: only the globals a state dict needs
 * ({@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 * {@code torch._utils._rebuild_parameter} and the typed storage classes) are known; the pickle
 * naming any other global is refused when that name is read, before anything is built from it.
 * Nothing of the pickle is ever executed: tensors come out as {@link TensorRef}s that point into
 * the checkpoint's storage records.
 */
final class StateDictUnpickler extends Unpickler {

    /** The globals a state dict may name, by {@code module.name}. */
    private static final Map<String, IObjectConstructor> GLOBALS = globals();

    /**
     * A typed storage class ({@code torch.FloatStorage} …); never called, only named by persistent ids.
     *
     * @param dtype the element type, in safetensors' spelling
     * @param bytes bytes per element
     */
    record StorageType(String dtype, int bytes) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("a state dict never calls the storage class " + dtype);
        }
    }

    /**
     * A storage record of the checkpoint ({@code <archive>/data/<key>}).
     *
     * @param type its element type
     * @param key its record name
     * @param elements its element count
     */
    record Storage(StorageType type, String key, long elements) {}

    /**
     * A tensor: a strided view of a storage.
     *
     * @param storage the storage
     * @param offset its first element in the storage
     * @param shape its shape
     * @param stride elements between neighbours of each dimension
     */
    record TensorRef(Storage storage, long offset, long[] shape, long[] stride) {}

    /** A pickled {@code collections.OrderedDict}; its attributes (a state dict's {@code _metadata}) are dropped. */
    static final class PickledDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /** A global that a state dict does not need, named by the pickle: the load stops there. */
    static final class ForbiddenGlobalException extends PickleException {
        private static final long serialVersionUID = 1L;

        ForbiddenGlobalException(String global) {
            super(global);
        }
    }

    /**
     * Unpickles a state dict's pickle.
     *
     * @param pickle the bytes of {@code data.pkl}
     * @return the object it holds (a state dict is a {@link PickledDict} of {@link TensorRef}s)
     * @throws IOException when the pickle ends early
     * @throws PickleException for a malformed pickle, or a {@link ForbiddenGlobalException}
     */
    static Object read(byte[] pickle) throws IOException {
        StateDictUnpickler unpickler = new StateDictUnpickler();
        try {
            return unpickler.load(new ByteArrayInputStream(pickle));
        } finally {
            unpickler.close();
        }
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        if (key == Opcodes.GLOBAL) {
            String module = PickleUtils.readline(input);
            String name = PickleUtils.readline(input);
            stack.add(global(module, name));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.STACK_GLOBAL) {
            String name = String.valueOf(stack.pop());
            String module = String.valueOf(stack.pop());
            stack.add(global(module, name));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.BUILD) {
            Object state = stack.pop();
            if (!(stack.peek() instanceof PickledDict)) {
                throw new PickleException("attributes " + describe(state) + " set on a " + describe(stack.peek()));
            }
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.SETITEMS) {
            setItems();
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.INST) {
            throw new ForbiddenGlobalException(PickleUtils.readline(input) + "." + PickleUtils.readline(input));
        }
        return super.dispatch(key);
    }

    /** SETITEMS keeping the pickle's key order (the state dict's order), which the base class loses. */
    @SuppressWarnings("unchecked")
    private void setItems() {
        List<Object> items = stack.pop_all_since_marker();
        if (items.size() % 2 != 0 || !(stack.peek() instanceof Map)) {
            throw new PickleException("SETITEMS without key-value pairs on a dict");
        }
        Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
        }
    }

    private static IObjectConstructor global(String module, String name) {
        IObjectConstructor constructor = GLOBALS.get(module + "." + name);
        if (constructor == null) {
            throw new ForbiddenGlobalException(module + "." + name);
        }
        return constructor;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (pid instanceof Object[] record && record.length == 5 && "storage".equals(record[0])
                && record[1] instanceof StorageType type && record[4] instanceof Number elements) {
            return new Storage(type, String.valueOf(record[2]), elements.longValue());
        }
        throw new PickleException("a persistent id that is not a storage record: " + describe(pid));
    }

    private static String describe(Object value) {
        return value instanceof Object[] array ? List.of(array).toString() : String.valueOf(value);
    }

    private static Map<String, IObjectConstructor> globals() {
        Map<String, IObjectConstructor> globals = new HashMap<>();
        globals.put("collections.OrderedDict", StateDictUnpickler::orderedDict);
        globals.put("torch._utils._rebuild_tensor_v2", StateDictUnpickler::tensor);
        globals.put("torch._utils._rebuild_parameter", StateDictUnpickler::parameter);
        String[][] storages = {
            {"FloatStorage", "F32", "4"}, {"HalfStorage", "F16", "2"}, {"BFloat16Storage", "BF16", "2"},
            {"DoubleStorage", "F64", "8"}, {"LongStorage", "I64", "8"}, {"IntStorage", "I32", "4"},
            {"ShortStorage", "I16", "2"}, {"CharStorage", "I8", "1"}, {"ByteStorage", "U8", "1"},
            {"BoolStorage", "BOOL", "1"}};
        for (String[] storage : storages) {
            globals.put("torch." + storage[0], new StorageType(storage[1], Integer.parseInt(storage[2])));
        }
        return Map.copyOf(globals);
    }

    private static Object orderedDict(Object[] args) {
        PickledDict dict = new PickledDict();
        if (args.length > 0 && args[0] instanceof List<?> pairs) {
            for (Object pair : pairs) {
                Object[] entry = (Object[]) pair;
                dict.put(entry[0], entry[1]);
            }
        }
        return dict;
    }

    private static Object tensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof Storage storage) || !(args[1] instanceof Number offset)) {
            throw new PickleException("_rebuild_tensor_v2 with arguments " + describe(args));
        }
        return new TensorRef(storage, offset.longValue(), longs(args[2]), longs(args[3]));
    }

    private static Object parameter(Object[] args) {
        if (args.length == 0 || !(args[0] instanceof TensorRef)) {
            throw new PickleException("_rebuild_parameter with arguments " + describe(args));
        }
        return args[0];
    }

    private static long[] longs(Object tuple) {
        if (!(tuple instanceof Object[] values)) {
            throw new PickleException("a tensor size or stride that is not a tuple: " + describe(tuple));
        }
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] instanceof Number number) || number.longValue() < 0) {
                throw new PickleException("a tensor size or stride entry that is not a count: " + describe(tuple));
            }
            result[i] = number.longValue();
        }
        return result;
    }
}
