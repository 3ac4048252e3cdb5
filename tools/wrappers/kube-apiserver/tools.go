//go:build tools

// Makes the wrapper module tools/toolchain.js generates require k8s.io/kubernetes/cmd/kube-apiserver's module, so
// `go build k8s.io/kubernetes/cmd/kube-apiserver` resolves it at the version tools/versions.json pins.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
