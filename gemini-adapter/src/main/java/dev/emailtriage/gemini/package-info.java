/**
 * The Gemini adapter: {@link dev.emailtriage.gemini.GeminiDecider}, a {@link dev.emailtriage.spi.Decider} on the
 * official {@code com.google.genai:google-genai} SDK, and {@link dev.emailtriage.gemini.GeminiBatchDecider}, a
 * {@link dev.emailtriage.spi.BatchDecider} that decides non-urgent emails through the Gemini Batch API at its lower
 * price (the pipeline's batch mode, or a list triaged directly). This package is the
 * adapter's whole public API; everything in {@code dev.emailtriage.gemini.internal} may change without notice.
 */
package dev.emailtriage.gemini;
