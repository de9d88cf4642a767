package dev.emailtriage.cli;

/** How results are printed on stdout. */
enum OutputFormat {
  /** A readable table (the default); the summary and any evaluation follow it on stdout. */
  TABLE,
  /** One JSON object per message per line (the wire format plus {@code file}); nothing else on stdout. */
  JSON,
  /** RFC 4180 CSV with a header row; nothing else on stdout. */
  CSV
}
