/**
 * The OpenAI adapter: {@link dev.emailtriage.openai.OpenAiDecider}, a {@link dev.emailtriage.spi.Decider} on the
 * official {@code com.openai:openai-java} SDK's Chat Completions API, for OpenAI and every server that speaks it
 * (Azure OpenAI, Ollama, vLLM, llama.cpp's server, LM Studio, OpenRouter). This package is the adapter's whole
 * public API; everything in {@code dev.emailtriage.openai.internal} may change without notice.
 */
package dev.emailtriage.openai;
