/**
 * Building blocks for writers of model adapters (a {@link dev.emailtriage.spi.Decider} that asks a language model):
 * the model-neutral parts every adapter needs, so that each adapter adds only its SDK's calls. Our Gemini and
 * OpenAI adapters are built on them.
 *
 * <ul>
 *   <li>{@link dev.emailtriage.spi.model.ModelRequest}: the system instruction (the prompt plus the
 *       prompt-injection guard) and the user message (the email between random-token markers, its body cleaned
 *       and capped by {@link dev.emailtriage.spi.model.BodyCleaner}).</li>
 *   <li>{@link dev.emailtriage.spi.model.DecisionSchema}: the decision's JSON schema, as plain maps and lists (for
 *       strict structured outputs and for looser servers).</li>
 *   <li>{@link dev.emailtriage.spi.model.AnswerParser}: the model's text into a validated
 *       {@link dev.emailtriage.spi.model.ModelAnswer}, or a problem to send back in the one
 *       {@link dev.emailtriage.spi.model.RepairRequest repair request}.</li>
 *   <li>{@link dev.emailtriage.spi.model.RetryLoop} with {@link dev.emailtriage.spi.model.Deadline},
 *       {@link dev.emailtriage.spi.model.Sleeper} and {@link dev.emailtriage.spi.model.RetryTiming}: retries
 *       within the time limit the pipeline passes to
 *       {@link dev.emailtriage.spi.Decider#decide(dev.emailtriage.Email, dev.emailtriage.Prompt,
 *       java.time.Duration)}, honouring a server's requested delay ({@code Retry-After}, {@code retry-after-ms},
 *       {@code x-ratelimit-reset-*}), else exponential backoff with jitter.</li>
 * </ul>
 *
 * <p>This package depends on nothing but core (no SDK, no JSON library). Like {@code dev.emailtriage.spi}, it may
 * evolve faster than the API in {@code dev.emailtriage}: adapter writers should expect additions between minor
 * versions. Every type here is immutable and thread-safe unless its documentation says otherwise.
 */
package dev.emailtriage.spi.model;
