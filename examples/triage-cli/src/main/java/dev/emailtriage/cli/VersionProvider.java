package dev.emailtriage.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, for picocli's {@code --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"triage-cli " + (v == null ? "(development build)" : v)};
  }
}
