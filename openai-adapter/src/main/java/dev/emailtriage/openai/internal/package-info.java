/**
 * The OpenAI adapter's implementation: the Chat Completions request, reading the completion and classifying
 * errors. The model-neutral parts are core's {@code dev.emailtriage.spi.model}. Not API: public only so that the API
 * package can use it; it may change without notice.
 */
package dev.emailtriage.openai.internal;
