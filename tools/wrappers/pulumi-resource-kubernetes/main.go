// The Kubernetes provider plugin. Upstream's cmd/pulumi-resource-kubernetes/main.go go:embeds schema-embed.json and
// terraform-mapping-embed.json, which are generated at release time and missing from the module zip; tools/toolchain.js
// copies the committed schema.json / terraform-mapping.json of the module next to this file under those names.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
