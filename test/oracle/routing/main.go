// routing-oracle answers "which endpoints does a client on this node reach?" with
// kube-proxy's own code (k8s.io/kubernetes/pkg/proxy at the version the test cluster
// runs): its ServiceChangeTracker and EndpointsChangeTracker turn Services and
// EndpointSlices into service ports and endpoints, per IP family and per node, and
// CategorizeEndpoints picks the cluster, local and all reachable endpoints. svcmap's
// lib/graph/routing.ts must give the same answers (test/oracle/routing.test.ts).
//
// Input, one JSON case per line: {"services": [v1.Service], "slices": [discovery/v1
// EndpointSlice], "nodes": [{"name", "labels"}]}. Output, one JSON line per case: for
// every proxied service port, family and node, the endpoints ("ip:port", sorted).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	v1 "k8s.io/api/core/v1"
	discovery "k8s.io/api/discovery/v1"
	"k8s.io/kubernetes/pkg/proxy"
)

type node struct {
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels"`
}

type input struct {
	Services []*v1.Service               `json:"services"`
	Slices   []*discovery.EndpointSlice  `json:"slices"`
	Nodes    []node                      `json:"nodes"`
}

type route struct {
	Service   string   `json:"service"`
	Port      string   `json:"port"`
	Protocol  string   `json:"protocol"`
	Family    string   `json:"family"`
	Node      string   `json:"node"`
	Cluster   []string `json:"cluster"`
	Local     []string `json:"local"`
	Reachable []string `json:"reachable"`
	HasAny    bool     `json:"hasAny"`
}

type answer struct {
	Routes []route `json:"routes"`
	Error  string  `json:"error,omitempty"`
}

func names(endpoints []proxy.Endpoint) []string {
	out := make([]string, 0, len(endpoints))
	for _, endpoint := range endpoints {
		out = append(out, endpoint.String())
	}
	sort.Strings(out)
	return out
}

func solve(in input) answer {
	routes := []route{}
	for _, family := range []v1.IPFamily{v1.IPv4Protocol, v1.IPv6Protocol} {
		services := proxy.NewServiceChangeTracker(family, nil, nil)
		for _, service := range in.Services {
			services.Update(nil, service)
		}
		servicePorts := make(proxy.ServicePortMap)
		servicePorts.Update(services)
		addressType := discovery.AddressTypeIPv4
		if family == v1.IPv6Protocol {
			addressType = discovery.AddressTypeIPv6
		}
		for _, n := range in.Nodes {
			tracker := proxy.NewEndpointsChangeTracker(family, n.Name, nil, nil)
			for _, slice := range in.Slices {
				if slice.AddressType == addressType {
					tracker.EndpointSliceUpdate(slice, false)
				}
			}
			endpoints := make(proxy.EndpointsMap)
			endpoints.Update(tracker)
			for name, info := range servicePorts {
				cluster, local, reachable, hasAny := proxy.CategorizeEndpoints(endpoints[name], info, n.Name, n.Labels)
				routes = append(routes, route{
					Service: name.NamespacedName.String(), Port: name.Port, Protocol: string(name.Protocol), Family: string(family), Node: n.Name,
					Cluster: names(cluster), Local: names(local), Reachable: names(reachable), HasAny: hasAny,
				})
			}
		}
	}
	sort.Slice(routes, func(i, j int) bool {
		a, b := routes[i], routes[j]
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		if a.Port != b.Port {
			return a.Port < b.Port
		}
		if a.Protocol != b.Protocol {
			return a.Protocol < b.Protocol
		}
		if a.Family != b.Family {
			return a.Family < b.Family
		}
		return a.Node < b.Node
	})
	return answer{Routes: routes}
}

func safeSolve(in input) (out answer) {
	defer func() {
		if recovered := recover(); recovered != nil {
			out = answer{Error: fmt.Sprint(recovered)}
		}
	}()
	return solve(in)
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 256<<20)
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
