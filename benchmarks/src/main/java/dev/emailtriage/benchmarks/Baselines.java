package dev.emailtriage.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Type;
import dev.emailtriage.Email;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a team would write instead of email-triage: one model call per email, no rules, no cache.
 * (b) the google-genai SDK as the origin plan's service uses it, (c) LangChain4j's Gemini chat model with structured
 * output (JSON schema). Both send the same system prompt as email-triage's default prompt and the same email text,
 * and parse the same JSON decision. Client defaults are kept except the base URL, the API version and a timeout.
 */
final class Baselines {

  static final String MODEL = "gemini-2.5-flash";
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> TYPES =
      List.of("question", "complaint", "request", "spam", "newsletter", "auto_reply", "other", "notification");

  private Baselines() {}

  /** A decision for one email, the way each baseline obtains it. */
  interface Caller {
    TriageAnswer decide(Email email);
  }

  static String userText(Email e) {
    return "From: " + e.from() + "\nTo: " + e.to() + "\nSubject: " + e.subject() + "\n\n" + e.body();
  }

  static TriageAnswer parse(String text) {
    try {
      TriageAnswer a = JSON.readValue(text, TriageAnswer.class);
      if (!a.valid()) {
        throw new IllegalStateException("invalid decision: " + text);
      }
      return a;
    } catch (IOException e) {
      throw new UncheckedIOException("model answer is not JSON: " + text, e);
    }
  }

  /** (b): the google-genai SDK, one {@code generateContent} per email with a response schema. */
  static Caller genai(String baseUrl, String systemPrompt) {
    Client client = Client.builder().apiKey("bench-key")
        .httpOptions(HttpOptions.builder().baseUrl(baseUrl).apiVersion("v1beta").timeout(30_000).build())
        .build();
    Schema reply = Schema.builder().type(Type.Known.OBJECT).properties(Map.of(
        "subject", Schema.builder().type(Type.Known.STRING).build(),
        "body", Schema.builder().type(Type.Known.STRING).build(),
        "tone", Schema.builder().type(Type.Known.STRING)
            .enum_("formal", "informal", "friendly", "professional").build()))
        .required("subject", "body", "tone").build();
    Schema schema = Schema.builder().type(Type.Known.OBJECT).properties(Map.of(
        "decision", Schema.builder().type(Type.Known.STRING).enum_("respond", "ignore").build(),
        "confidence", Schema.builder().type(Type.Known.NUMBER).build(),
        "email_type", Schema.builder().type(Type.Known.STRING).enum_(TYPES).build(),
        "urgency", Schema.builder().type(Type.Known.STRING).enum_("high", "medium", "low").build(),
        "reason", Schema.builder().type(Type.Known.STRING).build(),
        "suggested_response", reply))
        .required("decision", "confidence", "email_type", "urgency", "reason").build();
    GenerateContentConfig config = GenerateContentConfig.builder()
        .systemInstruction(Content.fromParts(Part.fromText(systemPrompt)))
        .responseMimeType("application/json").responseSchema(schema)
        .temperature(0.3f).topP(0.9f).maxOutputTokens(1000).build();
    return email -> {
      GenerateContentResponse r = client.models.generateContent(MODEL, userText(email), config);
      return parse(r.text());
    };
  }

  /** (c): LangChain4j's {@code GoogleAiGeminiChatModel} with a JSON-schema response format. */
  static Caller langchain4j(String baseUrl, String systemPrompt) {
    JsonObjectSchema reply = JsonObjectSchema.builder()
        .addStringProperty("subject").addStringProperty("body")
        .addEnumProperty("tone", List.of("formal", "informal", "friendly", "professional"))
        .required("subject", "body", "tone").build();
    JsonObjectSchema root = JsonObjectSchema.builder()
        .addEnumProperty("decision", List.of("respond", "ignore"))
        .addNumberProperty("confidence")
        .addEnumProperty("email_type", TYPES)
        .addEnumProperty("urgency", List.of("high", "medium", "low"))
        .addStringProperty("reason")
        .addProperty("suggested_response", reply)
        .required("decision", "confidence", "email_type", "urgency", "reason").build();
    GoogleAiGeminiChatModel model = GoogleAiGeminiChatModel.builder()
        .baseUrl(baseUrl + "/v1beta").apiKey("bench-key").modelName(MODEL)
        .temperature(0.3).topP(0.9).maxOutputTokens(1000).timeout(Duration.ofSeconds(30))
        .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder().name("TriageAnswer").rootElement(root).build()).build())
        .build();
    SystemMessage system = SystemMessage.from(systemPrompt);
    return email -> {
      ChatResponse r = model.chat(ChatRequest.builder().messages(system, UserMessage.from(userText(email))).build());
      return parse(r.aiMessage().text());
    };
  }
}
