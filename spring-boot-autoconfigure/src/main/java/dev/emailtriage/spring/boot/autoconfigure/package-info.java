/**
 * Spring Boot 4 auto-configuration of email-triage: the {@link dev.emailtriage.EmailTriage} bean, the
 * {@code emailtriage.*} {@linkplain dev.emailtriage.spring.boot.autoconfigure.EmailTriageProperties properties},
 * the decider (Gemini or the offline fallback), the store, the prompt source, Micrometer metrics and Actuator health.
 * Every bean backs off when the application defines its own.
 */
package dev.emailtriage.spring.boot.autoconfigure;
