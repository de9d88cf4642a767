/**
 * The Gemini adapter's implementation: the SDK requests and responses, the schema conversion, error
 * classification, the server's retry delay and the batch engine. The model-neutral parts (prompt rendering, body
 * cleaning, the decision's schema, answer parsing, the repair request, the retry loop) are core's
 * {@code dev.emailtriage.spi.model}. Not API: public only so that the API package can use it; it may change without
 * notice.
 */
package dev.emailtriage.gemini.internal;
