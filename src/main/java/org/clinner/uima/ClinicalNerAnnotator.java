package org.clinner.uima;

import org.clinner.model.NerModel;
import org.clinner.model.hub.BuiltinModel;
import org.clinner.model.nn.DjlRuntime;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.model.tagging.Mention;
import org.clinner.model.tagging.Span;
import org.clinner.model.tagging.TaggingOptions;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.api.parameter.ComponentParameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds clinical entity mentions with a DT4H-style transformer token classifier (XLM-RoBERTa,
 * BIO labels) and adds them to the CAS. In words mode (the default) it reads the DKPro
 * {@link Token}s of each {@link Sentence} (a document without sentences is one sequence of
 * tokens); in raw mode it runs the published inference script's algorithm on the document text.
 * All instances in a JVM that name the same model share one loaded copy of it.
 */
@ResourceMetaData(
        name = "ClinNER transformer NER annotator",
        description = "Clinical NER with DT4H XLM-RoBERTa token classifiers (procedure, disease, symptom)"
                + " on DJL/libtorch.")
@TypeCapability(
        inputs = {
            "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
            "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"},
        outputs = {
            "org.clinner.type.ClinicalEntity",
            "org.clinner.type.Procedure",
            "org.clinner.type.Disease",
            "org.clinner.type.Symptom"})
public class ClinicalNerAnnotator extends JCasAnnotator_ImplBase {

    /** Words mode: sentences of DKPro tokens, as the models were trained ({@link Mode#WORDS}). */
    public static final String MODE_WORDS = "words";
    /** Raw mode: the published inference script's algorithm on the whole text ({@link Mode#RAW}). */
    public static final String MODE_RAW = "raw";
    /** The default of {@link #PARAM_TOKEN_BUDGET}. */
    public static final String DEFAULT_TOKEN_BUDGET = "4096";
    /** The default of {@link #PARAM_MAX_LENGTH}: the model's own limit. */
    public static final String DEFAULT_MAX_LENGTH = "0";
    /** The default of {@link #PARAM_STRIDE}, the published script's. */
    public static final String DEFAULT_STRIDE = "128";

    /**
     * The model: {@code builtin} (the demo model in the jar, the default), a directory in Hugging
     * Face snapshot layout, a DT4H multi-task {@code .pt} state dict, or a Hugging Face id such as
     * {@code BSC-NLP4BIA/DT4H_XLM-R_stl_multilingual_procedure} (a snapshot, or a repository holding
     * one {@code .pt}; {@code ORG/NAME/FILE.pt} names one), taken from the hub cache, or downloaded
     * into it unless {@code HF_HUB_OFFLINE=1}.
     */
    public static final String PARAM_MODEL_LOCATION = ComponentParameters.PARAM_MODEL_LOCATION;
    @ConfigurationParameter(name = PARAM_MODEL_LOCATION, defaultValue = BuiltinModel.NAME)
    private String modelLocation;

    /**
     * A TorchScript export of the model to run instead of its safetensors weights, as a file name
     * in the snapshot (e.g. {@code model-bf16.pt} written by {@code tools/export_torchscript.py}).
     */
    public static final String PARAM_TORCHSCRIPT = "torchScript";
    @ConfigurationParameter(name = PARAM_TORCHSCRIPT, mandatory = false)
    private String torchScript;

    /** The hub revision of the model (a branch, tag or commit hash); unset: {@code main}. */
    public static final String PARAM_REVISION = "revision";
    @ConfigurationParameter(name = PARAM_REVISION, mandatory = false)
    private String revision;

    /**
     * The base model whose {@code config.json} and tokenizer a {@code .pt} state dict runs on: a
     * directory or a hub id; unset: {@code FacebookAI/xlm-roberta-base}, as the published script.
     */
    public static final String PARAM_BASE_MODEL = "baseModel";
    @ConfigurationParameter(name = PARAM_BASE_MODEL, mandatory = false)
    private String baseModel;

    /** The hub revision of the base model; unset: {@code main}. */
    public static final String PARAM_BASE_REVISION = "baseRevision";
    @ConfigurationParameter(name = PARAM_BASE_REVISION, mandatory = false)
    private String baseRevision;

    /**
     * The heads of a multi-task state dict to run, by task name (e.g. {@code disease},
     * {@code procedure}); unset: every head. All run on one encoder pass, each decoded with its labels.
     */
    public static final String PARAM_TASKS = "tasks";
    @ConfigurationParameter(name = PARAM_TASKS, mandatory = false)
    private String[] tasks;

    /**
     * Label files of heads whose labels cannot be inferred from their task name, as
     * {@code TASK=FILE} entries (a JSON object {@code {"0": "B-X", …}}, the published script's
     * {@code --id2label_json}).
     */
    public static final String PARAM_ID2LABEL = "id2label";
    @ConfigurationParameter(name = PARAM_ID2LABEL, mandatory = false)
    private String[] id2label;

    /** {@code words} (DKPro tokens per sentence, the default) or {@code raw} (whole text), in any case. */
    public static final String PARAM_MODE = "mode";
    @ConfigurationParameter(name = PARAM_MODE, defaultValue = MODE_WORDS)
    private String mode;

    /** Most padded tokens in one forward batch (sequences are sorted by length and batched). */
    public static final String PARAM_TOKEN_BUDGET = "tokenBudget";
    @ConfigurationParameter(name = PARAM_TOKEN_BUDGET, defaultValue = DEFAULT_TOKEN_BUDGET)
    private int tokenBudget;

    /** Tokens per model input, special tokens included; 0 takes the model's limit (512 for DT4H). */
    public static final String PARAM_MAX_LENGTH = "maxLength";
    @ConfigurationParameter(name = PARAM_MAX_LENGTH, defaultValue = DEFAULT_MAX_LENGTH)
    private int maxLength;

    /** Tokens shared by consecutive windows of a long input (128 in the published script). */
    public static final String PARAM_STRIDE = "stride";
    @ConfigurationParameter(name = PARAM_STRIDE, defaultValue = DEFAULT_STRIDE)
    private int stride;

    /**
     * In words mode, pack several short sentences into one model input (each attends only to
     * itself; the same labels up to float rounding, with far less padding and larger batches).
     */
    public static final String PARAM_PACK_SENTENCES = "packSentences";
    @ConfigurationParameter(name = PARAM_PACK_SENTENCES, defaultValue = "true")
    private boolean packSentences;

    /**
     * The precision of the encoder's products: {@code fp32} (the default), {@code bf16} (bfloat16
     * weights and activations; fast where the processor has AVX512-BF16 or AMX) or {@code int8}
     * (int8 weights, activations quantized at run time; CPU only). Embeddings, norms and heads stay
     * float32. A TorchScript export keeps its own precision.
     */
    public static final String PARAM_PRECISION = "precision";
    @ConfigurationParameter(name = PARAM_PRECISION, defaultValue = "fp32")
    private String precision;

    /** Where the model computes: {@code cpu} (the default), {@code cuda} or {@code cuda:N}. */
    public static final String PARAM_DEVICE = "device";
    @ConfigurationParameter(name = PARAM_DEVICE, defaultValue = "cpu")
    private String device;

    /**
     * Microseconds a forward batch waits for the batches of other threads running this model, to
     * share one model call with those of its width (each gets the logits it gets alone); 0, the
     * default, runs every batch at once. For services where many threads tag documents concurrently.
     */
    public static final String PARAM_BATCH_WAIT_MICROS = "batchWaitMicros";
    @ConfigurationParameter(name = PARAM_BATCH_WAIT_MICROS, defaultValue = "0")
    private int batchWaitMicros;

    /** libtorch intra-op threads (process-wide); 0 keeps libtorch's default. */
    public static final String PARAM_NUM_THREADS = ComponentParameters.PARAM_NUM_THREADS;
    @ConfigurationParameter(name = PARAM_NUM_THREADS, defaultValue = "0")
    private int numThreads;

    /**
     * The types to read and write, in one word: {@code dkpro} (the default: DKPro {@code Token} and
     * {@code Sentence} in, the ClinNER types out) or {@code ctakes} (cTAKES' {@code BaseToken} but
     * {@code NewlineToken}, and {@code Sentence}, in; {@code ProcedureMention},
     * {@code DiseaseDisorderMention}, {@code SignSymptomMention} out, with the features cTAKES'
     * dictionary lookup sets). The parameters below override the preset's entries.
     */
    public static final String PARAM_TYPES = "types";
    @ConfigurationParameter(name = PARAM_TYPES, defaultValue = "dkpro")
    private String types;

    /** The token type words mode reads (its subtypes count too); unset: the preset's. */
    public static final String PARAM_TOKEN_TYPE = "tokenType";
    @ConfigurationParameter(name = PARAM_TOKEN_TYPE, mandatory = false)
    private String tokenType;

    /** The sentence type words mode reads; unset: the preset's. */
    public static final String PARAM_SENTENCE_TYPE = "sentenceType";
    @ConfigurationParameter(name = PARAM_SENTENCE_TYPE, mandatory = false)
    private String sentenceType;

    /** Token subtypes that are not words, left out in words mode; unset: the preset's. */
    public static final String PARAM_EXCLUDED_TOKEN_TYPES = "excludedTokenTypes";
    @ConfigurationParameter(name = PARAM_EXCLUDED_TOKEN_TYPES, mandatory = false)
    private String[] excludedTokenTypes;

    /**
     * Output type per model label, as {@code LABEL=type.Name} entries; they override the defaults
     * (PROCEDURE, DISEASE, SYMPTOM to the ClinNER types) and {@link #PARAM_OUTPUT_TYPE}. Each type
     * must be an annotation type that uimaFIT finds on the class path (a misspelt name stops the
     * pipeline in {@code initialize}).
     */
    public static final String PARAM_LABEL_TYPE_MAPPINGS = "labelTypeMappings";
    @ConfigurationParameter(name = PARAM_LABEL_TYPE_MAPPINGS, mandatory = false)
    private String[] labelTypeMappings;

    /**
     * One annotation type for every label, e.g. DKPro's
     * {@code de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity} (its {@code value} is set) or
     * cTAKES' {@code org.apache.ctakes.typesystem.type.textsem.ProcedureMention} (its
     * {@code typeID}, {@code confidence} and {@code discoveryTechnique} are set). Unset: the
     * ClinNER types.
     */
    public static final String PARAM_OUTPUT_TYPE = "outputType";
    @ConfigurationParameter(name = PARAM_OUTPUT_TYPE, mandatory = false)
    private String outputType;

    private Mode tagging;
    private SentenceWords words;
    private SharedModels.Lease lease;
    private NerModel tagger;
    private TaggingOptions options;
    private EntityAnnotationFactory annotations;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            ModelSpec model = new ModelSpec(modelLocation, revision, torchScript, baseModel, baseRevision,
                    tasks == null ? List.of() : List.of(tasks), ModelSpec.labelFiles(id2label));
            NerSettings settings = new NerSettings(Mode.parse(mode),
                    new TaggingOptions(maxLength, stride, tokenBudget).withPackSentences(packSentences), numThreads,
                    NerSettings.precision(precision), NerSettings.device(device));
            TypePreset preset = TypePreset.parse(types, PARAM_TYPES);
            words = words(preset);
            annotations = new EntityAnnotationFactory(preset, outputType, labelTypeMappings);
            tagging = settings.mode();
            DjlRuntime.setIntraOpThreads(numThreads);
            lease = SharedModels.acquire(model, settings);
            options = lease.model().check(settings.tagging());
            if (batchWaitMicros < 0) {
                throw new InvalidSettingException(PARAM_BATCH_WAIT_MICROS, "must be at least 0, not "
                        + batchWaitMicros);
            }
            tagger = batchWaitMicros == 0 ? lease.model() : lease.model().batching(Duration.ofNanos(
                    batchWaitMicros * 1000L));
        } catch (ModelLoadException | IllegalArgumentException e) {
            destroy();
            throw new ResourceInitializationException(e);
        }
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        String text = jcas.getDocumentText();
        if (text == null || text.isBlank()) {
            return;
        }
        try {
            for (Mention mention : tag(jcas, text)) {
                annotations.add(jcas.getCas(), mention);
            }
        } catch (RuntimeException e) {
            throw DocumentException.of(jcas, e);
        }
    }

    private List<Mention> tag(JCas jcas, String text) {
        if (tagging == Mode.RAW) {
            return tagger.tagRaw(text, options);
        }
        List<List<Span>> sentences = words.sentences(jcas.getCas());
        if (sentences.isEmpty()) {
            throw new IllegalStateException("no " + words.describe() + " annotations: add a tokenizer before this"
                    + " annotator (e.g. DKPro's BreakIteratorSegmenter, or cTAKES' TokenizerAnnotatorPTB with "
                    + PARAM_TYPES + "=ctakes), set " + PARAM_TOKEN_TYPE + " to the pipeline's tokens, or set "
                    + PARAM_MODE + "=" + MODE_RAW);
        }
        return tagger.tagWords(text, sentences, options);
    }

    /** The words of the configured types, each name checked against the class path's type systems. */
    private SentenceWords words(TypePreset preset) throws ResourceInitializationException {
        String token = typeName(tokenType, preset.tokenType(), PARAM_TOKEN_TYPE);
        String sentence = typeName(sentenceType, preset.sentenceType(), PARAM_SENTENCE_TYPE);
        List<String> excluded = new ArrayList<>();
        for (String name : excludedTokenTypes == null ? preset.excludedTokenTypes() : List.of(excludedTokenTypes)) {
            excluded.add(typeName(excludedTokenTypes == null ? null : name, name, PARAM_EXCLUDED_TOKEN_TYPES));
        }
        return new SentenceWords(token, sentence, excluded);
    }

    /** A type name given by a parameter, or else by the preset (and named so in a message). */
    private String typeName(String given, String fromPreset, String parameter) throws ResourceInitializationException {
        String name = given != null ? given : fromPreset;
        TypeNames.knownAnnotationType(name,
                given != null ? parameter : parameter + " (" + PARAM_TYPES + "=" + types + ")");
        return name;
    }

    @Override
    public void destroy() {
        if (lease != null) {
            lease.close();
            lease = null;
            tagger = null;
        }
        super.destroy();
    }
}
