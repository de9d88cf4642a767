package dev.emailtriage.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The sample REST server: the origin plan's API on the email-triage library. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TriageServerApplication {

  /** Starts the server. */
  public static void main(String[] args) {
    SpringApplication.run(TriageServerApplication.class, args);
  }
}
