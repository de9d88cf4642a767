package dev.emailtriage.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * No two source files depend on each other, directly or through a loop: the classes are folded into their top-level
 * class (a nested, local or anonymous class counts as its file), every dependency between two of our files is an
 * edge, and each strongly connected component of more than one file (Tarjan's algorithm) is one violation, named by
 * its files in order: {@code cycle [a.B, a.C]}. What bytecode cannot show is not seen: a constant the compiler
 * inlined, a class named only in javadoc.
 */
final class FileCycles extends ArchCondition<JavaClass> {

  private final Codebase codebase;
  /** file -> file -> one example of the dependency, for the failure message. */
  private final Map<String, Map<String, String>> edges = new TreeMap<>();
  private final Map<String, JavaClass> anyClassOfFile = new HashMap<>();

  FileCycles(Codebase codebase) {
    super("be free of file cycles");
    this.codebase = codebase;
  }

  @Override
  public void check(JavaClass origin, ConditionEvents events) {
    if (codebase.moduleOf(origin).isEmpty()) {
      return;
    }
    String from = Codebase.fileOf(origin);
    anyClassOfFile.putIfAbsent(from, origin);
    Map<String, String> out = edges.computeIfAbsent(from, k -> new TreeMap<>());
    for (Dependency d : origin.getDirectDependenciesFromSelf()) {
      JavaClass target = d.getTargetClass().getBaseComponentType();
      if (codebase.moduleOf(target).isEmpty()) {
        continue;
      }
      String to = Codebase.fileOf(target);
      if (!to.equals(from)) {
        out.putIfAbsent(to, d.getDescription());
      }
    }
  }

  @Override
  public void finish(ConditionEvents events) {
    for (List<String> component : stronglyConnectedComponents()) {
      if (component.size() > 1) {
        events.add(SimpleConditionEvent.violated(anyClassOfFile.get(component.get(0)),
            "cycle " + new TreeSet<>(component)));
      }
    }
  }

  /** The edges inside each of these cycles ({@code cycle [..]} violations), one line each, to show where to cut. */
  String explain(Set<String> violations) {
    StringBuilder sb = new StringBuilder();
    for (List<String> component : stronglyConnectedComponents()) {
      if (component.size() < 2) {
        continue;
      }
      Set<String> members = new TreeSet<>(component);
      if (!violations.contains("cycle " + members)) {
        continue;
      }
      sb.append("cycle ").append(members).append(":\n");
      for (String from : members) {
        edges.getOrDefault(from, Map.of()).forEach((to, example) -> {
          if (members.contains(to)) {
            sb.append("    ").append(from).append(" -> ").append(to).append("   e.g. ").append(example).append('\n');
          }
        });
      }
    }
    return sb.toString();
  }

  /** Tarjan's algorithm, iterative so that a long chain cannot overflow the stack. */
  List<List<String>> stronglyConnectedComponents() {
    Set<String> nodes = new TreeSet<>(edges.keySet());
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new java.util.HashSet<>();
    List<List<String>> components = new ArrayList<>();
    int[] counter = {0};
    for (String start : nodes) {
      if (index.containsKey(start)) {
        continue;
      }
      // Each frame: the node and an iterator over its successors.
      Deque<Map.Entry<String, java.util.Iterator<String>>> frames = new ArrayDeque<>();
      index.put(start, counter[0]);
      low.put(start, counter[0]++);
      stack.push(start);
      onStack.add(start);
      frames.push(Map.entry(start, successors(start).iterator()));
      while (!frames.isEmpty()) {
        Map.Entry<String, java.util.Iterator<String>> frame = frames.peek();
        String v = frame.getKey();
        if (frame.getValue().hasNext()) {
          String w = frame.getValue().next();
          if (!index.containsKey(w)) {
            index.put(w, counter[0]);
            low.put(w, counter[0]++);
            stack.push(w);
            onStack.add(w);
            frames.push(Map.entry(w, successors(w).iterator()));
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
        } else {
          frames.pop();
          if (!frames.isEmpty()) {
            String parent = frames.peek().getKey();
            low.put(parent, Math.min(low.get(parent), low.get(v)));
          }
          if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
              w = stack.pop();
              onStack.remove(w);
              component.add(w);
            } while (!w.equals(v));
            component.sort(null);
            components.add(component);
          }
        }
      }
    }
    return components;
  }

  private Set<String> successors(String node) {
    return edges.getOrDefault(node, Map.of()).keySet();
  }
}
