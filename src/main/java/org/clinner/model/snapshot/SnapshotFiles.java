package org.clinner.model.snapshot;

import java.util.List;

/** The file names of a Hugging Face snapshot of a token classifier. */
public final class SnapshotFiles {

    /** The architecture and labels. */
    public static final String CONFIG = "config.json";
    /** The weights. */
    public static final String WEIGHTS = "model.safetensors";
    /** The tokenizer. */
    public static final String TOKENIZER = "tokenizer.json";
    /** The tokenizer's settings (optional; its {@code model_max_length} caps the window). */
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** The special tokens of the tokenizer (optional). */
    public static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";

    /** The files every snapshot has. */
    public static final List<String> REQUIRED = List.of(CONFIG, WEIGHTS, TOKENIZER);
    /** The files a snapshot may have beside the required ones. */
    public static final List<String> OPTIONAL = List.of(TOKENIZER_CONFIG, SPECIAL_TOKENS_MAP);

    private SnapshotFiles() {}
}
