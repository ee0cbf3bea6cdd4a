package org.clinner.format;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * Sorts MultiClinAI rows in {@link MultiClinAiRow#ORDER} with bounded memory: rows are kept until
 * a batch is full, then the sorted batch is written to a temporary run file, and the runs are merged
 * when the rows are read. A collection of any size then takes the memory of one batch, not of all
 * its mentions. Not thread-safe; {@link #close()} deletes the run files.
 */
public final class ExternalRowSorter implements AutoCloseable {

    private final int batchRows;
    private final Path folder;
    private final List<MultiClinAiRow> batch = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private final List<DataInputStream> open = new ArrayList<>();

    /**
     * Creates a sorter.
     *
     * @param batchRows rows kept in memory before a batch is written out (at least 1)
     * @param folder where run files go (e.g. beside the output, or the system's temporary folder)
     */
    public ExternalRowSorter(int batchRows, Path folder) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be at least 1, not " + batchRows);
        }
        this.batchRows = batchRows;
        this.folder = folder;
    }

    /**
     * Adds a row.
     *
     * @param row the row
     * @throws IOException when a full batch cannot be written out
     */
    public void add(MultiClinAiRow row) throws IOException {
        batch.add(row);
        if (batch.size() >= batchRows) {
            spill();
        }
    }

    /**
     * Returns every row added, in order: the runs merged with the rows still in memory. Call once.
     *
     * @return the sorted rows
     * @throws IOException when a run file cannot be opened
     */
    public Iterator<MultiClinAiRow> sorted() throws IOException {
        batch.sort(MultiClinAiRow.ORDER);
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> MultiClinAiRow.ORDER.compare(a.row, b.row));
        Iterator<MultiClinAiRow> memory = batch.iterator();
        offer(heads, new Head(() -> memory.hasNext() ? memory.next() : null));
        for (Path run : runs) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run)));
            open.add(in);
            offer(heads, new Head(() -> read(in)));
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public MultiClinAiRow next() {
                Head head = heads.poll();
                if (head == null) {
                    throw new NoSuchElementException();
                }
                MultiClinAiRow row = head.row;
                if (head.advance()) {
                    heads.add(head);
                }
                return row;
            }
        };
    }

    private static void offer(PriorityQueue<Head> heads, Head head) {
        if (head.row != null) {
            heads.add(head);
        }
    }

    /** The current row of one sorted source (a run file, or the batch in memory). */
    private static final class Head {
        private final Supplier<MultiClinAiRow> source;
        private MultiClinAiRow row;

        Head(Supplier<MultiClinAiRow> source) {
            this.source = source;
            advance();
        }

        /** Moves to the source's next row; false at its end. */
        boolean advance() {
            row = source.get();
            return row != null;
        }
    }

    private void spill() throws IOException {
        batch.sort(MultiClinAiRow.ORDER);
        Path run = Files.createTempFile(folder, ".clinner-rows-", ".run");
        runs.add(run);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run)))) {
            for (MultiClinAiRow row : batch) {
                out.writeBoolean(true);
                writeString(out, row.filename());
                writeString(out, row.label());
                out.writeInt(row.start());
                out.writeInt(row.end());
                writeString(out, row.text());
            }
            out.writeBoolean(false);
        }
        batch.clear();
    }

    /** The next row of a run file, or null at its end. */
    private static MultiClinAiRow read(DataInputStream in) {
        try {
            if (!in.readBoolean()) {
                return null;
            }
            return new MultiClinAiRow(readString(in), readString(in), in.readInt(), in.readInt(), readString(in));
        } catch (EOFException e) {
            throw new UncheckedIOException("a run file of the row sorter ends early", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        for (DataInputStream in : open) {
            in.close();
        }
        for (Path run : runs) {
            Files.deleteIfExists(run);
        }
        open.clear();
        runs.clear();
        batch.clear();
    }
}
