package org.clinner.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a folder of every kind of messy input a clinical corpus holds: empty and blank files,
 * invalid UTF-8, a byte order mark, binary garbage, control characters, a 2 MB single line, a
 * 5,000-character word, emoji and other non-BMP characters, right-to-left text and combining marks,
 * CRLF and lone CR, tabs and newlines inside words, a non-ASCII file name with spaces, an unreadable
 * file and symbolic link loops. Run it as a program ({@code BadInputCorpus FOLDER}) to get the
 * folder for a manual run of {@code clinner annotate}.
 */
final class BadInputCorpus {

    /** A short clinical text, the body of several cases. */
    static final String BASE = "Se realizó una colonoscopia y una biopsia renal.\n"
            + "Tras la ecografía abdominal, se indicó tratamiento (antibiótico).\n";

    /**
     * One file of the folder.
     *
     * @param name its path relative to the folder
     * @param failure the reason the run must give for the document, or null when it must succeed
     */
    record Case(String name, String failure) {
        /** The MultiClinAI file name of the document. */
        String document() {
            return name.substring(0, name.length() - ".txt".length());
        }
    }

    private final Path folder;
    private final List<Case> cases = new ArrayList<>();

    private BadInputCorpus(Path folder) {
        this.folder = folder;
    }

    /**
     * Writes the folder.
     *
     * @param folder where to write (created)
     * @return the cases written, the unreadable file and the link loops included
     * @throws IOException when writing fails
     */
    static List<Case> write(Path folder) throws IOException {
        BadInputCorpus corpus = new BadInputCorpus(Files.createDirectories(folder));
        corpus.writeCases();
        return List.copyOf(corpus.cases);
    }

    private void writeCases() throws IOException {
        text("empty.txt", "");
        text("whitespace-only.txt", "   \n\t\n  \r\n \u00a0 \n");
        text("plain.txt", BASE);
        bytes("bom.txt", null, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(BASE));
        byte[] head = utf8("Se realizó una biopsia ");
        bytes("invalid-utf8.txt", "not valid UTF-8: malformed byte 0xC3 at byte offset " + head.length,
                head, new byte[] {(byte) 0xc3, '('}, utf8(" renal.\n"));
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        bytes("binary-garbage.txt", "not valid UTF-8: malformed byte 0x89 at byte offset 0",
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, garbage);
        text("control-characters.txt", "Se realizó una bio\u0000psia y una eco\u0007grafía\u001b renal\u007f con"
                + " con\u0001traste y\u000bun\u000cTAC.\n");
        text("long-line.txt", longLine());
        text("long-word.txt", "Se realizó una " + longWord() + " renal.\n");
        text("unicode.txt", "Paciente \uD83D\uDC69\u200D\u2695\uFE0F con \uD835\uDC9Cbdomen agudo; se hizo ecografía"
                + " (إيكو) y צילום חזה; cafe\u0301 con re\u0301sonancia \uD83E\uDEC0 y"
                + " \uD835\uDD18\uD835\uDD2B\uD835\uDD26.\n");
        text("crlf-and-lone-cr.txt",
                "Se realizó una colonoscopia.\r\nTras la biopsia renal,\rse indicó tratamiento.\r\n");
        text("tab-and-newline-in-words.txt",
                "Se hizo una biopsia\trenal y una eco\ngrafía \"doble\" con 'contraste'.\n");
        text("nombre con espacios ñandú é.txt", BASE);
        unreadable("unreadable.txt");
        Files.createSymbolicLink(folder.resolve("loop"), Paths.get("."));
        Files.createSymbolicLink(folder.resolve("self-loop.txt"), Paths.get("self-loop.txt"));
        cases.add(new Case("self-loop.txt", "cannot read: a symbolic link loop (Too many levels of symbolic links"
                + " or unable to access attributes of symbolic link)"));
    }

    /** About 2 MB of clinical words on one line. */
    private static String longLine() {
        String words = BASE.replace('\n', ' ');
        StringBuilder line = new StringBuilder();
        while (line.length() < 2_000_000) {
            line.append(words);
        }
        return line.toString().stripTrailing();
    }

    /** A word of 5,000 letters. */
    private static String longWord() {
        StringBuilder word = new StringBuilder();
        for (int i = 0; word.length() < 5000; i++) {
            word.append((char) ('a' + i % 23));
        }
        return word.toString();
    }

    private void text(String name, String content) throws IOException {
        bytes(name, null, utf8(content));
    }

    private void bytes(String name, String failure, byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        Files.write(folder.resolve(name), out.toByteArray());
        cases.add(new Case(name, failure));
    }

    private void unreadable(String name) throws IOException {
        bytes(name, "cannot read: permission denied", utf8(BASE));
        Files.setPosixFilePermissions(folder.resolve(name), PosixFilePermissions.fromString("---------"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the folder for a manual run.
     *
     * @param args the folder
     * @throws IOException when writing fails
     */
    public static void main(String[] args) throws IOException {
        for (Case c : write(Paths.get(args[0]))) {
            System.out.println(c.name() + (c.failure() == null ? "" : "  (fails: " + c.failure() + ")"));
        }
    }
}
