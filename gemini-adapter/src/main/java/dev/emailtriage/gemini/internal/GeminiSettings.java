package dev.emailtriage.gemini.internal;

import com.google.genai.Client;
import dev.emailtriage.spi.model.Sleeper;
import java.time.Clock;
import java.util.Objects;

/**
 * The settings every Gemini engine needs, made by the one builder base of the adapter. Immutable. Not API.
 *
 * @param client the SDK client
 * @param ownsClient whether closing the engine closes the client
 * @param model the model
 * @param generation sampling and token settings
 * @param maxBodyChars the longest body sent
 * @param clock the clock deadlines are measured with
 * @param sleeper waits between attempts or polls
 * @param secret a value never to be shown in messages (the API key), or {@code null}
 */
public record GeminiSettings(Client client, boolean ownsClient, String model, GeminiRequests.Generation generation,
    int maxBodyChars, Clock clock, Sleeper sleeper, String secret) {

  /** Checks that nothing required is missing. */
  public GeminiSettings {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(generation, "generation");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Closes the SDK client when the engine created it. */
  public void closeClient() {
    if (ownsClient) {
      client.close();
    }
  }
}
