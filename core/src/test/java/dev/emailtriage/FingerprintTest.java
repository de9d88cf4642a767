package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.internal.Fingerprint;
import dev.emailtriage.internal.SimilarEmailCache;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void quotedHistorySignatureCaseAndTrackingTokensDoNotChangeTheFingerprint() {
    Fingerprint a = Fingerprint.of("p@1", "Pedido atrasado",
        "Meu pedido não chegou. Podem verificar?\n\nhttps://t.example.com/c/a8f7e6d5?u=991\n-- \nAna\nDiretora");
    Fingerprint b = Fingerprint.of("p@1", "RE: Fwd: pedido ATRASADO",
        "meu pedido   não chegou.  podem verificar?\nhttps://t.example.com/c/zz1234?u=7\n"
            + "On Mon, 3 Feb 2025, Bob wrote:\n> old text\n> more");
    assertThat(a.exact()).isEqualTo(b.exact());
    assertThat(a.simHash()).isEqualTo(b.simHash());
  }

  @Test
  void oneChangedWordInALongMailIsANearDuplicateButAnotherMailIsNot() {
    String text = "Olá {name}, confira as novidades da semana na nossa loja: lançamentos de outono, descontos em toda "
        + "a linha de cuidados com a pele, frete grátis para compras acima de cem reais, dicas de uso dos nossos "
        + "produtos e a agenda de eventos nas lojas físicas.";
    Fingerprint maria = Fingerprint.of("p", "Novidades", text.replace("{name}", "Maria"));
    Fingerprint joaquim = Fingerprint.of("p", "Novidades", text.replace("{name}", "Joaquim"));
    Fingerprint other = Fingerprint.of("p", "Pedido com defeito", "Bom dia, comprei um secador na loja física "
        + "do centro na semana passada e ele parou de funcionar depois de dois dias de uso. Gostaria de saber "
        + "como faço para trocar o produto ou receber o dinheiro de volta, e se preciso levar a nota fiscal.");
    assertThat(maria.tokens()).isGreaterThanOrEqualTo(SimilarEmailCache.MIN_TOKENS);
    assertThat(Fingerprint.distance(maria.simHash(), joaquim.simHash())).isLessThanOrEqualTo(
        SimilarEmailCache.MAX_DISTANCE);
    assertThat(Fingerprint.distance(maria.simHash(), other.simHash())).isGreaterThan(
        3 * SimilarEmailCache.MAX_DISTANCE);
  }

  @Test
  void promptVersionScopesTheExactFingerprint() {
    assertThat(Fingerprint.of("p@1", "s", "b").exact()).isNotEqualTo(Fingerprint.of("p@2", "s", "b").exact());
  }

  @Test
  void differentMessagesAreFarApart() {
    Fingerprint a = Fingerprint.of("p", "Newsletter de março",
        "As novidades do mês: novos produtos, eventos e promoções para clientes cadastrados na loja online.");
    Fingerprint b = Fingerprint.of("p", "Reclamação",
        "Comprei um aparelho que veio com defeito e ninguém responde meus chamados há duas semanas.");
    assertThat(Fingerprint.distance(a.simHash(), b.simHash())).isGreaterThan(10);
  }
}
