package dev.headroom.providers.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode with what it does not do itself, scripted by the test:
 * it enforces PodDisruptionBudgets on evictions (429, as the real API server does), deletes an
 * evicted pod and lets a "controller" recreate it on another node, Ready after a number of the
 * provider's polls; and it answers scripted status codes (409) to chosen requests. Every request
 * is recorded, so a test can show that no pod was ever deleted directly.
 */
final class ScriptedCluster extends Dispatcher implements AutoCloseable {
    private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/eviction");
    private static final Pattern POD_LIST = Pattern.compile("/api/v1/namespaces/([^/]+)/pods");

    // the mock server logs every request at INFO; kept referenced so the level holds
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    private final KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
    private final KubernetesMockServer server;
    final NamespacedKubernetesClient client;

    private final List<String> requests = new ArrayList<>();
    private String lastAuthorization;
    private final Map<String, Deque<Integer>> scripted = new HashMap<>();
    private final Map<String, String> canned = new HashMap<>();
    private final Map<String, Integer> evictionAttempts = new LinkedHashMap<>();
    private final List<String> evicted = new ArrayList<>();
    private final List<String> evictionApiVersions = new ArrayList<>();
    private final Map<String, Integer> readyCountdown = new LinkedHashMap<>();
    /** Called before each eviction is judged, with the pod (ns/name) and the attempt number (from 1). */
    private BiConsumer<String, Integer> beforeEviction = (pod, attempt) -> { };
    /** How many pod-list polls a recreated pod takes to become Ready; negative: never. */
    private int readyAfterPolls = 1;
    private final Map<String, Integer> pollsFor = new HashMap<>();
    private boolean recreate = true;

    ScriptedCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, this, false);
        server.init();
        client = newClient();
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        requests.add(request.getMethod() + " " + path);
        lastAuthorization = request.getHeader("Authorization");
        Deque<Integer> codes = scripted.get(request.getMethod() + " " + bare);
        if (codes != null && !codes.isEmpty()) {
            int code = codes.poll();
            return status(code, code == 409 ? "Conflict" : "Scripted", "Operation cannot be fulfilled: the object "
                    + "has been modified; please apply your changes to the latest version and try again (scripted)");
        }
        String canned200 = canned.get(request.getMethod() + " " + bare);
        if (canned200 != null) {
            return new MockResponse().setResponseCode(200).setBody(canned200);
        }
        Matcher m = EVICTION.matcher(bare);
        if (request.method() == HttpMethod.POST && m.matches()) {
            String body = request.getUtf8Body();
            Map<?, ?> eviction = body == null || body.isEmpty() ? Map.of() : Serialization.unmarshal(body, Map.class);
            evictionApiVersions.add(String.valueOf(eviction.get("apiVersion")));
            return evict(m.group(1), m.group(2));
        }
        Matcher list = POD_LIST.matcher(bare);
        if (request.method() == HttpMethod.GET && (list.matches() || bare.equals("/api/v1/pods"))) {
            tick();
        }
        return crud.dispatch(request);
    }

    // --- scripting ---

    synchronized void script(String methodAndPath, Integer... codes) {
        scripted.computeIfAbsent(methodAndPath, k -> new ArrayDeque<>()).addAll(List.of(codes));
    }

    /** Answers every {@code methodAndPath} request with 200 and {@code body} (APIs the mock does not serve). */
    synchronized void serve(String methodAndPath, Object body) {
        canned.put(methodAndPath, Serialization.asJson(body));
    }

    synchronized void beforeEviction(BiConsumer<String, Integer> hook) {
        this.beforeEviction = hook;
    }

    synchronized void readyAfterPolls(int polls) {
        this.readyAfterPolls = polls;
    }

    /** How many polls the pod recreated for {@code pod} (ns/name) takes to become Ready, for that pod only. */
    synchronized void readyAfterPolls(String pod, int polls) {
        pollsFor.put(pod, polls);
    }

    synchronized void recreateEvicted(boolean recreate) {
        this.recreate = recreate;
    }

    /** The Authorization header of the last request (null when none). */
    synchronized String lastAuthorization() {
        return lastAuthorization;
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized List<String> evicted() {
        return List.copyOf(evicted);
    }

    /** The apiVersion of every Eviction posted. */
    synchronized List<String> evictionApiVersions() {
        return List.copyOf(evictionApiVersions);
    }

    synchronized int evictionAttempts(String pod) {
        return evictionAttempts.getOrDefault(pod, 0);
    }

    /** Makes a pod Ready (as its kubelet would), from inside a hook or the test. */
    synchronized void makeReady(String namespace, String name) {
        Pod p = get("/api/v1/namespaces/" + namespace + "/pods/" + name, Pod.class);
        setReady(p, true);
        put("/api/v1/namespaces/" + namespace + "/pods/" + name, p);
    }

    /** Creates a pod, from inside a hook (the test's client would call back into this server). */
    synchronized void createPod(Pod pod) {
        post("/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods", pod);
    }

    /** Another client of the same server: what a second process would connect with. */
    NamespacedKubernetesClient newClient() {
        // as KubernetesProvider.open configures it: fabric8 would otherwise retry 429s itself, under the provider's backoff
        return server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    // --- what the real API server and controllers would do ---

    private MockResponse evict(String ns, String name) {
        String key = ns + "/" + name;
        int attempt = evictionAttempts.merge(key, 1, Integer::sum);
        beforeEviction.accept(key, attempt);
        Pod pod = get("/api/v1/namespaces/" + ns + "/pods/" + name, Pod.class);
        if (pod == null) {
            return status(404, "NotFound", "pods \"" + name + "\" not found");
        }
        PodDisruptionBudgetList budgets = get("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets",
                PodDisruptionBudgetList.class);
        PodList pods = get("/api/v1/namespaces/" + ns + "/pods", PodList.class);
        for (PodDisruptionBudget b : budgets == null ? List.<PodDisruptionBudget>of() : budgets.getItems()) {
            if (!KubernetesRolloutProvider.selects(b.getSpec().getSelector(), pod)) {
                continue;
            }
            List<Pod> covered = pods.getItems().stream()
                    .filter(p -> KubernetesRolloutProvider.selects(b.getSpec().getSelector(), p)).toList();
            long healthy = covered.stream().filter(Kube::ready).count();
            long after = Kube.ready(pod) ? healthy - 1 : healthy;
            boolean allowed;
            IntOrString min = b.getSpec().getMinAvailable();
            IntOrString max = b.getSpec().getMaxUnavailable();
            if (min != null) {
                allowed = after >= min.getIntVal();
            } else {
                allowed = covered.size() - after <= max.getIntVal();
            }
            if (!allowed) {
                return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption "
                        + "budget.");
            }
        }
        delete("/api/v1/namespaces/" + ns + "/pods/" + name);
        evicted.add(key);
        if (recreate && Kube.controller(pod).isPresent() && !Kube.daemon(pod)) {
            String target = otherNode(Kube.nodeOf(pod));
            Pod copy = new PodBuilder(pod).withMetadata(new ObjectMetaBuilder().withName(name + "-r")
                    .withNamespace(ns).withLabels(pod.getMetadata().getLabels())
                    .withOwnerReferences(pod.getMetadata().getOwnerReferences()).build()).build();
            copy.getSpec().setNodeName(target);
            int polls = pollsFor.getOrDefault(key, readyAfterPolls);
            setReady(copy, polls == 0);
            post("/api/v1/namespaces/" + ns + "/pods", copy);
            if (polls != 0) {
                readyCountdown.put(ns + "/" + name + "-r", polls);
            }
        }
        return new MockResponse().setResponseCode(201).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"status\":\"Success\"}");
    }

    /** A poll of pods: recreated pods come closer to Ready. */
    private void tick() {
        for (Map.Entry<String, Integer> e : new ArrayList<>(readyCountdown.entrySet())) {
            if (e.getValue() < 0) {
                continue;
            }
            int left = e.getValue() - 1;
            if (left <= 0) {
                readyCountdown.remove(e.getKey());
                String[] p = e.getKey().split("/");
                makeReady(p[0], p[1]);
            } else {
                readyCountdown.put(e.getKey(), left);
            }
        }
    }

    private String otherNode(String from) {
        NodeList nodes = get("/api/v1/nodes", NodeList.class);
        return nodes.getItems().stream().filter(n -> !n.getMetadata().getName().equals(from))
                .filter(n -> !Kube.cordoned(n) && Kube.ready(n)).map(n -> n.getMetadata().getName())
                .min(Comparator.naturalOrder()).orElseThrow(() -> new IllegalStateException("no node to reschedule to"));
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(name);
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    static void setReady(Pod p, boolean ready) {
        if (p.getStatus() == null) {
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        }
        PodCondition c = new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build();
        p.getStatus().setConditions(new ArrayList<>(List.of(c)));
        p.getStatus().setPhase("Running");
    }

    private <T> T get(String path, Class<T> type) {
        MockResponse r = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, new Headers.Builder().build(),
                new Buffer()));
        if (r.code() != 200) {
            return null;
        }
        return Serialization.unmarshal(r.getBody().readUtf8(), type);
    }

    private void put(String path, Object body) {
        send(HttpMethod.PUT, path, body);
    }

    private void post(String path, Object body) {
        send(HttpMethod.POST, path, body);
    }

    private void delete(String path) {
        send(HttpMethod.DELETE, path, null);
    }

    private void send(HttpMethod method, String path, Object body) {
        Buffer buffer = new Buffer();
        if (body != null) {
            buffer.writeUtf8(Serialization.asJson(body));
        }
        MockResponse r = crud.dispatch(new RecordedRequest("HTTP/1.1", method, path,
                new Headers.Builder().add("Content-Type", "application/json").build(), buffer));
        if (r.code() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + r.code() + ": " + r.getBody().readUtf8());
        }
    }

    private static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"status\":\"Failure\",\"reason\":\"" + reason + "\",\"code\":" + code + ",\"message\":\""
                + message.replace("\"", "\\\"") + "\"}");
    }
}
