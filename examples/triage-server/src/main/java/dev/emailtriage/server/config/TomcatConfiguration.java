package dev.emailtriage.server.config;

import dev.emailtriage.server.web.ProblemErrorReportValve;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Tomcat's own error responses as problem details ({@link ProblemErrorReportValve} in place of the host's error
 * report valve, which Spring Boot configures first: this customizer runs after Boot's).
 */
@Configuration(proxyBeanMethods = false)
public class TomcatConfiguration {

  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorPages() {
    return factory -> factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        for (Valve valve : host.getPipeline().getValves()) {
          if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
            host.getPipeline().removeValve(valve);
          }
        }
        boolean present = false;
        for (Valve valve : host.getPipeline().getValves()) {
          present |= valve instanceof ProblemErrorReportValve;
        }
        if (!present) {
          host.getPipeline().addValve(new ProblemErrorReportValve());
        }
      }
    });
  }
}
