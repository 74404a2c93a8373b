package org.sscard.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sscard.deploy.NetworkPolicies.Peer;
import org.sscard.deploy.NetworkPolicies.Target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes manifests of deploy/kubernetes, without a cluster: each kustomization (the base and every overlay)
 * is resolved here (see {@link Kustomize}), its objects read as typed fabric8 objects (Strimzi's and CloudNativePG's
 * custom resources as generic ones), and the invariants of docs/operations.md ("Deploying on Kubernetes") checked
 * against what the services themselves say they need: their configuration files, the topic names of the events
 * module, and the databases of deploy/init-databases.sql.
 * <p>
 * Each test collects every problem it finds and reports them together, naming the kustomization.
 */
class KubernetesManifestsTest {
    /** The consumer-lag metric the autoscalers read (Micrometer's Kafka binder, through prometheus-adapter). */
    static final String LAG_METRIC = "kafka_consumer_fetch_manager_records_lag_max";
    static final String MARK = "DEVELOPMENT-ONLY";
    static final String INGRESS_NAMESPACE = "ingress-nginx";
    static final String MONITORING_NAMESPACE = "monitoring";
    static final String CNPG_OPERATOR_NAMESPACE = "cnpg-system";
    static final Map<String, String> CNPG_OPERATOR_POD = Map.of("app.kubernetes.io/name", "cloudnative-pg");
    /** The keys of the Secret CloudNativePG generates for the application's owner (&lt;cluster&gt;-app). */
    static final Set<String> CNPG_APP_SECRET_KEYS = Set.of("username", "password", "host", "port", "dbname", "uri",
            "jdbc-uri", "pgpass");
    static final Path SECRETS_EXAMPLE = Repo.KUBERNETES.resolve("base/secrets.example.yaml");

    private static List<Manifests> builds;

    /** The base and every overlay under overlays/. */
    static synchronized List<Manifests> builds() {
        if (builds == null) {
            List<Manifests> out = new ArrayList<>();
            out.add(Manifests.build("base", Repo.KUBERNETES.resolve("base")));
            try (Stream<Path> overlays = Files.list(Repo.KUBERNETES.resolve("overlays"))) {
                overlays.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml"))).sorted()
                        .forEach(p -> out.add(Manifests.build("overlays/" + p.getFileName(), p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builds = out;
        }
        return builds;
    }

    static Manifests build(String name) {
        return builds().stream().filter(b -> b.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no kustomization " + name));
    }

    static List<Secret> secretsExample() {
        return Kustomize.documents(SECRETS_EXAMPLE).stream().map(Manifests::typed).map(Secret.class::cast).toList();
    }

    private static void assertNoProblems(Manifests m, List<String> problems) {
        assertEquals(List.of(), problems, m + ": " + problems.size() + " problem(s)");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Kustomizations and files
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void everyKustomizationResolvesToExistingFilesAndPatchesExistingObjects() throws IOException {
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(Repo.KUBERNETES)) {
            kustomizations = files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
        assertTrue(kustomizations.size() >= 3, "expected the base and two overlays, found " + kustomizations);
        for (Path k : kustomizations) {
            // Kustomize.build throws, naming the file, on a missing resource or patch file, a patch target that
            // matches nothing, a path a patch operation cannot reach, two objects with one id, or an unknown field
            Kustomize.Output out = Kustomize.build(k.getParent());
            assertFalse(out.objects().isEmpty(), k + " produces no objects");
        }
        assertTrue(builds().stream().anyMatch(b -> b.name.equals("overlays/staging")), "no staging overlay");
        assertTrue(builds().stream().anyMatch(b -> b.name.equals("overlays/production")), "no production overlay");
    }

    @Test
    void everyManifestFileBelongsToAKustomization() throws IOException {
        Set<Path> used = new HashSet<>();
        builds().forEach(b -> used.addAll(b.files));
        List<String> orphans = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repo.KUBERNETES)) {
            files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .map(f -> f.toAbsolutePath().normalize())
                    .filter(f -> !used.contains(f) && !f.equals(SECRETS_EXAMPLE.toAbsolutePath().normalize()))
                    .forEach(f -> orphans.add(Repo.KUBERNETES.relativize(f).toString()));
        }
        assertEquals(List.of(), orphans, "YAML files no kustomization reads (kubectl apply -k would never apply them)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everyManifestParsesAsATypedObjectWithoutUnknownFields(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata o : m.objects) {
            problems.addAll(Manifests.unknownFields(o));
        }
        for (Secret s : secretsExample()) {
            problems.addAll(Manifests.unknownFields(s));
        }
        assertFalse(m.all(Deployment.class).isEmpty(), "no Deployments");
        assertNoProblems(m, problems);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Deployments
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everyServiceRunsTwoOrMoreReplicasOfItsImage(Manifests m) {
        List<String> problems = new ArrayList<>();
        Set<String> names = m.all(Deployment.class).stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
        if (!names.equals(Set.copyOf(Repo.SERVICES))) {
            problems.add("Deployments " + new TreeSet<>(names) + ", expected one per service " + Repo.SERVICES);
        }
        for (String service : Repo.SERVICES) {
            Optional<Deployment> found = m.named(Deployment.class, service);
            if (found.isEmpty()) {
                continue;
            }
            Deployment d = found.get();
            Integer replicas = d.getSpec().getReplicas();
            if (replicas == null || replicas < 2) {
                problems.add(service + ": replicas " + replicas + ", at least 2 needed");
            }
            if (d.getSpec().getTemplate().getSpec().getContainers().size() != 1) {
                problems.add(service + ": expected one container");
            }
            if (!service.equals(Manifests.podLabels(d).get("app.kubernetes.io/name"))) {
                problems.add(service + ": pods not labelled app.kubernetes.io/name=" + service);
            }
            if (!Manifests.matches(d.getSpec().getSelector(), Manifests.podLabels(d))) {
                problems.add(service + ": the selector does not match the pod labels");
            }
            String image = Manifests.container(d).getImage();
            String repository = image.replaceAll("[:@].*$", "");
            if (!repository.equals("sscard/" + service)) {
                problems.add(service + ": image " + image + ", expected sscard/" + service);
            }
            if (m.name.equals("base") && !image.equals("sscard/" + service + ":" + Repo.projectVersion())) {
                problems.add(service + ": image " + image + ", expected the project's version " + Repo.projectVersion());
            }
        }
        assertNoProblems(m, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void probesUseTheHealthEndpointsOnTheManagementPort(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            Deployment d = m.deployment(service);
            Container c = Manifests.container(d);
            Map<String, String> env = m.environment(c);
            Integer management = containerPort(c, "management");
            Integer http = containerPort(c, "http");
            if (management == null || http == null) {
                problems.add(service + ": container ports named http and management needed");
                continue;
            }
            if (!String.valueOf(management).equals(env.get("QUARKUS_MANAGEMENT_PORT"))) {
                problems.add(service + ": QUARKUS_MANAGEMENT_PORT " + env.get("QUARKUS_MANAGEMENT_PORT")
                        + " is not the management container port " + management);
            }
            if (!String.valueOf(http).equals(env.get("QUARKUS_HTTP_PORT"))) {
                problems.add(service + ": QUARKUS_HTTP_PORT " + env.get("QUARKUS_HTTP_PORT") + " is not the http container port " + http);
            }
            Map<String, Probe> probes = new LinkedHashMap<>();
            probes.put("/q/health/started", c.getStartupProbe());
            probes.put("/q/health/ready", c.getReadinessProbe());
            probes.put("/q/health/live", c.getLivenessProbe());
            probes.forEach((path, probe) -> {
                HTTPGetAction get = probe == null ? null : probe.getHttpGet();
                if (get == null) {
                    problems.add(service + ": no HTTP probe on " + path);
                    return;
                }
                if (!path.equals(get.getPath())) {
                    problems.add(service + ": probe on " + get.getPath() + ", expected " + path);
                }
                if (!management.equals(NetworkPolicies.number(get.getPort(), d.getSpec().getTemplate().getSpec()))) {
                    problems.add(service + ": probe " + path + " not on the management port");
                }
            });
        }
        assertNoProblems(m, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everyContainerHasResourceRequestsAndLimits(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                var r = c.getResources();
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = r == null || r.getRequests() == null ? null : r.getRequests().get(resource);
                    Quantity limit = r == null || r.getLimits() == null ? null : r.getLimits().get(resource);
                    if (request == null || limit == null) {
                        problems.add(name + ": no " + resource + (request == null ? " request" : " limit"));
                    } else if (Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                        problems.add(name + ": " + resource + " request " + request + " above its limit " + limit);
                    }
                }
                // the heap is a share of the memory limit (JAVA_OPTS): at least 256 MiB of it, as rosters are
                // processed in chunks that the benchmarks ran with 384 MiB of heap (docs/performance.md)
                Matcher share = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(\\.\\d+)?)")
                        .matcher(String.valueOf(m.environment(c).get("JAVA_OPTS")));
                Quantity limit = r == null || r.getLimits() == null ? null : r.getLimits().get("memory");
                if (!share.find()) {
                    problems.add(name + ": JAVA_OPTS sets no -XX:MaxRAMPercentage");
                } else if (limit != null) {
                    BigDecimal heap = Quantity.getAmountInBytes(limit).multiply(new BigDecimal(share.group(1)))
                            .divide(BigDecimal.valueOf(100));
                    if (heap.compareTo(BigDecimal.valueOf(256L * 1024 * 1024)) < 0) {
                        problems.add(name + ": a heap of " + heap.longValue() / (1024 * 1024) + " MiB, at least 256 MiB needed");
                    }
                }
            }
        }
        assertNoProblems(m, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void podsRunAsNonRootWithAReadOnlyRootFilesystem(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            PodSecurityContext psc = pod.getSecurityContext();
            if (psc == null || !Boolean.TRUE.equals(psc.getRunAsNonRoot())) {
                problems.add(name + ": pod not runAsNonRoot");
            }
            if (psc == null || psc.getSeccompProfile() == null || !"RuntimeDefault".equals(psc.getSeccompProfile().getType())) {
                problems.add(name + ": no RuntimeDefault seccomp profile");
            }
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                problems.add(name + ": mounts a service account token it never uses");
            }
            for (Container c : pod.getContainers()) {
                SecurityContext sc = c.getSecurityContext();
                if (sc == null || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                    problems.add(name + ": root file system not read-only");
                }
                if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    problems.add(name + ": privilege escalation not forbidden");
                }
                if (sc == null || sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                        || !sc.getCapabilities().getDrop().contains("ALL")) {
                    problems.add(name + ": capabilities not all dropped");
                }
                // Quarkus (Vert.x's cache, multipart uploads) and rosters need a writable /tmp
                Optional<VolumeMount> tmp = c.getVolumeMounts().stream().filter(v -> "/tmp".equals(v.getMountPath())).findFirst();
                Optional<Volume> volume = tmp.flatMap(t -> pod.getVolumes().stream().filter(v -> v.getName().equals(t.getName())).findFirst());
                if (volume.isEmpty() || volume.get().getEmptyDir() == null) {
                    problems.add(name + ": no emptyDir mounted at /tmp");
                } else if (volume.get().getEmptyDir().getSizeLimit() == null) {
                    problems.add(name + ": the /tmp emptyDir has no sizeLimit");
                }
                String uploads = m.environment(c).get("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY");
                if (uploads == null || !uploads.startsWith("/tmp/")) {
                    problems.add(name + ": multipart uploads not directed to /tmp (QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY)");
                }
            }
        }
        assertNoProblems(m, problems);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Autoscalers, disruption budgets, Services
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everyDeploymentHasAnAutoscalerOnCpuAndConsumerLag(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            List<HorizontalPodAutoscaler> hpas = m.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                            && "apps/v1".equals(h.getSpec().getScaleTargetRef().getApiVersion())
                            && name.equals(h.getSpec().getScaleTargetRef().getName())).toList();
            if (hpas.size() != 1) {
                problems.add(name + ": " + hpas.size() + " HorizontalPodAutoscalers, expected one");
                continue;
            }
            var spec = hpas.get(0).getSpec();
            if (spec.getMinReplicas() == null || spec.getMinReplicas() < 2) {
                problems.add(name + ": minReplicas " + spec.getMinReplicas() + ", at least 2 needed");
            }
            if (spec.getMaxReplicas() == null || spec.getMinReplicas() == null || spec.getMaxReplicas() <= spec.getMinReplicas()) {
                problems.add(name + ": maxReplicas " + spec.getMaxReplicas() + " leaves no room to scale");
            }
            if (!Objects.equals(spec.getMinReplicas(), d.getSpec().getReplicas())) {
                problems.add(name + ": replicas " + d.getSpec().getReplicas() + " differs from the autoscaler's minReplicas "
                        + spec.getMinReplicas());
            }
            boolean cpu = false;
            boolean lag = false;
            for (MetricSpec metric : spec.getMetrics()) {
                if ("Resource".equals(metric.getType()) && metric.getResource() != null
                        && "cpu".equals(metric.getResource().getName())
                        && "Utilization".equals(metric.getResource().getTarget().getType())
                        && metric.getResource().getTarget().getAverageUtilization() != null) {
                    cpu = true;
                }
                if ("Pods".equals(metric.getType()) && metric.getPods() != null
                        && LAG_METRIC.equals(metric.getPods().getMetric().getName())
                        && "AverageValue".equals(metric.getPods().getTarget().getType())
                        && metric.getPods().getTarget().getAverageValue() != null) {
                    lag = true;
                }
                if ("External".equals(metric.getType()) && metric.getExternal() != null
                        && LAG_METRIC.equals(metric.getExternal().getMetric().getName())) {
                    lag = true;
                }
            }
            if (!cpu) {
                problems.add(name + ": no CPU utilization metric");
            }
            if (!lag) {
                problems.add(name + ": no consumer-lag metric " + LAG_METRIC + " (Pods or External)");
            }
        }
        assertNoProblems(m, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everyDeploymentHasADisruptionBudgetThatMatchesItsPodsAndLetsADrainProceed(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            List<PodDisruptionBudget> budgets = m.all(PodDisruptionBudget.class).stream()
                    .filter(p -> !Manifests.isEmpty(p.getSpec().getSelector())
                            && Manifests.matches(p.getSpec().getSelector(), Manifests.podLabels(d))).toList();
            if (budgets.size() != 1) {
                problems.add(name + ": " + budgets.size() + " PodDisruptionBudgets select its pods, expected one");
                continue;
            }
            PodDisruptionBudget pdb = budgets.get(0);
            for (Deployment other : m.all(Deployment.class)) {
                if (other != d && Manifests.matches(pdb.getSpec().getSelector(), Manifests.podLabels(other))) {
                    problems.add(name + ": its budget " + pdb.getMetadata().getName() + " also selects " + other.getMetadata().getName());
                }
            }
            IntOrString min = pdb.getSpec().getMinAvailable();
            if (min == null || min.getIntVal() == null || min.getIntVal() < 1) {
                problems.add(name + ": minAvailable " + min + ", expected a number of at least 1");
                continue;
            }
            // with minAvailable at or above the instances running, no node could ever be drained
            int fewest = m.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> name.equals(h.getSpec().getScaleTargetRef().getName()))
                    .map(h -> h.getSpec().getMinReplicas()).filter(Objects::nonNull).findFirst()
                    .orElse(d.getSpec().getReplicas());
            if (min.getIntVal() >= fewest) {
                problems.add(name + ": minAvailable " + min.getIntVal() + " with as few as " + fewest + " instances blocks every drain");
            }
        }
        assertNoProblems(m, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void servicesExposeTheApiAndManagementPortsOfTheirPods(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            Deployment d = m.deployment(service);
            Optional<Service> found = m.named(Service.class, service);
            if (found.isEmpty()) {
                problems.add(service + ": no Service");
                continue;
            }
            Service s = found.get();
            LabelSelector selector = new LabelSelector(null, s.getSpec().getSelector());
            for (Deployment other : m.all(Deployment.class)) {
                boolean selects = s.getSpec().getSelector() != null && !s.getSpec().getSelector().isEmpty()
                        && Manifests.matches(selector, Manifests.podLabels(other));
                if (selects != (other == d)) {
                    problems.add(service + ": its Service " + (selects ? "selects " : "does not select ") + other.getMetadata().getName());
                }
            }
            for (String port : List.of("http", "management")) {
                Optional<ServicePort> sp = s.getSpec().getPorts().stream().filter(p -> port.equals(p.getName())).findFirst();
                if (sp.isEmpty()) {
                    problems.add(service + ": Service has no port " + port);
                } else if (!Objects.equals(NetworkPolicies.number(sp.get().getTargetPort(), d.getSpec().getTemplate().getSpec()),
                        containerPort(Manifests.container(d), port))) {
                    problems.add(service + ": Service port " + port + " does not reach the container port " + port);
                }
            }
        }
        assertNoProblems(m, problems);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Environment
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void deploymentsGetEveryVariableTheirServiceNeeds(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            Map<String, String> env = m.environment(Manifests.container(m.deployment(service)));
            if (!"prod".equals(env.get("QUARKUS_PROFILE"))) {
                problems.add(service + ": QUARKUS_PROFILE " + env.get("QUARKUS_PROFILE") + ", must be prod");
            }
            Repo.requiredEnvironment(service).forEach((variable, localDefault) -> {
                String value = env.get(variable);
                if (value == null || value.isBlank()) {
                    problems.add(service + ": " + variable + " not set"
                            + (localDefault == null ? " (the service refuses to start without it)" : " (it would be " + localDefault + ")"));
                } else if (Repo.isLoopback(value)) {
                    problems.add(service + ": " + variable + " points at the pod itself: " + value);
                }
            });
            String javaOpts = env.getOrDefault("JAVA_OPTS", "");
            // JAVA_OPTS replaces the image's, which set the log manager of Quarkus
            if (!javaOpts.contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager")) {
                problems.add(service + ": JAVA_OPTS drops the image's -Djava.util.logging.manager");
            }
            if (javaOpts.matches(".*-Xmx\\S*.*")) {
                problems.add(service + ": JAVA_OPTS sets -Xmx, which ignores the container's memory limit");
            }
            if ("true".equals(env.get("QUARKUS_MAILER_MOCK"))) {
                problems.add(service + ": e-mail goes to the mock mailbox");
            }
            env.forEach((k, v) -> {
                if (v != null && v.contains(MARK)) {
                    problems.add(service + ": " + k + " holds a " + MARK + " value outside a Secret");
                }
            });
        }
        assertNoProblems(m, problems);
    }

    /**
     * A URL to another service, whose local default names that service's port (review's registration URL:
     * localhost:8081, registration's API; notification's reconciliation URLs: 9081 to 9083, the management ports),
     * must name that service's Kubernetes Service and the port of the same interface.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void urlsOfOtherServicesNameTheirServiceAndTheSameInterface(Manifests m) {
        List<String> problems = new ArrayList<>();
        Map<Integer, String[]> local = new LinkedHashMap<>();
        for (String s : Repo.SERVICES) {
            Repo.localPorts(s).forEach((port, iface) -> local.put(port, new String[] {s, iface}));
        }
        int urls = 0;
        for (String service : Repo.SERVICES) {
            Map<String, String> env = m.environment(Manifests.container(m.deployment(service)));
            for (Map.Entry<String, String> e : Repo.requiredEnvironment(service).entrySet()) {
                if (e.getValue() == null || !e.getValue().startsWith("http")) {
                    continue;
                }
                String[] meant = local.get(URI.create(e.getValue()).getPort());
                if (meant == null) {
                    continue;
                }
                urls++;
                String value = env.get(e.getKey());
                if (value == null) {
                    problems.add(service + ": " + e.getKey() + " not set");
                    continue;
                }
                URI uri = URI.create(value);
                Optional<Service> target = m.named(Service.class, meant[0]);
                Integer port = target.flatMap(t -> t.getSpec().getPorts().stream().filter(p -> meant[1].equals(p.getName()))
                        .map(ServicePort::getPort).findFirst()).orElse(null);
                if (!meant[0].equals(uri.getHost()) || !Objects.equals(port, uri.getPort())) {
                    problems.add(service + ": " + e.getKey() + "=" + value + ", expected the " + meant[1] + " port of the Service "
                            + meant[0] + " (" + port + ")");
                }
            }
        }
        assertTrue(urls >= 4, "expected review's registration URL and notification's three reconciliation URLs, found " + urls);
        assertNoProblems(m, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void postgresAndKafkaAddressesPointAtTheClusters(Manifests m) {
        List<String> problems = new ArrayList<>();
        String pg = postgresCluster(m).getMetadata().getName();
        GenericKubernetesResource kafka = kafka(m);
        Integer plainPort = plainListenerPort(kafka);
        for (String service : Repo.SERVICES) {
            Map<String, String> env = m.environment(Manifests.container(m.deployment(service)));
            String url = env.get("SSCARD_PG_URL");
            // no database name: each service appends its own
            if (!("jdbc:postgresql://" + pg + "-rw:5432").equals(url)) {
                problems.add(service + ": SSCARD_PG_URL " + url + ", expected jdbc:postgresql://" + pg + "-rw:5432 (the primary, no database)");
            }
            String bootstrap = env.get("SSCARD_KAFKA_BOOTSTRAP");
            if (!(kafka.getMetadata().getName() + "-kafka-bootstrap:" + plainPort).equals(bootstrap)) {
                problems.add(service + ": SSCARD_KAFKA_BOOTSTRAP " + bootstrap + ", expected " + kafka.getMetadata().getName()
                        + "-kafka-bootstrap:" + plainPort);
            }
        }
        assertNoProblems(m, problems);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Secrets
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void everySecretKeyTheDeploymentsReferenceExists() {
        Map<String, Set<String>> example = new LinkedHashMap<>();
        for (Secret s : secretsExample()) {
            Set<String> keys = new TreeSet<>();
            if (s.getStringData() != null) {
                keys.addAll(s.getStringData().keySet());
            }
            if (s.getData() != null) {
                keys.addAll(s.getData().keySet());
            }
            example.put(s.getMetadata().getName(), keys);
        }
        for (Manifests m : builds()) {
            List<String> problems = new ArrayList<>();
            GenericKubernetesResource pg = postgresCluster(m);
            String appSecret = pg.getMetadata().getName() + "-app";
            if (Manifests.at(pg, "spec", "bootstrap", "initdb", "owner") == null) {
                problems.add("the PostgreSQL cluster names no owner in bootstrap.initdb, so " + appSecret + " holds no login of ours");
            }
            for (Deployment d : m.all(Deployment.class)) {
                String name = d.getMetadata().getName();
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                for (Container c : pod.getContainers()) {
                    for (EnvVar v : c.getEnv()) {
                        if (v.getValueFrom() == null || v.getValueFrom().getSecretKeyRef() == null) {
                            continue;
                        }
                        String secret = v.getValueFrom().getSecretKeyRef().getName();
                        String key = v.getValueFrom().getSecretKeyRef().getKey();
                        Set<String> keys = secret.equals(appSecret) ? CNPG_APP_SECRET_KEYS : example.get(secret);
                        if (keys == null) {
                            problems.add(name + ": " + v.getName() + " reads the Secret " + secret + ", which secrets.example.yaml does not describe");
                        } else if (!keys.contains(key)) {
                            problems.add(name + ": " + v.getName() + " reads key " + key + " that the Secret " + secret + " does not have");
                        }
                    }
                    // a key file named by a file: location must be a key of the Secret mounted there
                    m.environment(c).forEach((variable, value) -> {
                        if (value == null || !value.startsWith("file:")) {
                            return;
                        }
                        Path file = Path.of(value.substring("file:".length()));
                        Optional<VolumeMount> mount = c.getVolumeMounts().stream()
                                .filter(vm -> file.getParent() != null && file.getParent().equals(Path.of(vm.getMountPath()))).findFirst();
                        Optional<Volume> volume = mount.flatMap(vm -> pod.getVolumes().stream().filter(vol -> vol.getName().equals(vm.getName())).findFirst());
                        if (volume.isEmpty() || volume.get().getSecret() == null) {
                            problems.add(name + ": " + variable + "=" + value + ", but no Secret is mounted at " + file.getParent());
                            return;
                        }
                        Set<String> keys = example.get(volume.get().getSecret().getSecretName());
                        if (keys == null || !keys.contains(file.getFileName().toString())) {
                            problems.add(name + ": " + variable + "=" + value + ", but the Secret " + volume.get().getSecret().getSecretName()
                                    + " has no key " + file.getFileName());
                        }
                    });
                }
                for (Volume vol : pod.getVolumes()) {
                    if (vol.getSecret() != null && !example.containsKey(vol.getSecret().getSecretName())) {
                        problems.add(name + ": mounts the Secret " + vol.getSecret().getSecretName() + ", which secrets.example.yaml does not describe");
                    }
                }
            }
            assertNoProblems(m, problems);
        }
    }

    @Test
    void secretValuesAreMarkedAsDevelopmentPlaceholders() {
        List<String> problems = new ArrayList<>();
        List<Secret> secrets = secretsExample();
        assertFalse(secrets.isEmpty(), "no Secrets in " + SECRETS_EXAMPLE);
        Set<String> ring = new TreeSet<>();
        String active = null;
        for (Secret s : secrets) {
            String name = s.getMetadata().getName();
            if (s.getData() != null && !s.getData().isEmpty()) {
                problems.add(name + ": values under data (base64); write the placeholders readably under stringData");
            }
            if (s.getStringData() == null || s.getStringData().isEmpty()) {
                problems.add(name + ": no stringData");
                continue;
            }
            for (Map.Entry<String, String> e : s.getStringData().entrySet()) {
                if (e.getKey().equals("SSCARD_ACTIVE_FIELD_KEY")) {
                    active = e.getValue();       // an id of the ring, not a secret
                } else if (!e.getValue().contains(MARK)) {
                    problems.add(name + "/" + e.getKey() + " is not marked " + MARK + ": it could pass for a real value");
                }
                if (e.getKey().equals("SSCARD_FIELD_KEYS")) {
                    for (String entry : e.getValue().split(",")) {
                        String[] idAndSecret = entry.trim().split("=", 2);
                        ring.add(idAndSecret[0]);
                        // a well-formed ring, so that the mark is the only reason the prod profile refuses it
                        if (idAndSecret.length != 2 || idAndSecret[1].length() < 32 || !idAndSecret[0].matches("[A-Za-z0-9_-]+")) {
                            problems.add(name + "/SSCARD_FIELD_KEYS: " + idAndSecret[0] + " is not id=secret with 32+ characters");
                        }
                    }
                }
            }
        }
        if (active == null || !ring.contains(active)) {
            problems.add("SSCARD_ACTIVE_FIELD_KEY " + active + " is not an id of the ring " + ring);
        }
        assertEquals(List.of(), problems);
    }

    /** The real Secrets are made outside git; applying an overlay must never overwrite them with placeholders. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void noKustomizationShipsTheSecrets(Manifests m) {
        assertEquals(List.of(), m.all(Secret.class).stream().map(s -> s.getMetadata().getName()).toList(),
                m + ": Secrets in the kustomization would overwrite the real ones on every apply");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // NetworkPolicies
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void postgresAndKafkaAcceptConnectionsOnlyFromTheFourServices(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<NetworkPolicy> policies = m.all(NetworkPolicy.class);
        String pg = postgresCluster(m).getMetadata().getName();
        GenericKubernetesResource kafka = kafka(m);
        Target postgres = postgresPod(m);
        Target broker = brokerPod(m);
        int kafkaPort = plainListenerPort(kafka);

        // what the policies say, rule by rule: every peer that may reach 5432 or the listener
        problems.addAll(peersOnPort(policies, postgres, 5432, peer -> isServicesSelector(peer)
                || isPodSelector(peer, Map.of("cnpg.io/cluster", pg))
                || isOperator(peer)));
        problems.addAll(peersOnPort(policies, broker, kafkaPort, KubernetesManifestsTest::isServicesSelector));
        // Strimzi writes a policy of its own for the listener: from its networkPolicyPeers
        for (Object listener : Manifests.listAt(kafka, "spec", "kafka", "listeners")) {
            Map<?, ?> l = (Map<?, ?>) listener;
            List<?> peers = l.get("networkPolicyPeers") instanceof List<?> list ? list : List.of();
            if (peers.isEmpty()) {
                problems.add("Kafka listener " + l.get("name") + " has no networkPolicyPeers: Strimzi opens it to every pod");
            }
            for (Object p : peers) {
                Map<?, ?> peer = (Map<?, ?>) p;
                NetworkPolicyPeer typed = new NetworkPolicyPeer(null, Manifests.selector(peer.get("namespaceSelector")),
                        Manifests.selector(peer.get("podSelector")));
                if (peer.containsKey("ipBlock") || !isServicesSelector(typed)) {
                    problems.add("Kafka listener " + l.get("name") + " admits " + peer + ", not the four services only");
                }
            }
        }
        // and what they do, for a few callers
        for (String service : Repo.SERVICES) {
            Peer caller = Peer.pod(service, Manifests.podLabels(m.deployment(service)));
            if (!NetworkPolicies.allows(policies, postgres, 5432, caller)) {
                problems.add(service + " may not reach PostgreSQL");
            }
            if (!NetworkPolicies.allows(policies, broker, kafkaPort, caller)) {
                problems.add(service + " may not reach Kafka");
            }
        }
        for (Peer stranger : strangers()) {
            if (NetworkPolicies.allows(policies, postgres, 5432, stranger)) {
                problems.add(stranger + " may reach PostgreSQL");
            }
            if (NetworkPolicies.allows(policies, broker, kafkaPort, stranger)) {
                problems.add(stranger + " may reach Kafka");
            }
        }
        assertNoProblems(m, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void ingressIsDeniedByDefaultAndOpenedOnlyWhereNeeded(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<NetworkPolicy> policies = m.all(NetworkPolicy.class);
        boolean defaultDeny = policies.stream().anyMatch(p -> Manifests.isEmpty(p.getSpec().getPodSelector())
                && NetworkPolicies.isIngress(p) && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()));
        if (!defaultDeny) {
            problems.add("no default-deny ingress policy (an empty podSelector and no rules)");
        }
        for (NetworkPolicy p : policies) {
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    problems.add(p.getMetadata().getName() + ": a rule open to every peer");
                }
                if (rule.getFrom() != null && rule.getFrom().stream().anyMatch(f -> f.getIpBlock() != null)) {
                    problems.add(p.getMetadata().getName() + ": an ipBlock peer");
                }
            }
        }
        Peer ingress = Peer.inNamespace(INGRESS_NAMESPACE, Map.of("app.kubernetes.io/name", "ingress-nginx"));
        Peer prometheus = Peer.inNamespace(MONITORING_NAMESPACE, Map.of("app.kubernetes.io/name", "prometheus"));
        // who may call whom inside the namespace, beyond the ingress controller and Prometheus
        Map<String, Set<String>> apiCallers = Map.of("registration-service", Set.of("review-service"));
        Map<String, Set<String>> managementCallers = Map.of("registration-service", Set.of("notification-service"),
                "review-service", Set.of("notification-service"), "card-production-service", Set.of("notification-service"));
        for (String service : Repo.SERVICES) {
            Deployment d = m.deployment(service);
            Target target = new Target(service, Manifests.podLabels(d), d.getSpec().getTemplate().getSpec());
            int http = containerPort(Manifests.container(d), "http");
            int management = containerPort(Manifests.container(d), "management");
            expect(problems, policies, target, http, ingress, true);
            expect(problems, policies, target, management, ingress, false);
            expect(problems, policies, target, management, prometheus, true);
            expect(problems, policies, target, http, prometheus, false);
            for (Peer stranger : strangers()) {
                expect(problems, policies, target, http, stranger, false);
                expect(problems, policies, target, management, stranger, false);
            }
            for (String caller : Repo.SERVICES) {
                if (caller.equals(service)) {
                    continue;
                }
                Peer peer = Peer.pod(caller, Manifests.podLabels(m.deployment(caller)));
                expect(problems, policies, target, http, peer, apiCallers.getOrDefault(service, Set.of()).contains(caller));
                expect(problems, policies, target, management, peer, managementCallers.getOrDefault(service, Set.of()).contains(caller));
            }
        }
        assertNoProblems(m, problems);
    }

    /** Every URL a service is given to another service, and its database and broker, are let through. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everyCallBetweenServicesIsAllowedByTheNetworkPolicies(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<NetworkPolicy> policies = m.all(NetworkPolicy.class);
        int calls = 0;
        for (String service : Repo.SERVICES) {
            Peer caller = Peer.pod(service, Manifests.podLabels(m.deployment(service)));
            for (Map.Entry<String, String> e : m.environment(Manifests.container(m.deployment(service))).entrySet()) {
                if (e.getValue() == null || !e.getValue().matches("https?://[^/]+.*")) {
                    continue;
                }
                URI uri = URI.create(e.getValue());
                Optional<Service> target = m.named(Service.class, uri.getHost());
                if (target.isEmpty()) {
                    continue; // outside the namespace (an identity provider, say)
                }
                calls++;
                Optional<ServicePort> port = target.get().getSpec().getPorts().stream().filter(p -> p.getPort() == uri.getPort()).findFirst();
                Optional<Deployment> pods = m.all(Deployment.class).stream().filter(d -> Manifests.matches(
                        new LabelSelector(null, target.get().getSpec().getSelector()), Manifests.podLabels(d))).findFirst();
                if (port.isEmpty() || pods.isEmpty()) {
                    problems.add(service + ": " + e.getKey() + "=" + e.getValue() + " names no port of the Service or no pods");
                    continue;
                }
                PodSpec spec = pods.get().getSpec().getTemplate().getSpec();
                Integer containerPort = NetworkPolicies.number(port.get().getTargetPort(), spec);
                Target t = new Target(uri.getHost(), Manifests.podLabels(pods.get()), spec);
                if (containerPort == null || !NetworkPolicies.allows(policies, t, containerPort, caller)) {
                    problems.add(service + ": " + e.getKey() + "=" + e.getValue() + " is blocked by the NetworkPolicies");
                }
            }
        }
        assertTrue(calls >= 4, "expected at least review's call to registration and notification's three reconciliation feeds");
        assertNoProblems(m, problems);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Kafka
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void kafkaRunsThreeBrokersInKraftModeWithReplicationThree(Manifests m) {
        List<String> problems = new ArrayList<>();
        GenericKubernetesResource kafka = kafka(m);
        String name = kafka.getMetadata().getName();
        Map<String, String> annotations = kafka.getMetadata().getAnnotations() == null ? Map.of() : kafka.getMetadata().getAnnotations();
        if (!"enabled".equals(annotations.get("strimzi.io/kraft"))) {
            problems.add("Kafka " + name + ": not annotated strimzi.io/kraft: enabled");
        }
        if (!"enabled".equals(annotations.get("strimzi.io/node-pools"))) {
            problems.add("Kafka " + name + ": not annotated strimzi.io/node-pools: enabled");
        }
        if (Manifests.at(kafka, "spec", "zookeeper") != null || Manifests.at(kafka, "spec", "kafka", "replicas") != null) {
            problems.add("Kafka " + name + ": zookeeper or kafka.replicas set: the node pools say how many nodes");
        }
        int brokers = 0;
        int controllers = 0;
        for (GenericKubernetesResource pool : m.custom("kafka.strimzi.io/v1beta2", "KafkaNodePool")) {
            String pn = pool.getMetadata().getName();
            if (!name.equals(label(pool, "strimzi.io/cluster"))) {
                problems.add("KafkaNodePool " + pn + ": not labelled strimzi.io/cluster=" + name);
                continue;
            }
            int replicas = ((Number) Manifests.at(pool, "spec", "replicas")).intValue();
            List<?> roles = Manifests.listAt(pool, "spec", "roles");
            if (roles.contains("broker")) {
                brokers += replicas;
            }
            if (roles.contains("controller")) {
                controllers += replicas;
            }
            for (Object volume : volumes(pool)) {
                Map<?, ?> v = (Map<?, ?>) volume;
                if (!"persistent-claim".equals(v.get("type")) || !Boolean.FALSE.equals(v.get("deleteClaim"))) {
                    problems.add("KafkaNodePool " + pn + ": storage that is not a kept persistent claim: " + v);
                }
            }
        }
        if (brokers != 3) {
            problems.add(brokers + " brokers, expected 3");
        }
        if (controllers < 3 || controllers % 2 == 0) {
            problems.add(controllers + " controllers: a quorum needs an odd number, at least 3");
        }
        Map<String, Object> config = Manifests.mapAt(kafka, "spec", "kafka", "config");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("default.replication.factor", 3);
        expected.put("min.insync.replicas", 2);
        expected.put("auto.create.topics.enable", false);
        expected.put("offsets.topic.replication.factor", 3);
        expected.put("transaction.state.log.replication.factor", 3);
        expected.put("transaction.state.log.min.isr", 2);
        expected.forEach((key, value) -> {
            if (!String.valueOf(value).equals(String.valueOf(config.get(key)))) {
                problems.add("Kafka " + name + ": " + key + " is " + config.get(key) + ", expected " + value);
            }
        });
        if (Manifests.at(kafka, "spec", "entityOperator", "topicOperator") == null) {
            problems.add("Kafka " + name + ": no topic operator, so no KafkaTopic would be created");
        }
        assertNoProblems(m, problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everyTopicHasAKafkaTopicWithThreeReplicas(Manifests m) {
        List<String> problems = new ArrayList<>();
        String cluster = kafka(m).getMetadata().getName();
        TreeSet<String> events = new TreeSet<>(Repo.topicConstants());
        Repo.SERVICES.forEach(s -> events.addAll(Repo.channelTopics(s)));
        TreeSet<String> deadLetters = new TreeSet<>();
        Repo.SERVICES.forEach(s -> deadLetters.add(Repo.deadLetterPrefix() + s));
        events.removeAll(deadLetters);
        // the bulk lane (applications of rosters) of the applications' own topics (docs/events.md)
        for (String topic : List.of("sscard.applications", "sscard.reviews", "sscard.cards")) {
            events.add(topic + Repo.bulkSuffix());
        }
        Map<String, GenericKubernetesResource> topics = new LinkedHashMap<>();
        for (GenericKubernetesResource t : m.custom("kafka.strimzi.io/v1beta2", "KafkaTopic")) {
            Object topicName = Manifests.at(t, "spec", "topicName");
            topics.put(topicName != null ? topicName.toString() : t.getMetadata().getName(), t);
        }
        int brokers = m.custom("kafka.strimzi.io/v1beta2", "KafkaNodePool").stream()
                .filter(p -> Manifests.listAt(p, "spec", "roles").contains("broker"))
                .mapToInt(p -> ((Number) Manifests.at(p, "spec", "replicas")).intValue()).sum();
        TreeSet<String> expected = new TreeSet<>(events);
        expected.addAll(deadLetters);
        Set<Object> eventPartitions = new HashSet<>();
        for (String topic : expected) {
            GenericKubernetesResource t = topics.get(topic);
            if (t == null) {
                problems.add("no KafkaTopic for " + topic);
                continue;
            }
            if (!cluster.equals(label(t, "strimzi.io/cluster"))) {
                problems.add(topic + ": not labelled strimzi.io/cluster=" + cluster);
            }
            Object replicas = Manifests.at(t, "spec", "replicas");
            if (!Integer.valueOf(3).equals(replicas)) {
                problems.add(topic + ": replicas " + replicas + ", expected 3");
            } else if (brokers < 3) {
                problems.add(topic + ": 3 replicas on " + brokers + " brokers");
            }
            Object minIsr = Manifests.mapAt(t, "spec", "config").get("min.insync.replicas");
            if (!"2".equals(String.valueOf(minIsr))) {
                problems.add(topic + ": min.insync.replicas " + minIsr + ", expected 2");
            }
            Object partitions = Manifests.at(t, "spec", "partitions");
            Object retention = Manifests.mapAt(t, "spec", "config").get("retention.ms");
            if (deadLetters.contains(topic)) {
                if (!Integer.valueOf(3).equals(partitions)) {
                    problems.add(topic + ": " + partitions + " partitions, expected 3 for a dead-letter topic");
                }
                if (!(retention instanceof Number r) || r.longValue() < 30L * 24 * 3600 * 1000) {
                    problems.add(topic + ": retention.ms " + retention + ", dead letters are kept 30 days or more");
                }
            } else if (Repo.partitions().isPresent() && !Repo.partitions().get().equals(partitions)) {
                problems.add(topic + ": " + partitions + " partitions, expected Topics.PARTITIONS = " + Repo.partitions().get());
            } else {
                eventPartitions.add(partitions);
            }
        }
        // one number for all, as the services' instances are planned for it (docs/operations.md, Scaling)
        if (eventPartitions.size() > 1) {
            problems.add("event topics with different partitions: " + eventPartitions);
        }
        Set<String> unexpected = new TreeSet<>(topics.keySet());
        unexpected.removeAll(expected);
        if (!unexpected.isEmpty()) {
            problems.add("KafkaTopics for topics no service uses: " + unexpected);
        }
        assertNoProblems(m, problems);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // PostgreSQL
    // ---------------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void postgresHasThreeInstancesAndEveryServiceDatabase(Manifests m) {
        List<String> problems = new ArrayList<>();
        GenericKubernetesResource cluster = postgresCluster(m);
        String name = cluster.getMetadata().getName();
        Object instances = Manifests.at(cluster, "spec", "instances");
        if (!Integer.valueOf(3).equals(instances)) {
            problems.add("Cluster " + name + ": " + instances + " instances, expected 3");
        }
        String image = String.valueOf(Manifests.at(cluster, "spec", "imageName"));
        if (!image.matches(".*:17(\\.\\d+)*")) {
            problems.add("Cluster " + name + ": image " + image + ", expected PostgreSQL 17 like the suite and compose");
        }
        Object owner = Manifests.at(cluster, "spec", "bootstrap", "initdb", "owner");
        TreeSet<String> databases = new TreeSet<>();
        Object initial = Manifests.at(cluster, "spec", "bootstrap", "initdb", "database");
        if (initial != null) {
            databases.add(initial.toString());
        }
        for (GenericKubernetesResource db : m.custom("postgresql.cnpg.io/v1", "Database")) {
            if (!name.equals(Manifests.at(db, "spec", "cluster", "name"))) {
                problems.add("Database " + db.getMetadata().getName() + ": not in the cluster " + name);
                continue;
            }
            Object ensure = Manifests.at(db, "spec", "ensure");
            if (ensure != null && !"present".equals(ensure)) {
                problems.add("Database " + db.getMetadata().getName() + ": ensure " + ensure);
            }
            if (!Objects.equals(owner, Manifests.at(db, "spec", "owner"))) {
                problems.add("Database " + db.getMetadata().getName() + ": owner " + Manifests.at(db, "spec", "owner")
                        + ", expected the application's role " + owner + " (Flyway creates the tables as it)");
            }
            databases.add(String.valueOf(Manifests.at(db, "spec", "name")));
        }
        TreeSet<String> needed = new TreeSet<>();
        Repo.SERVICES.forEach(s -> needed.add(Repo.database(s)));
        if (!databases.equals(needed)) {
            problems.add("databases " + databases + ", the services use " + needed);
        }
        if (!needed.equals(Repo.composeDatabases())) {
            problems.add("deploy/init-databases.sql creates " + Repo.composeDatabases() + ", the services use " + needed);
        }
        assertNoProblems(m, problems);
    }

    /** Every instance of every service may fill its pool: together they must fit in max_connections. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void connectionPoolsFitWithinPostgresMaxConnections(Manifests m) {
        Map<String, Object> parameters = Manifests.mapAt(postgresCluster(m), "spec", "postgresql", "parameters");
        int max = Integer.parseInt(String.valueOf(parameters.getOrDefault("max_connections", "100")));
        int reserved = Integer.parseInt(String.valueOf(parameters.getOrDefault("superuser_reserved_connections", "3")));
        int total = 0;
        StringBuilder sum = new StringBuilder();
        for (String service : Repo.SERVICES) {
            Deployment d = m.deployment(service);
            int maxReplicas = m.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> service.equals(h.getSpec().getScaleTargetRef().getName()))
                    .map(h -> h.getSpec().getMaxReplicas()).findFirst().orElse(d.getSpec().getReplicas());
            IntOrString surge = d.getSpec().getStrategy().getRollingUpdate().getMaxSurge();
            int surging = surge.getIntVal() != null ? surge.getIntVal()
                    : (int) Math.ceil(maxReplicas * Integer.parseInt(surge.getStrVal().replace("%", "")) / 100.0);
            String configured = m.environment(Manifests.container(d)).get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE");
            int pool = configured != null ? Integer.parseInt(configured) : Repo.defaultPoolSize(service);
            total += (maxReplicas + surging) * pool;
            sum.append(String.format(" %s (%d + %d) x %d;", service, maxReplicas, surging, pool));
        }
        assertTrue(total + reserved <= max, m + ": up to " + total + " connections + " + reserved + " reserved, max_connections "
                + max + ":" + sum);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Overlays
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void overlaysUseNamespacesOfTheirOwn() {
        Set<String> seen = new HashSet<>();
        for (Manifests m : builds()) {
            if (m.name.equals("base")) {
                continue;
            }
            String ns = m.namespace();
            assertNotNull(ns, m + ": no namespace");
            assertTrue(seen.add(ns), m + ": the namespace " + ns + " of another overlay");
            List<String> elsewhere = m.objects.stream().filter(o -> !(o instanceof Namespace))
                    .filter(o -> !ns.equals(o.getMetadata().getNamespace()))
                    .map(o -> o.getKind() + " " + o.getMetadata().getName()).toList();
            assertEquals(List.of(), elsewhere, m + ": objects outside " + ns);
            assertTrue(m.named(Namespace.class, ns).isPresent(), m + ": does not create its Namespace " + ns);
        }
    }

    @Test
    void productionRunsMoreAndLargerInstancesThanTheBase() {
        Manifests base = build("base");
        Manifests production = build("overlays/production");
        List<String> problems = new ArrayList<>();
        for (String service : Repo.SERVICES) {
            HorizontalPodAutoscaler b = base.named(HorizontalPodAutoscaler.class, service).orElseThrow();
            HorizontalPodAutoscaler p = production.named(HorizontalPodAutoscaler.class, service).orElseThrow();
            if (p.getSpec().getMinReplicas() < b.getSpec().getMinReplicas() || p.getSpec().getMaxReplicas() <= b.getSpec().getMaxReplicas()) {
                problems.add(service + ": production scales " + p.getSpec().getMinReplicas() + ".." + p.getSpec().getMaxReplicas()
                        + ", the base " + b.getSpec().getMinReplicas() + ".." + b.getSpec().getMaxReplicas());
            }
            for (String resource : List.of("cpu", "memory")) {
                Quantity bl = Manifests.container(base.deployment(service)).getResources().getLimits().get(resource);
                Quantity pl = Manifests.container(production.deployment(service)).getResources().getLimits().get(resource);
                if (Quantity.getAmountInBytes(pl).compareTo(Quantity.getAmountInBytes(bl)) <= 0) {
                    problems.add(service + ": production's " + resource + " limit " + pl + " is not above the base's " + bl);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    static Integer containerPort(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    static GenericKubernetesResource postgresCluster(Manifests m) {
        List<GenericKubernetesResource> clusters = m.custom("postgresql.cnpg.io/v1", "Cluster");
        assertEquals(1, clusters.size(), m + ": expected one CloudNativePG Cluster");
        return clusters.get(0);
    }

    static GenericKubernetesResource kafka(Manifests m) {
        List<GenericKubernetesResource> clusters = m.custom("kafka.strimzi.io/v1beta2", "Kafka");
        assertEquals(1, clusters.size(), m + ": expected one Strimzi Kafka");
        return clusters.get(0);
    }

    /** The port of the listener the services use: plain (no TLS), internal. */
    static int plainListenerPort(GenericKubernetesResource kafka) {
        return Manifests.listAt(kafka, "spec", "kafka", "listeners").stream().map(l -> (Map<?, ?>) l)
                .filter(l -> Boolean.FALSE.equals(l.get("tls")) && "internal".equals(l.get("type")))
                .map(l -> ((Number) l.get("port")).intValue()).findFirst()
                .orElseThrow(() -> new AssertionError("no plain internal listener in Kafka " + kafka.getMetadata().getName()));
    }

    static String label(HasMetadata o, String key) {
        return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
    }

    static List<?> volumes(GenericKubernetesResource pool) {
        return "jbod".equals(Manifests.at(pool, "spec", "storage", "type"))
                ? Manifests.listAt(pool, "spec", "storage", "volumes") : List.of(Manifests.mapAt(pool, "spec", "storage"));
    }

    /** A PostgreSQL instance of the cluster, with the labels CloudNativePG gives it. */
    static Target postgresPod(Manifests m) {
        return new Target("PostgreSQL", Map.of("cnpg.io/cluster", postgresCluster(m).getMetadata().getName(),
                "cnpg.io/podRole", "instance"), null);
    }

    /** A broker of the Kafka cluster, with the labels Strimzi gives it. */
    static Target brokerPod(Manifests m) {
        return new Target("a Kafka broker", Map.of("strimzi.io/cluster", kafka(m).getMetadata().getName(),
                "strimzi.io/kind", "Kafka", "strimzi.io/broker-role", "true", "strimzi.io/pool-name", "brokers"), null);
    }

    /** Callers that must be refused: another pod of the namespace, the ingress controller, Prometheus, elsewhere. */
    static List<Peer> strangers() {
        return List.of(Peer.pod("another pod of the namespace", Map.of("app.kubernetes.io/name", "debug-shell")),
                Peer.pod("an unlabelled pod of the namespace", Map.of()),
                Peer.inNamespace("default", Map.of("app.kubernetes.io/name", "registration-service")));
    }

    private static void expect(List<String> problems, List<NetworkPolicy> policies, Target target, int port, Peer peer, boolean allowed) {
        if (NetworkPolicies.allows(policies, target, port, peer) != allowed) {
            problems.add(peer + (allowed ? " may not reach " : " may reach ") + target + " on " + port);
        }
    }

    /** Each peer of every rule of a policy selecting {@code target} that lets it reach {@code port}, checked. */
    private static List<String> peersOnPort(List<NetworkPolicy> policies, Target target, int port,
                                            Predicate<NetworkPolicyPeer> acceptable) {
        List<String> problems = new ArrayList<>();
        List<NetworkPolicy> selecting = NetworkPolicies.selecting(policies, target);
        if (selecting.isEmpty()) {
            problems.add(target + ": no NetworkPolicy selects it, so every pod may reach it");
        }
        for (NetworkPolicy p : selecting) {
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                if (!NetworkPolicies.coversPort(rule, target, port)) {
                    continue;
                }
                if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                    problems.add(p.getMetadata().getName() + ": opens " + port + " of " + target + " to everybody");
                }
                for (NetworkPolicyPeer peer : rule.getFrom() == null ? List.<NetworkPolicyPeer>of() : rule.getFrom()) {
                    if (!acceptable.test(peer)) {
                        problems.add(p.getMetadata().getName() + ": lets " + peer + " reach " + target + " on " + port);
                    }
                }
            }
        }
        return problems;
    }

    /** A peer that selects pods of the four services only, in the same namespace. */
    static boolean isServicesSelector(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null || peer.getNamespaceSelector() != null || peer.getPodSelector() == null) {
            return false;
        }
        LabelSelector s = peer.getPodSelector();
        String name = s.getMatchLabels() == null ? null : s.getMatchLabels().get("app.kubernetes.io/name");
        if (name != null) {
            return Repo.SERVICES.contains(name);
        }
        for (LabelSelectorRequirement r : s.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of() : s.getMatchExpressions()) {
            if ("app.kubernetes.io/name".equals(r.getKey()) && "In".equals(r.getOperator()) && !r.getValues().isEmpty()
                    && Repo.SERVICES.containsAll(r.getValues())) {
                return true;
            }
        }
        return false;
    }

    /** A peer that selects exactly these labels' pods in the same namespace. */
    static boolean isPodSelector(NetworkPolicyPeer peer, Map<String, String> labels) {
        return peer.getIpBlock() == null && peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                && labels.equals(peer.getPodSelector().getMatchLabels())
                && (peer.getPodSelector().getMatchExpressions() == null || peer.getPodSelector().getMatchExpressions().isEmpty());
    }

    /** The CloudNativePG operator's pods in its namespace. */
    static boolean isOperator(NetworkPolicyPeer peer) {
        return peer.getIpBlock() == null && peer.getNamespaceSelector() != null && peer.getPodSelector() != null
                && Map.of("kubernetes.io/metadata.name", CNPG_OPERATOR_NAMESPACE).equals(peer.getNamespaceSelector().getMatchLabels())
                && CNPG_OPERATOR_POD.equals(peer.getPodSelector().getMatchLabels());
    }
}
