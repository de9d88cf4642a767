/**
 * The Gemini adapter: {@link dev.emailtriage.gemini.GeminiDecider}, a {@link dev.emailtriage.spi.Decider} on the
 * official {@code com.google.genai:google-genai} SDK. This package is the adapter's whole public API; everything
 * in {@code dev.emailtriage.gemini.internal} may change without notice.
 */
package dev.emailtriage.gemini;
