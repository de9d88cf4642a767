package dev.emailtriage.test;

/**
 * A model's answers in the decision's JSON wire format, as a model adapter receives them in a response's text: put
 * them in a mocked model API's answer (WireMock) and check what the adapter makes of them. Constants only.
 */
public final class TestAnswers {

  /** A respond to {@link TestEmails#question}: confidence 0.92, type question, urgency medium, a draft. */
  public static final String RESPOND_JSON = """
      {"decision":"respond","confidence":0.92,"email_type":"question","urgency":"medium",
       "reason":"Pergunta direta sobre preço do produto X",
       "suggested_response":{"subject":"Re: Quanto custa o produto X?",
         "body":"Olá! O produto X custa R$ 100. Equipe Biofraga","tone":"professional"}}""";

  /** An ignore of a newsletter: confidence 0.97, urgency low, {@code suggested_response} null. */
  public static final String IGNORE_JSON = """
      {"decision":"ignore","confidence":0.97,"email_type":"newsletter","urgency":"low",
       "reason":"Newsletter promocional sem pergunta","suggested_response":null}""";

  private TestAnswers() {}
}
