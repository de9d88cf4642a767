/**
 * The pipeline's engine behind {@link dev.emailtriage.EmailTriage}: the path of one email ({@code Engine}), the
 * decider call under one deadline and one concurrency limit ({@code ModelGate}), the durable-queue worker
 * ({@code QueueWorker}) and the prompt cache ({@code PromptCache}). Not API: only {@code EmailTriage} uses it.
 */
package dev.emailtriage.internal.engine;
