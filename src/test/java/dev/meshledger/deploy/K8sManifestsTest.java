package dev.meshledger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.hazelcast.config.Config;
import dev.meshledger.config.NodeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Offline checks of k8s/ (no cluster runs here): every manifest fits the Kubernetes model
 * strictly, and what the manifests say agrees with the node: its config keys, env names,
 * defaults, ports, health paths, and the Hazelcast config the pods use.
 */
class K8sManifestsTest {
  static final Path K8S = Path.of("k8s");
  /** Env the pod gets besides the node's own ENV_KEYS: downward API and the log level. */
  static final Set<String> EXTRA_ENV = Set.of("POD_NAME", "POD_NAMESPACE", "LOG_LEVEL");
  /** What the downward API would give meshledger-0 in namespace "test". */
  static final Map<String, String> DOWNWARD = Map.of("metadata.name", "meshledger-0", "metadata.namespace", "test");

  static final Map<String, HasMetadata> objects = new LinkedHashMap<>();
  static StatefulSet sts;
  static Container node;
  static NodeConfig config;
  static Map<String, String> env;

  @BeforeAll
  static void load() throws Exception {
    StrictManifests strict = new StrictManifests();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !isKustomization(p)).sorted().toList()) {
        for (HasMetadata o : strict.load(f)) {
          assertTrue(objects.put(o.getKind() + "/" + o.getMetadata().getName(), o) == null, "duplicate " + o);
        }
      }
    }
    sts = (StatefulSet) get("StatefulSet/meshledger");
    List<Container> containers = pod().getContainers();
    assertEquals(1, containers.size());
    node = containers.get(0);
    env = environment(node);
    ConfigMap files = configMapMounted(confFileArg());
    String json = files.getData().get(Path.of(confFileArg()).getFileName().toString());
    assertNotNull(json, "the ConfigMap holds the file named by -conf");
    // the node reads the JSON and the env exactly as it would in the pod, so a bad key fails here
    config = NodeConfig.from(new JsonObject(json), new JsonObject(new LinkedHashMap<>(env)));
  }

  @Test
  void kustomizationListsEveryManifest() throws Exception {
    JsonNode k = new ObjectMapper(new YAMLFactory()).readTree(K8S.resolve("kustomization.yaml").toFile());
    assertEquals("Kustomization", k.path("kind").asText());
    Set<String> listed = new TreeSet<>();
    k.path("resources").forEach(r -> listed.add(r.asText()));
    Set<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.list(K8S)) {
      files.filter(p -> p.toString().endsWith(".yaml") && !isKustomization(p))
          .forEach(p -> present.add(p.getFileName().toString()));
    }
    assertEquals(present, listed);
  }

  @Test
  void envNamesAreTheNodesOwn() {
    Set<String> allowed = new HashSet<>(NodeConfig.ENV_KEYS.keySet());
    allowed.addAll(EXTRA_ENV);
    Set<String> unknown = new TreeSet<>(env.keySet());
    unknown.removeAll(allowed);
    assertEquals(Set.of(), unknown, "env names the node does not read");
  }

  @Test
  void containerPortsAreTheNodesPorts() throws Exception {
    assertEquals(config.p2pPort(), port("p2p"));
    assertEquals(config.httpPort(), port("http"));
    assertEquals(hazelcast().getNetworkConfig().getPort(), port("hazelcast"));
    assertEquals("0.0.0.0", config.p2pHost());
    assertEquals("0.0.0.0", config.httpHost());
    // the ConfigMap keeps the node's defaults; a change must change the manifests with it
    assertEquals(NodeConfig.defaults().p2pPort(), config.p2pPort());
    assertEquals(NodeConfig.defaults().httpPort(), config.httpPort());
  }

  @Test
  void probesHitTheHealthEndpointsOnTheHttpPort() {
    assertProbe(node.getLivenessProbe(), "/health/live");
    assertProbe(node.getReadinessProbe(), "/health/ready");
    if (node.getStartupProbe() != null) {
      assertProbe(node.getStartupProbe(), "/health/live");
    }
  }

  @Test
  void eachPodHasItsOwnVolumeForTheDataDir() {
    assertEquals(1, sts.getSpec().getVolumeClaimTemplates().size());
    String claim = sts.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
    VolumeMount data = node.getVolumeMounts().stream().filter(m -> m.getName().equals(claim)).findFirst()
        .orElseThrow(() -> new AssertionError("no mount of the claim " + claim));
    assertEquals(Path.of(data.getMountPath()), config.dataDir());
    assertEquals("meshledger-0", config.name());
  }

  @Test
  void runsAsNonRootWithLimits() {
    var pod = pod().getSecurityContext();
    assertEquals(Boolean.TRUE, pod.getRunAsNonRoot());
    assertTrue(pod.getRunAsUser() != null && pod.getRunAsUser() > 0);
    assertNotNull(pod.getFsGroup());
    var c = node.getSecurityContext();
    assertEquals(Boolean.FALSE, c.getAllowPrivilegeEscalation());
    if (Boolean.TRUE.equals(c.getReadOnlyRootFilesystem())) {
      // the JVM, RocksDB's native library and Vert.x's file cache need a writable /tmp
      assertTrue(node.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")));
    }
    for (String r : List.of("cpu", "memory")) {
      assertNotNull(node.getResources().getRequests().get(r), "request " + r);
      assertNotNull(node.getResources().getLimits().get(r), "limit " + r);
    }
  }

  @Test
  void clusteredWithTheKubernetesHazelcastConfig() throws Exception {
    assertTrue(node.getArgs().contains("-cluster"));
    Path clusterConfig = config.clusterConfig();
    assertEquals(Path.of("conf/cluster-k8s.xml"), clusterConfig, "relative to the image's WORKDIR /app");
    assertTrue(Dockerfile.read().copies(clusterConfig.toString(), "/app/conf/"), "the image holds " + clusterConfig);
    var kubernetes = hazelcast().getNetworkConfig().getJoin().getKubernetesConfig();
    assertTrue(kubernetes.isEnabled());
    assertEquals(headless().getMetadata().getName() + ".test.svc.cluster.local",
        kubernetes.getProperty("service-dns"), "Hazelcast looks up the headless service's pods");
    assertTrue(hazelcast().getNetworkConfig().getJoin().isAutoDetectionEnabled() == false);
    assertTrue(!hazelcast().getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
  }

  @Test
  void advertisedHostIsThePodsStableDnsName() {
    assertEquals(sts.getSpec().getServiceName(), headless().getMetadata().getName());
    assertEquals("meshledger-0." + sts.getSpec().getServiceName() + ".test.svc.cluster.local",
        config.advertisedHost());
  }

  @Test
  void servicesSelectTheStatefulSetsPods() {
    Map<String, String> podLabels = sts.getSpec().getTemplate().getMetadata().getLabels();
    assertTrue(podLabels.entrySet().containsAll(sts.getSpec().getSelector().getMatchLabels().entrySet()));
    Service headless = headless();
    assertEquals(Boolean.TRUE, headless.getSpec().getPublishNotReadyAddresses());
    Set<String> containerPorts = new HashSet<>();
    node.getPorts().forEach(p -> containerPorts.add(p.getName()));
    int services = 0;
    for (HasMetadata o : objects.values()) {
      if (o instanceof Service s) {
        services++;
        assertTrue(podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()), s.getMetadata().getName());
        for (ServicePort p : s.getSpec().getPorts()) {
          IntOrString target = p.getTargetPort();
          assertTrue(target.getStrVal() != null ? containerPorts.contains(target.getStrVal())
              : node.getPorts().stream().anyMatch(c -> c.getContainerPort().equals(target.getIntVal())), p.toString());
        }
      }
    }
    assertEquals(2, services);
    Set<String> headlessPorts = new HashSet<>();
    headless.getSpec().getPorts().forEach(p -> headlessPorts.add(p.getName()));
    assertEquals(Set.of("p2p", "hazelcast"), headlessPorts);
  }

  // --- helpers ---

  private static boolean isKustomization(Path p) {
    return p.getFileName().toString().equals("kustomization.yaml");
  }

  private static HasMetadata get(String kindAndName) {
    HasMetadata o = objects.get(kindAndName);
    if (o == null) {
      fail("no " + kindAndName + " in k8s/ (have " + objects.keySet() + ")");
    }
    return o;
  }

  private static PodSpec pod() {
    return sts.getSpec().getTemplate().getSpec();
  }

  private static Service headless() {
    return objects.values().stream().filter(o -> o instanceof Service s && "None".equals(s.getSpec().getClusterIP()))
        .map(Service.class::cast).findFirst().orElseThrow(() -> new AssertionError("no headless Service"));
  }

  private static String confFileArg() {
    List<String> args = node.getArgs();
    int i = args.indexOf("-conf");
    assertTrue(i >= 0 && i + 1 < args.size(), "args pass -conf FILE: " + args);
    return args.get(i + 1);
  }

  /** The ConfigMap whose volume is mounted where {@code file} lives. */
  private static ConfigMap configMapMounted(String file) {
    for (VolumeMount m : node.getVolumeMounts()) {
      if (Path.of(file).getParent().equals(Path.of(m.getMountPath()))) {
        var volume = pod().getVolumes().stream().filter(v -> v.getName().equals(m.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getConfigMap(), m.getName() + " is a ConfigMap volume");
        return (ConfigMap) get("ConfigMap/" + volume.getConfigMap().getName());
      }
    }
    throw new AssertionError("nothing mounted at " + Path.of(file).getParent());
  }

  /** The container's environment as the kubelet builds it: envFrom, then env with $(VAR) expanded. */
  private static Map<String, String> environment(Container c) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvFromSource from : c.getEnvFrom()) {
      assertNotNull(from.getConfigMapRef(), "envFrom a ConfigMap");
      out.putAll(((ConfigMap) get("ConfigMap/" + from.getConfigMapRef().getName())).getData());
    }
    for (EnvVar e : c.getEnv()) {
      String value;
      if (e.getValueFrom() != null) {
        assertNotNull(e.getValueFrom().getFieldRef(), e.getName() + ": only the downward API is used");
        value = DOWNWARD.get(e.getValueFrom().getFieldRef().getFieldPath());
        assertNotNull(value, e.getName() + ": unexpected field " + e.getValueFrom().getFieldRef().getFieldPath());
      } else {
        value = e.getValue();
        for (Map.Entry<String, String> defined : out.entrySet()) {
          value = value.replace("$(" + defined.getKey() + ")", defined.getValue());
        }
        assertTrue(!value.contains("$("), e.getName() + " refers to a variable not defined before it: " + value);
      }
      out.put(e.getName(), value);
    }
    return out;
  }

  private static int port(String name) {
    List<ContainerPort> ports = new ArrayList<>(node.getPorts());
    return ports.stream().filter(p -> name.equals(p.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no container port " + name)).getContainerPort();
  }

  private static void assertProbe(Probe probe, String path) {
    assertNotNull(probe, "a probe on " + path);
    assertEquals(path, probe.getHttpGet().getPath());
    IntOrString port = probe.getHttpGet().getPort();
    int resolved = port.getStrVal() != null ? port(port.getStrVal()) : port.getIntVal();
    assertEquals(config.httpPort(), resolved, path + " on the HTTP port");
  }

  /** conf/cluster-k8s.xml as Hazelcast reads it in namespace "test". */
  private static Config hazelcast() throws Exception {
    Properties vars = new Properties();
    vars.put("POD_NAMESPACE", "test");
    return Config.loadFromFile(new File(config.clusterConfig().toString()), vars);
  }
}
