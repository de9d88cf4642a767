/**
 * The Gemini adapter's implementation: request rendering, body cleaning, the response schema, answer parsing and
 * the retry engine. Not API: public only so that the API package can use it; it may change without notice.
 */
package dev.emailtriage.gemini.internal;
