package org.sscard.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The objects of one kustomization (the base or an overlay), as typed fabric8 objects; the custom resources of
 * Strimzi and CloudNativePG as {@link GenericKubernetesResource}.
 */
final class Manifests {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The kinds these manifests may contain, by apiVersion/kind, and the class each is read as. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", GenericKubernetesResource.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", GenericKubernetesResource.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", GenericKubernetesResource.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", GenericKubernetesResource.class),
            Map.entry("postgresql.cnpg.io/v1/Database", GenericKubernetesResource.class));

    final String name;
    final Path directory;
    final Set<Path> files;
    final List<ObjectNode> raw;
    final List<HasMetadata> objects = new ArrayList<>();

    private Manifests(String name, Path directory, Kustomize.Output output) {
        this.name = name;
        this.directory = directory;
        this.files = output.files();
        this.raw = output.objects();
        for (ObjectNode node : raw) {
            objects.add(typed(node));
        }
    }

    static Manifests build(String name, Path directory) {
        return new Manifests(name, directory, Kustomize.build(directory));
    }

    @Override
    public String toString() {
        return name;
    }

    static HasMetadata typed(ObjectNode node) {
        String key = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new AssertionError("a kind these tests do not know: " + key + " " + node.path("metadata").path("name").asText()
                    + " (add it to Manifests.KINDS, with its invariants)");
        }
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError(key + " " + node.path("metadata").path("name").asText() + " does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * Fields of a typed object that its class does not know (a misspelt or misplaced field, which Kubernetes would
     * refuse or silently drop): fabric8 keeps them in {@code additionalProperties}, at any depth.
     */
    static List<String> unknownFields(HasMetadata object) {
        List<String> out = new ArrayList<>();
        if (!(object instanceof GenericKubernetesResource)) {
            walk(object, object.getKind() + " " + object.getMetadata().getName(), out, new IdentityHashMap<>());
        }
        return out;
    }

    private static void walk(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, out, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.") || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                Object value;
                try {
                    f.setAccessible(true);
                    value = f.get(o);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if ("additionalProperties".equals(f.getName()) && value instanceof Map<?, ?> extra) {
                    if (!extra.isEmpty()) {
                        out.add(path + ": unknown " + extra.keySet());
                    }
                } else {
                    walk(value, path + "." + f.getName(), out, seen);
                }
            }
        }
    }

    // --- Access ---

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String apiVersion, String kind) {
        return all(GenericKubernetesResource.class).stream()
                .filter(r -> apiVersion.equals(r.getApiVersion()) && kind.equals(r.getKind())).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    Deployment deployment(String service) {
        return named(Deployment.class, service).orElseThrow(() -> new AssertionError(name + ": no Deployment " + service));
    }

    static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Map<String, String> podLabels(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getLabels();
    }

    /** The namespace the objects go to (null for the base, which leaves it to the overlays). */
    String namespace() {
        return objects.stream().filter(o -> !(o instanceof Namespace)).map(o -> o.getMetadata().getNamespace())
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Marks the value of a variable that comes from a Secret: {@code secret:<name>/<key>}. */
    static String secretMarker(String secret, String key) {
        return "secret:" + secret + "/" + key;
    }

    /**
     * The environment of a container as the kubelet builds it: the ConfigMaps of envFrom first, then env, which
     * wins. A value from a Secret appears as {@link #secretMarker}; one from a ConfigMap is looked up.
     */
    Map<String, String> environment(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = named(ConfigMap.class, from.getConfigMapRef().getName()).orElseThrow(
                        () -> new AssertionError(name + ": no ConfigMap " + from.getConfigMapRef().getName()));
                cm.getData().forEach((k, v) -> env.put((from.getPrefix() == null ? "" : from.getPrefix()) + k, v));
            } else {
                throw new AssertionError(name + ": " + c.getName() + " takes a whole Secret (envFrom secretRef); "
                        + "name each key in env instead, so that the tests see which keys it needs");
            }
        }
        for (EnvVar v : c.getEnv()) {
            if (v.getValueFrom() == null) {
                env.put(v.getName(), v.getValue());
            } else if (v.getValueFrom().getSecretKeyRef() != null) {
                env.put(v.getName(), secretMarker(v.getValueFrom().getSecretKeyRef().getName(), v.getValueFrom().getSecretKeyRef().getKey()));
            } else if (v.getValueFrom().getConfigMapKeyRef() != null) {
                String cmName = v.getValueFrom().getConfigMapKeyRef().getName();
                ConfigMap cm = named(ConfigMap.class, cmName).orElseThrow(() -> new AssertionError(name + ": no ConfigMap " + cmName));
                env.put(v.getName(), cm.getData().get(v.getValueFrom().getConfigMapKeyRef().getKey()));
            } else {
                env.put(v.getName(), "fieldRef");
            }
        }
        return env;
    }

    // --- Label selectors ---

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(l.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = l.get(r.getKey());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && r.getValues().contains(value);
                    case "NotIn" -> value == null || !r.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unknown selector operator " + r.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isEmpty(LabelSelector selector) {
        return selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
    }

    // --- Generic resources ---

    /** A value inside a custom resource, by path of keys and list indexes; null where it is absent. */
    @SuppressWarnings("unchecked")
    static Object at(GenericKubernetesResource r, Object... path) {
        Object current = r.getAdditionalProperties();
        for (Object step : path) {
            if (current instanceof Map<?, ?> m && step instanceof String key) {
                current = m.get(key);
            } else if (current instanceof List<?> l && step instanceof Integer i) {
                current = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapAt(GenericKubernetesResource r, Object... path) {
        Object v = at(r, path);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<?> listAt(GenericKubernetesResource r, Object... path) {
        Object v = at(r, path);
        return v instanceof List<?> l ? l : List.of();
    }

    /** A label selector written in a custom resource (a podSelector of Strimzi's networkPolicyPeers). */
    static LabelSelector selector(Object raw) {
        return raw == null ? null : JSON.convertValue(raw, LabelSelector.class);
    }
}
