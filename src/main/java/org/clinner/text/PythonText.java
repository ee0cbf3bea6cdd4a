package org.clinner.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text files decoded as Python's {@code open(path, encoding="utf-8")} decodes them in text mode:
 * strict UTF-8 (a byte order mark stays as U+FEFF), and universal newlines ({@code \r\n} and a
 * lone {@code \r} become {@code \n}), so that offsets match those of Python tooling.
 */
public final class PythonText {

    private PythonText() {}

    /**
     * Decodes a file's bytes as Python's {@code open(path, encoding="utf-8").read()} does: strict
     * UTF-8, then universal newlines.
     *
     * @param bytes the file content
     * @return the text
     * @throws IOException naming the byte and the byte offset of the first malformed sequence
     */
    public static String read(byte[] bytes) throws IOException {
        return universalNewlines(decodeUtf8(bytes));
    }

    /**
     * Decodes strict UTF-8.
     *
     * @param bytes the file content
     * @return the text
     * @throws IOException naming the byte and the byte offset of the first malformed sequence
     */
    public static String decodeUtf8(byte[] bytes) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new IOException(String.format("not valid UTF-8: malformed byte 0x%02X at byte offset %d",
                    bytes[in.position()] & 0xff, in.position()));
        }
        return out.flip().toString();
    }

    /**
     * Converts {@code \r\n} and lone {@code \r} to {@code \n}, as Python's text mode does.
     *
     * @param text the decoded file
     * @return the text with {@code \n} line endings only
     */
    public static String universalNewlines(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
