package dev.meshledger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.hazelcast.config.Config;
import dev.meshledger.config.ChainSpec;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.crypto.NodeKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
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
import org.junit.jupiter.api.io.TempDir;

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
  /** The chain spec as the pod reads it: the ConfigMap file that chain.spec (or CHAIN_SPEC) names. */
  static String specJson;
  @TempDir
  static Path tmp;

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
    // the spec path is the pod's; here the node reads the same text from a copy
    String specPath = env.getOrDefault("CHAIN_SPEC",
        new JsonObject(json).getJsonObject("chain", new JsonObject()).getString("spec"));
    assertNotNull(specPath, "the pods run a chain spec (chain.spec or CHAIN_SPEC)");
    ConfigMap specFiles = configMapMounted(specPath);
    specJson = specFiles.getData().get(Path.of(specPath).getFileName().toString());
    assertNotNull(specJson, "the ConfigMap mounted at " + Path.of(specPath).getParent() + " holds " + specPath);
    Path specCopy = Files.writeString(tmp.resolve("chain.json"), specJson);
    Map<String, String> podEnv = new LinkedHashMap<>(env);
    podEnv.put("CHAIN_SPEC", specCopy.toString());
    // the node reads the JSON and the env exactly as it would in the pod, so a bad key fails here
    config = NodeConfig.from(new JsonObject(json), new JsonObject(new LinkedHashMap<>(podEnv)));
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

  @Test
  void theSpecIsABftChainOfTheSecretsValidatorKeys() throws Exception {
    ChainSpec spec = ChainSpec.parse(specJson);
    assertTrue(spec.consensus() instanceof ChainSpec.Bft bft && bft.powerFrom() == ChainSpec.PowerFrom.SPEC,
        "proof of authority: " + spec.consensus());
    assertTrue(config.chainParams().isBft());
    assertEquals(spec.chainId(), config.chainId());
    Map<String, String> keys = secretFiles(validatorKeys());
    int replicas = sts.getSpec().getReplicas();
    assertEquals(4, replicas);
    // pod meshledger-N signs with node-N.key: the spec's validators, in order, are those keys' ids
    List<String> names = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      names.add("node-" + i + ".key");
      ids.add(nodeId(keys.get("node-" + i + ".key"), "node-" + i));
    }
    assertEquals(new TreeSet<>(names), new TreeSet<>(keys.keySet()), "one key per replica, named by ordinal");
    assertEquals(ids, spec.validators().stream().map(ChainSpec.Validator::id).toList());
    assertEquals(4, new HashSet<>(ids).size());
    assertTrue(validatorKeys().getMetadata().getAnnotations().getOrDefault("meshledger/development-keys", "")
        .contains("replace"), "the shipped keys say they are development keys");
  }

  @Test
  void eachPodInstallsItsValidatorKeyFromTheSecret() throws Exception {
    List<Container> init = pod().getInitContainers();
    assertEquals(1, init.size());
    Container copy = init.get(0);
    Map<String, String> copyEnv = new LinkedHashMap<>();
    for (EnvVar e : copy.getEnv()) {
      copyEnv.put(e.getName(), e.getValueFrom() != null ? e.getValueFrom().getFieldRef().getFieldPath() : e.getValue());
    }
    assertEquals("metadata.name", copyEnv.get("POD_NAME"));
    // KEYS_DIR is the Secret's volume, DATA_DIR the pod's own data volume, where the node reads node.key
    VolumeMount keysMount = mountAt(copy, copyEnv.get("KEYS_DIR"));
    Volume keysVolume = pod().getVolumes().stream().filter(v -> v.getName().equals(keysMount.getName())).findFirst()
        .orElseThrow();
    assertNotNull(keysVolume.getSecret(), "KEYS_DIR is a Secret volume");
    assertEquals(validatorKeys().getMetadata().getName(), keysVolume.getSecret().getSecretName());
    assertEquals(Boolean.TRUE, keysMount.getReadOnly());
    assertTrue(node.getVolumeMounts().stream().noneMatch(m -> m.getName().equals(keysMount.getName())),
        "the node itself never sees the other validators' keys");
    VolumeMount dataMount = mountAt(copy, copyEnv.get("DATA_DIR"));
    assertEquals(sts.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName(), dataMount.getName());
    assertEquals(Path.of(dataMount.getMountPath()), config.dataDir());

    // run the init container's script here, on copies of the Secret's files
    Path keysDir = Files.createDirectories(tmp.resolve("validator-keys"));
    Map<String, String> keys = secretFiles(validatorKeys());
    for (Map.Entry<String, String> k : keys.entrySet()) {
      Files.writeString(keysDir.resolve(k.getKey()), k.getValue());
    }
    List<String> ids = ChainSpec.parse(specJson).validators().stream().map(ChainSpec.Validator::id).toList();
    for (int i = 0; i < ids.size(); i++) {
      Path data = Files.createDirectories(tmp.resolve("data-" + i));
      Files.writeString(data.resolve("node.key"), "stale");
      runScript(copy, "meshledger-" + i, keysDir, data);
      assertEquals(ids.get(i), NodeKey.loadOrCreate(data.resolve("node.key")).id(), "meshledger-" + i + "'s key");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("node.key"))));
    }
    // a fifth pod is no validator: no key is put in place, the node will make its own
    Path follower = Files.createDirectories(tmp.resolve("data-4"));
    runScript(copy, "meshledger-4", keysDir, follower);
    assertTrue(Files.notExists(follower.resolve("node.key")));
  }

  // --- helpers ---

  private static Secret validatorKeys() {
    return (Secret) get("Secret/meshledger-validator-keys");
  }

  /** A Secret's files, from stringData or (base64) data. */
  private static Map<String, String> secretFiles(Secret s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s.getData() != null) {
      s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.US_ASCII)));
    }
    if (s.getStringData() != null) {
      out.putAll(s.getStringData());
    }
    return out;
  }

  /** The node id of a PEM key, read the node's own way (NodeKey reads an existing file). */
  private static String nodeId(String pem, String name) throws Exception {
    assertNotNull(pem, "the Secret holds " + name + ".key");
    Path file = tmp.resolve(name + ".pem");
    Files.writeString(file, pem);
    return NodeKey.loadOrCreate(file).id();
  }

  private static VolumeMount mountAt(Container c, String path) {
    assertNotNull(path, c.getName() + ": a mount path in its env");
    return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at " + path));
  }

  private static void runScript(Container c, String podName, Path keysDir, Path dataDir) throws Exception {
    List<String> command = new ArrayList<>(c.getCommand());
    command.addAll(c.getArgs());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("POD_NAME", podName);
    pb.environment().put("KEYS_DIR", keysDir.toString());
    pb.environment().put("DATA_DIR", dataDir.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), podName + ": " + out);
  }


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
