package org.sscard.deploy;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.util.List;
import java.util.Map;

/**
 * Kubernetes' rules for ingress NetworkPolicies, enough to ask whether a connection is allowed: a pod that some
 * policy selects takes only what one of those policies' rules allows (a rule: its peers, none meaning everybody,
 * and its ports, none meaning all); a pod no policy selects takes everything.
 */
final class NetworkPolicies {
    /** Who connects: a pod with labels, in the policies' own namespace or in another one (with its labels). */
    record Peer(String description, boolean sameNamespace, Map<String, String> namespaceLabels, Map<String, String> podLabels) {
        static Peer pod(String description, Map<String, String> podLabels) {
            return new Peer(description, true, Map.of(), podLabels);
        }

        static Peer inNamespace(String namespace, Map<String, String> podLabels) {
            return new Peer("a pod in namespace " + namespace, false, Map.of("kubernetes.io/metadata.name", namespace), podLabels);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** The pod connected to: its labels, and its spec (for ports given by name). */
    record Target(String description, Map<String, String> labels, PodSpec spec) {
        @Override
        public String toString() {
            return description;
        }
    }

    private NetworkPolicies() {
    }

    static List<NetworkPolicy> selecting(List<NetworkPolicy> policies, Target target) {
        return policies.stream().filter(p -> isIngress(p) && Manifests.matches(p.getSpec().getPodSelector(), target.labels()))
                .toList();
    }

    static boolean isIngress(NetworkPolicy p) {
        List<String> types = p.getSpec().getPolicyTypes();
        return types == null || types.isEmpty() ? true : types.contains("Ingress");
    }

    static boolean allows(List<NetworkPolicy> policies, Target target, int port, Peer peer) {
        List<NetworkPolicy> selecting = selecting(policies, target);
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy p : selecting) {
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                if (coversPort(rule, target, port) && admits(rule, peer)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean coversPort(NetworkPolicyIngressRule rule, Target target, int port) {
        if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : rule.getPorts()) {
            if (p.getProtocol() != null && !"TCP".equals(p.getProtocol())) {
                continue;
            }
            if (p.getPort() == null) {
                return true;
            }
            Integer number = number(p.getPort(), target.spec());
            int end = p.getEndPort() != null ? p.getEndPort() : number == null ? -1 : number;
            if (number != null && port >= number && port <= end) {
                return true;
            }
        }
        return false;
    }

    /** A port as a policy gives it: a number, or the name of a container port of the target pod. */
    static Integer number(IntOrString port, PodSpec spec) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        if (spec == null) {
            return null;
        }
        return spec.getContainers().stream().flatMap(c -> c.getPorts().stream())
                .filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    static boolean admits(NetworkPolicyIngressRule rule, Peer peer) {
        if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
            return true;
        }
        return rule.getFrom().stream().anyMatch(from -> admits(from, peer));
    }

    static boolean admits(NetworkPolicyPeer from, Peer peer) {
        if (from.getIpBlock() != null) {
            return false; // addresses are not modelled: the invariants forbid ipBlock where it matters
        }
        if (from.getNamespaceSelector() == null) {
            return peer.sameNamespace() && Manifests.matches(from.getPodSelector(), peer.podLabels());
        }
        boolean namespace = peer.sameNamespace() ? Manifests.isEmpty(from.getNamespaceSelector())
                : Manifests.matches(from.getNamespaceSelector(), peer.namespaceLabels());
        return namespace && Manifests.matches(from.getPodSelector(), peer.podLabels());
    }
}
