//go:build tools

// Makes the wrapper module tools/toolchain.js generates require github.com/pulumi/pulumi/pkg/v3/cmd/pulumi's module, so
// `go build github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` resolves it at the version tools/versions.json pins.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
