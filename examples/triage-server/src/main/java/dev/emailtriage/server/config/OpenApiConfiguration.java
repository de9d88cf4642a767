package dev.emailtriage.server.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title and its Bearer key scheme. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

  @Bean
  OpenAPI triageOpenApi() {
    return new OpenAPI()
        .info(new Info().title("email-triage API").version("v1")
            .description("Decides whether an incoming email deserves a reply and drafts it. Every endpoint but "
                + "/api/v1/health needs 'Authorization: Bearer <key>'; prompt changes need the admin key. Errors "
                + "are RFC 9457 problem details.")
            .license(new License().name("Apache-2.0")))
        .components(new Components().addSecuritySchemes("bearer",
            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description("API key")));
  }
}
