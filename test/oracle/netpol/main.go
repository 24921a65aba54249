// netpol-oracle answers NetworkPolicy questions with cyclonus's matcher
// (github.com/mattfenwick/cyclonus/pkg/matcher), an engine independent of svcmap's
// lib/graph/policy.ts. It reads one JSON case per line on stdin and prints one JSON
// answer per line: whether the connection is allowed, and per direction which policies
// isolate the pod and which rules admit the connection.
//
// cyclonus answers per target (policies with the same namespace and podSelector are
// merged); to name policies and rules it is asked again with one policy, and with one
// rule of that policy, at a time. policyTypes are defaulted first, as the apiserver does
// (cyclonus expects them set).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/mattfenwick/cyclonus/pkg/matcher"
	v1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

type peer struct {
	Namespace       string            `json:"namespace,omitempty"`
	Labels          map[string]string `json:"labels,omitempty"`
	NamespaceLabels map[string]string `json:"namespaceLabels,omitempty"`
	IP              string            `json:"ip"`
	Pod             bool              `json:"pod"`
}

type input struct {
	Policies    []*networkingv1.NetworkPolicy `json:"policies"`
	Source      peer                          `json:"source"`
	Destination peer                          `json:"destination"`
	Port        int                           `json:"port"`
	PortName    string                        `json:"portName"`
	Protocol    string                        `json:"protocol"`
}

type ruleRef struct {
	Policy string `json:"policy"`
	Rule   int    `json:"rule"`
}

type directionAnswer struct {
	Allowed    bool      `json:"allowed"`
	IsolatedBy []string  `json:"isolatedBy"`
	AllowedBy  []ruleRef `json:"allowedBy"`
}

type answer struct {
	Allowed bool            `json:"allowed"`
	Ingress directionAnswer `json:"ingress"`
	Egress  directionAnswer `json:"egress"`
	Error   string          `json:"error,omitempty"`
}

func trafficPeer(p peer) *matcher.TrafficPeer {
	if !p.Pod {
		return &matcher.TrafficPeer{IP: p.IP}
	}
	return &matcher.TrafficPeer{IP: p.IP, Internal: &matcher.InternalPeer{PodLabels: p.Labels, NamespaceLabels: p.NamespaceLabels, Namespace: p.Namespace}}
}

func defaultTypes(policy *networkingv1.NetworkPolicy) {
	if len(policy.Spec.PolicyTypes) > 0 {
		return
	}
	policy.Spec.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}
	if len(policy.Spec.Egress) > 0 {
		policy.Spec.PolicyTypes = append(policy.Spec.PolicyTypes, networkingv1.PolicyTypeEgress)
	}
}

func has(policy *networkingv1.NetworkPolicy, t networkingv1.PolicyType) bool {
	for _, each := range policy.Spec.PolicyTypes {
		if each == t {
			return true
		}
	}
	return false
}

func selects(result *matcher.DirectionResult) bool {
	return len(result.AllowingTargets)+len(result.DenyingTargets) > 0
}

func solve(in input) answer {
	traffic := &matcher.Traffic{
		Source:           trafficPeer(in.Source),
		Destination:      trafficPeer(in.Destination),
		ResolvedPort:     in.Port,
		ResolvedPortName: in.PortName,
		Protocol:         v1.Protocol(in.Protocol),
	}
	for _, policy := range in.Policies {
		defaultTypes(policy)
	}
	all := matcher.BuildNetworkPolicies(false, in.Policies).IsTrafficAllowed(traffic)
	out := answer{
		Allowed: all.IsAllowed(),
		Ingress: directionAnswer{Allowed: all.Ingress.IsAllowed(), IsolatedBy: []string{}, AllowedBy: []ruleRef{}},
		Egress:  directionAnswer{Allowed: all.Egress.IsAllowed(), IsolatedBy: []string{}, AllowedBy: []ruleRef{}},
	}
	for _, policy := range in.Policies {
		name := policy.Namespace + "/" + policy.Name
		alone := matcher.BuildNetworkPolicies(false, []*networkingv1.NetworkPolicy{policy}).IsTrafficAllowed(traffic)
		if selects(alone.Ingress) {
			out.Ingress.IsolatedBy = append(out.Ingress.IsolatedBy, name)
			for i, rule := range policy.Spec.Ingress {
				one := policy.DeepCopy()
				one.Spec.Ingress = []networkingv1.NetworkPolicyIngressRule{rule}
				if len(matcher.BuildNetworkPolicies(false, []*networkingv1.NetworkPolicy{one}).IsTrafficAllowed(traffic).Ingress.AllowingTargets) > 0 {
					out.Ingress.AllowedBy = append(out.Ingress.AllowedBy, ruleRef{name, i})
				}
			}
		}
		if selects(alone.Egress) && has(policy, networkingv1.PolicyTypeEgress) {
			out.Egress.IsolatedBy = append(out.Egress.IsolatedBy, name)
			for i, rule := range policy.Spec.Egress {
				one := policy.DeepCopy()
				one.Spec.Egress = []networkingv1.NetworkPolicyEgressRule{rule}
				if len(matcher.BuildNetworkPolicies(false, []*networkingv1.NetworkPolicy{one}).IsTrafficAllowed(traffic).Egress.AllowingTargets) > 0 {
					out.Egress.AllowedBy = append(out.Egress.AllowedBy, ruleRef{name, i})
				}
			}
		}
	}
	for _, d := range []*directionAnswer{&out.Ingress, &out.Egress} {
		sort.Strings(d.IsolatedBy)
		sort.Slice(d.AllowedBy, func(i, j int) bool {
			if d.AllowedBy[i].Policy != d.AllowedBy[j].Policy {
				return d.AllowedBy[i].Policy < d.AllowedBy[j].Policy
			}
			return d.AllowedBy[i].Rule < d.AllowedBy[j].Rule
		})
	}
	return out
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	encoder := json.NewEncoder(writer)
	for scanner.Scan() {
		var in input
		var out answer
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			out = answer{Error: err.Error()}
		} else {
			out = safeSolve(in)
		}
		if err := encoder.Encode(out); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := scanner.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// safeSolve turns cyclonus's panics on invalid policies into an answer with an error.
func safeSolve(in input) (out answer) {
	defer func() {
		if recovered := recover(); recovered != nil {
			out = answer{Error: fmt.Sprint(recovered)}
		}
	}()
	return solve(in)
}
