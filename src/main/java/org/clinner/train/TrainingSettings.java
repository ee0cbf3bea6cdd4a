package org.clinner.train;

/**
 * Hyper-parameters of a training run.
 *
 * @param epochs passes over the training sentences
 * @param learningRate peak AdamW learning rate
 * @param warmupFraction share of the steps with a linear warm-up; the rest decays linearly to 0
 * @param weightDecay AdamW weight decay of weight matrices (not of biases and LayerNorm)
 * @param dropout dropout of hidden states and attention probabilities
 * @param tokenBudget most padded tokens per batch
 * @param clipNorm global gradient norm limit
 * @param maxLength longest training sequence in tokens, special tokens included (longer sentences are truncated)
 * @param seed seed of initialization, shuffling and dropout
 */
public record TrainingSettings(int epochs, float learningRate, float warmupFraction, float weightDecay, float dropout,
        int tokenBudget, float clipNorm, int maxLength, long seed) {}
