package dev.meshledger.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Kubernetes manifests into the fabric8 model the way the API server's strict field
 * validation would judge them: a field the model does not know, or a value of the wrong type,
 * is an error naming the file and the field. fabric8 is lenient on purpose, so two checks sit on
 * top of it: it keeps unknown fields in each object's {@code additionalProperties} (those maps
 * must all come back empty), and it turns {@code "7001"} into a number where the API wants one
 * (so the model, written back out, must give every value back with the same JSON type).
 */
final class StrictManifests {
  private final KubernetesSerialization serialization = new KubernetesSerialization(new ObjectMapper(), true);
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  /** Every document of one YAML file. */
  List<HasMetadata> load(Path file) throws IOException {
    String text = Files.readString(file);
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : text.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      Object parsed;
      try {
        parsed = serialization.unmarshal(doc, KubernetesResource.class);
      } catch (RuntimeException e) {
        throw new AssertionError(file + ": does not fit the Kubernetes model: " + rootMessage(e), e);
      }
      if (!(parsed instanceof HasMetadata resource)) {
        throw new AssertionError(file + ": not a Kubernetes object (apiVersion/kind unknown): " + parsed);
      }
      List<String> unknown = new ArrayList<>();
      unknownFields(resource, resource.getKind(), unknown);
      sameTypes(yaml.readTree(doc), yaml.readTree(serialization.asJson(resource)), resource.getKind(), unknown);
      if (!unknown.isEmpty()) {
        throw new AssertionError(file + ": unknown or mistyped fields: " + unknown);
      }
      out.add(resource);
    }
    return out;
  }

  /** Every field of the file comes back from the model with the same value and JSON type. */
  private static void sameTypes(JsonNode written, JsonNode modelled, String path, List<String> out) {
    if (modelled == null || modelled.isMissingNode()) {
      out.add(path + " (dropped by the model)");
    } else if (written.isObject()) {
      written.fields().forEachRemaining(e -> sameTypes(e.getValue(), modelled.get(e.getKey()), path + "." + e.getKey(), out));
    } else if (written.isArray()) {
      if (!modelled.isArray() || modelled.size() != written.size()) {
        out.add(path + " (expected a list)");
        return;
      }
      for (int i = 0; i < written.size(); i++) {
        sameTypes(written.get(i), modelled.get(i), path + "[" + i + "]", out);
      }
    } else if (written.getNodeType() != modelled.getNodeType() || !written.asText().equals(modelled.asText())) {
      out.add(path + " (" + written.getNodeType().name().toLowerCase() + " " + written + " where the model has "
          + modelled.getNodeType().name().toLowerCase() + " " + modelled + ")");
    }
  }

  /** Walks the model's getters, collecting every non-empty additionalProperties with its path. */
  private static void unknownFields(Object node, String path, List<String> out) {
    if (node == null) {
      return;
    }
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]", out);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "[" + k + "]", out));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return; // strings, numbers and other leaves
    }
    for (Method m : node.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(node);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
      if (field.equals("additionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        }
      } else {
        unknownFields(value, path + "." + field, out);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.toString() : t.getMessage();
    return msg.lines().findFirst().orElse(msg);
  }
}
