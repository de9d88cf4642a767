/**
 * The service-provider interfaces of email-triage: the model ({@link dev.emailtriage.spi.Decider}), rules
 * ({@link dev.emailtriage.spi.Rule}), prompts ({@link dev.emailtriage.spi.PromptSource},
 * {@link dev.emailtriage.spi.PromptRepository}) and storage ({@link dev.emailtriage.spi.DecisionStore}).
 *
 * <p>Implement these to plug in another model or database. This package may evolve faster than the API in
 * {@code dev.emailtriage}; implementations should expect methods to be added (with defaults where possible).
 */
package dev.emailtriage.spi;
