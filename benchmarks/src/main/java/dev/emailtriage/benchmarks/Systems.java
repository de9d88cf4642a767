package dev.emailtriage.benchmarks;

import java.util.Map;

/** System (a), email-triage with GeminiDecider: written once the gemini-adapter module is on main. */
final class Systems {

  private Systems() {}

  static LoadRunner.SystemUnderTest emailTriage(String baseUrl, int threads, Map<String, String> args) {
    throw new UnsupportedOperationException("system a needs the gemini-adapter module (not merged yet)");
  }
}
