// Presence-only stand-in provider, served when this binary runs as pulumi-resource-<name>.
//
// `pulumi package get-schema|gen-sdk|add` on a Node.js component package ask the language host for the plugins its
// node_modules declare (here kubernetes and aiven) and download every one missing from the plugin cache, even with
// PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true. The Aiven provider cannot be built on this machine, and those
// commands only need it to be present. Installed with `pulumi plugin install resource <name> <version> --file <this>`,
// this program marks that presence and nothing more: it reports its name and version, and refuses every other call
// (schema, configuration, resources) with an error saying what it is, so it can never pass for the real provider.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

type presenceProvider struct {
	pulumirpc.UnimplementedResourceProviderServer
	name    string
	version string
}

// The plugin cache directory the CLI installs a plugin into: resource-<name>-v<version>.
var pluginDirVersion = regexp.MustCompile(`^resource-.+-v(\d+\.\d+\.\d+\S*)$`)

func newPresenceProvider(name string) *presenceProvider {
	version := "0.0.0"
	if self, err := os.Executable(); err == nil {
		if m := pluginDirVersion.FindStringSubmatch(filepath.Base(filepath.Dir(self))); m != nil {
			version = m[1]
		}
	}
	return &presenceProvider{name: name, version: version}
}

func (p *presenceProvider) refuse(method string) error {
	return status.Error(codes.Unavailable, fmt.Sprintf("pulumi-resource-%s %s here is a presence-only stand-in "+
		"(tools/langhost/presence.go), installed because the real %s provider cannot be built on this machine: it "+
		"cannot %s. Install the real provider plugin (pulumi plugin install resource %s %s) to use %s resources.",
		p.name, p.version, p.name, method, p.name, p.version, p.name))
}

func (p *presenceProvider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: p.version}, nil
}

func (p *presenceProvider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (p *presenceProvider) Parameterize(context.Context, *pulumirpc.ParameterizeRequest) (*pulumirpc.ParameterizeResponse, error) {
	return nil, p.refuse("Parameterize")
}

func (p *presenceProvider) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return nil, p.refuse("GetSchema")
}

func (p *presenceProvider) CheckConfig(context.Context, *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return nil, p.refuse("CheckConfig")
}

func (p *presenceProvider) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return nil, p.refuse("DiffConfig")
}

func (p *presenceProvider) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return nil, p.refuse("Configure")
}

func (p *presenceProvider) Invoke(context.Context, *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	return nil, p.refuse("Invoke")
}

func (p *presenceProvider) Call(context.Context, *pulumirpc.CallRequest) (*pulumirpc.CallResponse, error) {
	return nil, p.refuse("Call")
}

func (p *presenceProvider) Check(context.Context, *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return nil, p.refuse("Check")
}

func (p *presenceProvider) Diff(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return nil, p.refuse("Diff")
}

func (p *presenceProvider) Create(context.Context, *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	return nil, p.refuse("Create")
}

func (p *presenceProvider) Read(context.Context, *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return nil, p.refuse("Read")
}

func (p *presenceProvider) Update(context.Context, *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	return nil, p.refuse("Update")
}

func (p *presenceProvider) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return nil, p.refuse("Delete")
}

func (p *presenceProvider) Construct(context.Context, *pulumirpc.ConstructRequest) (*pulumirpc.ConstructResponse, error) {
	return nil, p.refuse("Construct")
}
