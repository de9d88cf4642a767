package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of a listing and the cursor of the next one. Immutable.
 *
 * @param items the items, newest first
 * @param nextCursor the cursor of the next page, or {@code null} on the last page
 * @param <T> the item type
 */
public record Page<T>(@JsonProperty("items") List<T> items, @JsonProperty("next_cursor") String nextCursor) {
  /** Copies the items. */
  public Page {
    items = List.copyOf(items);
  }
}
