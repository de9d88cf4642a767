package dev.emailtriage.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenderListTest {

  private final SenderList list =
      SenderList.of("deny", List.of("Offers <Offers@Ads.example>", "spam.example", "@junk.example"));

  @Test
  void matchesAFullAddressWhateverTheCaseAndDisplayName() {
    assertThat(list.match("\"Great Offers\" <OFFERS@ads.example>")).contains("offers@ads.example");
  }

  @Test
  void doesNotMatchAnotherAddressOfAListedAddressesDomain() {
    assertThat(list.match("ceo@ads.example")).isEmpty();
  }

  @Test
  void matchesADomainWithOrWithoutAt() {
    assertThat(list.match("a@spam.example")).contains("spam.example");
    assertThat(list.match("b@junk.example")).contains("junk.example");
  }

  @Test
  void matchesSubdomainsOfADomain() {
    assertThat(list.match("a@mail.spam.example")).contains("spam.example");
  }

  @Test
  void doesNotMatchADomainThatOnlyEndsWithTheSameLetters() {
    assertThat(list.match("a@notspam.example")).isEmpty();
  }

  @Test
  void matchesNothingForAMissingOrNullSender() {
    assertThat(list.match("")).isEmpty();
    assertThat(list.match("<>")).isEmpty();
  }

  @Test
  void rejectsANullCollectionNamingTheSetting() {
    assertThatIllegalArgumentException().isThrownBy(() -> SenderList.of("allow", null)).withMessageContaining("allow");
  }

  @Test
  void rejectsANullEntryNamingTheSetting() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SenderList.of("allow", Arrays.asList("a@b.example", null)))
        .withMessageContaining("allow").withMessageContaining("entry 1");
  }

  @Test
  void rejectsSomethingThatIsNeitherAnAddressNorADomain() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SenderList.of("deny", List.of("not a domain")))
        .withMessageContaining("deny").withMessageContaining("not a domain");
    assertThatIllegalArgumentException().isThrownBy(() -> SenderList.of("deny", List.of("@")));
    assertThatIllegalArgumentException().isThrownBy(() -> SenderList.of("deny", List.of("@example.com@")));
  }
}
