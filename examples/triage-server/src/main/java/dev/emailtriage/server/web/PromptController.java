package dev.emailtriage.server.web;

import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.Prompt;
import dev.emailtriage.server.security.ApiKeyFilter;
import dev.emailtriage.server.security.ApiKeys;
import dev.emailtriage.spi.PromptRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/** Prompt management; reads need a key, changes need the admin key (checked by {@link ApiKeyFilter}). */
@RestController
@RequestMapping("/api/v1/prompts")
@Tag(name = "prompts")
@SecurityRequirement(name = "bearer")
public class PromptController {

  private final PromptRepository prompts;
  private final RequestValidator validator;

  /** The controller over this repository. */
  public PromptController(PromptRepository prompts, RequestValidator validator) {
    this.prompts = prompts;
    this.validator = validator;
  }

  /** The active prompt. */
  @GetMapping("/current")
  @Operation(summary = "The active prompt (latest version)")
  public Prompt current() {
    return prompts.active();
  }

  /** Every prompt, its latest version. */
  @GetMapping
  @Operation(summary = "Every prompt, latest version of each")
  public List<Prompt> list() {
    return prompts.list();
  }

  /** One prompt by id or name. */
  @GetMapping("/{prompt_id}")
  @Operation(summary = "One prompt by id or name (latest version)")
  public Prompt get(@PathVariable("prompt_id") String idOrName) {
    return prompts.find(idOrName)
        .orElseThrow(() -> new NotFoundException("No prompt with id or name '" + shorten(idOrName) + "'."));
  }

  /** Creates a prompt at version 1, inactive: 201, or 409 when the name is taken. Admin key. */
  @PostMapping
  @Operation(summary = "Create a prompt (admin key): 201, 409 when the name is taken")
  public ResponseEntity<Prompt> create(@RequestBody(required = false) PromptRequests.Create body,
      HttpServletRequest http) {
    PromptRequests.Create request = validator.check(body);
    DecisionCriteria criteria = request.decisionCriteria() == null ? DecisionCriteria.DEFAULT
        : request.decisionCriteria().toCriteria();
    Prompt created = prompts.create(request.name(), request.systemPrompt(), criteria, who(http));
    URI location = URI.create("/api/v1/prompts/" + UriUtils.encodePathSegment(created.id(), StandardCharsets.UTF_8));
    return ResponseEntity.created(location).body(created);
  }

  /** Records a new version of the prompt with this id or name. Admin key. */
  @PutMapping("/{prompt_id}")
  @Operation(summary = "Record a new version of a prompt, by id or name (admin key)")
  public Prompt update(@PathVariable("prompt_id") String idOrName,
      @RequestBody(required = false) PromptRequests.Update body, HttpServletRequest http) {
    PromptRequests.Update request = validator.check(body);
    Prompt current = get(idOrName);
    DecisionCriteria criteria = request.decisionCriteria() == null ? current.decisionCriteria()
        : request.decisionCriteria().toCriteria();
    return prompts.update(current.id(), request.systemPrompt(), criteria, who(http));
  }

  /** Makes the prompt the only active one. Admin key. */
  @PostMapping("/{prompt_id}/activate")
  @Operation(summary = "Make a prompt the active one (admin key)")
  public Prompt activate(@PathVariable("prompt_id") String idOrName) {
    return prompts.activate(get(idOrName).id());
  }

  private static String who(HttpServletRequest http) {
    Object role = http.getAttribute(ApiKeyFilter.ROLE_ATTRIBUTE);
    return role instanceof ApiKeys.Role r ? r.keyId() : "unknown";
  }

  private static String shorten(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }
}
