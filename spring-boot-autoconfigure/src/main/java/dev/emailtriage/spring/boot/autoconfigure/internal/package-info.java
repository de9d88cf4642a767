/**
 * Internals of the email-triage auto-configuration: conditions, health indicators and helpers. Not API; may change
 * without notice.
 */
package dev.emailtriage.spring.boot.autoconfigure.internal;
