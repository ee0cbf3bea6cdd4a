package org.clinner.cli;

import org.clinner.model.nn.Precision;
import org.clinner.model.tagging.TaggingOptions;

/**
 * The variants {@code clinner bench} measures: which engine runs the model, in which precision, and
 * with which compute pattern.
 */
enum BenchVariant {
    /** The published script exactly: every window padded to 512 and run alone. */
    P("published script's pattern: raw windows of 512/128, each padded to 512 and run alone", Engine.PROGRAM,
            Precision.FP32, Pattern.PADDED),
    /** The peer: ONNX Runtime on the published pattern without padding. */
    O("ONNX Runtime (fused Attention, SkipLayerNorm, BiasGelu): published pattern, windows run alone,"
            + " unpadded", Engine.ONNX_RUNTIME, Precision.FP32, Pattern.ALONE),
    /** This runtime on the peer's products. */
    A("this runtime: published pattern, windows run alone, unpadded (O's products)", Engine.PROGRAM,
            Precision.FP32, Pattern.ALONE),
    /** Raw mode as this project runs it. */
    B("raw mode: windows in length-sorted batches, padded only to the longest", Engine.PROGRAM, Precision.FP32,
            Pattern.RAW),
    /** Words mode. */
    C("words mode (DKPro sentences), short sentences packed, length-sorted batches", Engine.PROGRAM,
            Precision.FP32, Pattern.WORDS),
    /** Words mode on the NDArray reference path. */
    R("words mode on the NDArray reference forward pass", Engine.REFERENCE, Precision.FP32, Pattern.WORDS),
    /** Words mode in bfloat16. */
    C_BF16("words mode, bf16", Engine.PROGRAM, Precision.BF16, Pattern.WORDS),
    /** Words mode in int8. */
    C_INT8("words mode, int8 (dynamic quantization)", Engine.PROGRAM, Precision.INT8, Pattern.WORDS),
    /** Words mode on a TorchScript export. */
    D("words mode on a TorchScript export (--torchscript)", Engine.EXPORT, Precision.FP32, Pattern.WORDS),
    /** Three single-task models. */
    T("three single-task models (three encoders), words mode, each over every document", Engine.THREE_MODELS,
            Precision.FP32, Pattern.WORDS),
    /** One multi-task state dict. */
    M("one multi-task state dict, every head on one encoder pass, words mode", Engine.CHECKPOINT, Precision.FP32,
            Pattern.WORDS);

    /** What runs the model. */
    enum Engine { PROGRAM, REFERENCE, ONNX_RUNTIME, EXPORT, THREE_MODELS, CHECKPOINT }

    /** How documents become model inputs. */
    enum Pattern { PADDED, ALONE, RAW, WORDS }

    private final String description;
    private final Engine engine;
    private final Precision precision;
    private final Pattern pattern;

    BenchVariant(String description, Engine engine, Precision precision, Pattern pattern) {
        this.description = description;
        this.engine = engine;
        this.precision = precision;
        this.pattern = pattern;
    }

    /**
     * Parses a variant's code.
     *
     * @param code e.g. {@code C} or {@code C-int8}
     * @return the variant
     * @throws IllegalArgumentException for an unknown code, listing the known ones
     */
    static BenchVariant parse(String code) {
        for (BenchVariant variant : values()) {
            if (variant.code().equalsIgnoreCase(code.trim())) {
                return variant;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + code + "' (P, O, A, B, C, R, C-bf16, C-int8, D, T"
                + " or M)");
    }

    /**
     * Returns the code the option and the report use.
     *
     * @return e.g. {@code C-bf16}
     */
    String code() {
        return this == C_BF16 ? "C-bf16" : this == C_INT8 ? "C-int8" : name();
    }

    String description() {
        return description;
    }

    Engine engine() {
        return engine;
    }

    Precision precision() {
        return precision;
    }

    boolean words() {
        return pattern == Pattern.WORDS;
    }

    /**
     * Returns the tagging options of the variant's pattern.
     *
     * @param tokenBudget the batch budget of batched patterns
     * @param packSentences whether words mode packs short sentences
     * @return the options
     */
    TaggingOptions options(int tokenBudget, boolean packSentences) {
        return switch (pattern) {
            case PADDED -> new TaggingOptions(512, 128, 512, true, false);
            // a budget of one token: every window is a batch of its own
            case ALONE -> new TaggingOptions(512, 128, 1, false, false);
            case RAW -> new TaggingOptions(512, 128, tokenBudget);
            case WORDS -> new TaggingOptions(512, 128, tokenBudget).withPackSentences(packSentences);
        };
    }
}
