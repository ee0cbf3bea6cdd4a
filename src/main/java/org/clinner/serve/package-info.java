/**
 * {@code clinner serve}: the HTTP service. One loaded model per model of the settings serves every
 * client; documents from concurrent requests go through a bounded pool of worker pipelines whose
 * forward batches join into shared model calls, in either input mode; JSON, text, TSV and XMI in
 * and out, INCEpTION's external recommender protocol, health, Prometheus metrics, an OpenAPI
 * document and a try-it page. May import {@code frontend}, {@code uima}, {@code model} and its
 * sub-packages, {@code format}, {@code report}, {@code text}, {@code type}.
 */
package org.clinner.serve;
