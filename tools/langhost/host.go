// Stand-in Pulumi language hosts for Node.js, Python and Go (one multicall binary), built by tools/toolchain.js.
//
// The upstream hosts (github.com/pulumi/pulumi/sdk/{nodejs/cmd/pulumi-language-nodejs,python/cmd/pulumi-language-python,
// go/pulumi-language-go}) are separate Go modules that the module proxy reachable from this project's machines refuses
// (403), so they cannot be built here. This program stands in for them and stays thin: it starts the language's real
// Pulumi SDK (the @pulumi/pulumi runtime, the `pulumi` Python package through the pulumi-language-python-exec script of
// the sdk module, a Go program compiled against github.com/pulumi/pulumi/sdk/v3) with the flags and environment the
// upstream hosts pass, and generates SDKs with the code generators of github.com/pulumi/pulumi/pkg/v3 at the CLI's
// version, as the upstream hosts do. A real host found on PATH is preferred by tools/toolchain.js.
//
// The language is chosen from the executable's name: pulumi-language-nodejs, pulumi-language-python,
// pulumi-language-go. Under any pulumi-resource-<name> name it is a presence-only stand-in provider (presence.go).
//
// Not supported (the upstream hosts do these): installing dependencies (InstallDependencies reports that the caller
// installs them), `pulumi new` templates, `pulumi convert` (GenerateProgram/GenerateProject), debugger attach, Pack,
// Python typecheckers and Python plugins (RunPlugin), Go plugins.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// Version is set with -ldflags "-X main.Version=...": the Pulumi CLI version this host is built for.
var Version = "0.0.0-dev"

// Exit code the language runtimes use after they have already reported a user-actionable error to the engine.
const exitAfterLoggedError = 32

func main() {
	name := filepath.Base(os.Args[0])
	for _, a := range os.Args[1:] {
		if a == "-version" || a == "--version" {
			fmt.Println(Version)
			return
		}
	}
	// Flags the engine may pass (-root=..., -tracing=..., -typescript=...) come before the engine address, which is last.
	engineAddress := ""
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-") {
			engineAddress = a
		}
	}

	var register func(*grpc.Server) error
	switch {
	case strings.HasPrefix(name, "pulumi-language-nodejs"):
		register = func(s *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(s, &nodeHost{engineAddress: engineAddress})
			return nil
		}
	case strings.HasPrefix(name, "pulumi-language-python"):
		h, err := newPythonHost(engineAddress)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(1)
		}
		register = func(s *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(s, h)
			return nil
		}
	case strings.HasPrefix(name, "pulumi-language-go"):
		register = func(s *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(s, &goHost{engineAddress: engineAddress})
			return nil
		}
	case strings.HasPrefix(name, "pulumi-resource-"):
		p := newPresenceProvider(strings.TrimPrefix(name, "pulumi-resource-"))
		register = func(s *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(s, p)
			return nil
		}
	default:
		fmt.Fprintf(os.Stderr, "%s: unknown name; run this program as pulumi-language-nodejs, pulumi-language-python or "+
			"pulumi-language-go (a symlink of that name)\n", name)
		os.Exit(2)
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init:    register,
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: could not start the gRPC server: %v\n", name, err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Shared by the three hosts.

// configEnv is the PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS environment every language runtime reads.
func configEnv(req *pulumirpc.RunRequest) ([]string, error) {
	cfg := req.GetConfig()
	if cfg == nil {
		cfg = map[string]string{}
	}
	config, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("serializing configuration: %w", err)
	}
	keys := req.GetConfigSecretKeys()
	if keys == nil {
		keys = []string{}
	}
	secretKeys, err := json.Marshal(keys)
	if err != nil {
		return nil, fmt.Errorf("serializing configuration secret keys: %w", err)
	}
	return []string{"PULUMI_CONFIG=" + string(config), "PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeys)}, nil
}

// waitOrStop waits for a started command; when ctx ends first (the engine cancelled), it stops the command with
// SIGTERM and waits for it to exit.
func waitOrStop(ctx context.Context, cmd *exec.Cmd) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-ctx.Done():
		_ = cmd.Process.Signal(syscall.SIGTERM)
		return <-done
	case err := <-done:
		return err
	}
}

// runProgram starts cmd and turns its exit into a RunResponse the way the upstream hosts do: exit code 32 means the
// program already reported its error to the engine (bail), any other non-zero code is an error naming it.
func runProgram(ctx context.Context, what string, cmd *exec.Cmd) (*pulumirpc.RunResponse, error) {
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start %s: %v", what, err)}, nil
	}
	err := waitOrStop(ctx, cmd)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ee.ExitCode() == exitAfterLoggedError {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", ee.ExitCode())}, nil
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("running %s: %v", what, err)}, nil
}

// generatePackage is GeneratePackage as the upstream hosts implement it: bind the schema with the engine's schema
// loader, run the language's code generator, write its files under the requested directory.
func generatePackage(
	req *pulumirpc.GeneratePackageRequest,
	gen func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error),
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("parsing the package schema: %w", err)
	}
	cached := schema.NewCachedLoader(loader)
	pkg, diags, err := schema.BindSpec(spec, cached, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
	}
	files, err := gen(pkg, cached)
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		out := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return nil, fmt.Errorf("could not create output directory %s: %w", filepath.Dir(out), err)
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return nil, fmt.Errorf("could not write output file %s: %w", out, err)
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
}

// linkedPackage is one package of a LinkRequest, bound from the schema the engine's loader serves for it.
type linkedPackage struct {
	ref  schema.PackageReference
	pkg  *schema.Package
	path string // the generated SDK, relative to the program's root directory
}

// linkedPackages loads the schema of every package of a LinkRequest (the `pulumi` package itself is skipped).
func linkedPackages(ctx context.Context, req *pulumirpc.LinkRequest, langs map[string]schema.Language) ([]linkedPackage, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	cached := schema.NewCachedLoader(loader)
	var out []linkedPackage
	for _, dep := range req.GetPackages() {
		if dep.GetPackage().GetName() == "pulumi" {
			continue
		}
		desc := &schema.PackageDescriptor{Name: dep.GetPackage().GetName(), DownloadURL: dep.GetPackage().GetServer()}
		if v, err := semver.New(dep.GetPackage().GetVersion()); err == nil {
			desc.Version = v
		}
		if p := dep.GetPackage().GetParameterization(); p != nil {
			desc.Parameterization = &schema.ParameterizationDescriptor{Name: p.GetName(), Value: p.GetValue()}
			if v, err := semver.New(p.GetVersion()); err == nil {
				desc.Parameterization.Version = *v
			}
		}
		ref, err := schema.LoadPackageReferenceV2(ctx, cached, desc)
		if err != nil {
			return nil, fmt.Errorf("loading the schema of %s: %w", desc.Name, err)
		}
		pkg, err := ref.Definition()
		if err != nil {
			return nil, err
		}
		if err := pkg.ImportLanguages(langs); err != nil {
			return nil, err
		}
		out = append(out, linkedPackage{ref: ref, pkg: pkg, path: dep.GetPath()})
	}
	return out, nil
}

// installNote is what InstallDependencies streams: these stand-ins leave dependency installation to the caller.
func installNote(server pulumirpc.LanguageRuntime_InstallDependenciesServer, what string) error {
	msg := fmt.Sprintf("This stand-in language host does not install dependencies: %s\n", what)
	return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: []byte(msg)})
}

func programDirOf(info *pulumirpc.ProgramInfo, fallback string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	if info != nil && info.GetRootDirectory() != "" {
		return info.GetRootDirectory()
	}
	if fallback != "" {
		return fallback
	}
	return "."
}

func rootDirOf(info *pulumirpc.ProgramInfo, fallback string) string {
	if info != nil && info.GetRootDirectory() != "" {
		return info.GetRootDirectory()
	}
	return programDirOf(info, fallback)
}

func optionsOf(info *pulumirpc.ProgramInfo) map[string]any {
	if info == nil || info.GetOptions() == nil {
		return map[string]any{}
	}
	return info.GetOptions().AsMap()
}
