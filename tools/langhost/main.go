// pulumi-language-nodejs (minimal, project-built).
//
// The upstream language host module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) has no tags
// and the module proxy reachable from this project's machines serves none of its pseudo-versions, so it cannot be
// built here. This is a small stand-in that implements the parts of the LanguageRuntime gRPC service the engine needs
// to run a Node.js program: it starts `node <@pulumi/pulumi>/cmd/run` exactly as the upstream host does (same flags,
// same PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS environment), so the program itself runs through the real Node.js SDK
// runtime and talks to the real engine. Not supported: TypeScript transpilation (ship .js), package-manager installs,
// `pulumi new`, policy packs and plugins written in Node.js (RunPlugin), `pulumi convert`/codegen.
//
// Built by tools/toolchain.js into the tool cache; the version it reports is the Pulumi CLI version it is built for.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
)

// Version is set with -ldflags "-X main.Version=...".
var Version = "0.0.0-dev"

// Exit code the Node.js runtime uses after it has already reported a user-actionable error (see
// @pulumi/pulumi/cmd/run/index.js nodeJSProcessExitedAfterLoggingUserActionableMessage).
const exitAfterLoggedError = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

// Plugins are found on PATH (ambient plugins) in this environment; nothing to report.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (
	*pulumirpc.GetRequiredPluginsResponse, error,
) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (
	*pulumirpc.GetRequiredPackagesResponse, error,
) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest,
	pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	// Dependencies are installed by the caller (npm ci in the checkout); nothing to do.
	return nil
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (
	*pulumirpc.GetProgramDependenciesResponse, error,
) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := exec.Command(nodeBinary(), "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: nodeBinary(),
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

func nodeBinary() string {
	if p, err := exec.LookPath("node"); err == nil {
		return p
	}
	return "node"
}

// locateRun finds @pulumi/pulumi/cmd/run the way Node.js resolves it from the program directory, so the program and
// the runtime share one copy of the SDK.
func locateRun(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, nodeBinary(), "-e",
		"process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run'))")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			stderr = string(ee.Stderr)
		}
		return "", fmt.Errorf("could not find @pulumi/pulumi from %s (is it installed?): %v %s", dir, err, stderr)
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	pwd := req.GetPwd()
	programDir := pwd
	entry := req.GetProgram()
	rootDir := pwd
	if info := req.GetInfo(); info != nil {
		if info.GetProgramDirectory() != "" {
			programDir = info.GetProgramDirectory()
		}
		if info.GetEntryPoint() != "" {
			entry = info.GetEntryPoint()
		}
		if info.GetRootDirectory() != "" {
			rootDir = info.GetRootDirectory()
		}
	}
	if entry == "" {
		entry = "."
	}
	program := entry
	if !filepath.IsAbs(program) {
		program = filepath.Join(programDir, entry)
	}

	runPath, err := locateRun(ctx, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := []string{runPath,
		"--monitor", req.GetMonitorAddress(),
		"--engine", h.engineAddress,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", pwd,
		"--root-directory", rootDir,
	}
	if req.GetOrganization() != "" {
		args = append(args, "--organization", req.GetOrganization())
	}
	if req.GetParallel() > 0 {
		args = append(args, "--parallel", strconv.Itoa(int(req.GetParallel())))
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, program)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	cmd := exec.Command(nodeBinary(), args...)
	cmd.Dir = pwd
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
	)
	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("starting node: %v", err)}, nil
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-ctx.Done():
		_ = cmd.Process.Signal(syscall.SIGTERM)
		<-done
		return nil, ctx.Err()
	case err = <-done:
	}
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		switch code := ee.ExitCode(); code {
		case exitAfterLoggedError:
			return &pulumirpc.RunResponse{Bail: true}, nil
		default:
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}, nil
		}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("running node: %v", err)}, nil
}

func main() {
	// Flags the engine may pass (-root, -tracing, -typescript, ...) come before the engine address, which is last.
	args := os.Args[1:]
	engineAddress := ""
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			engineAddress = a
		}
	}
	h := &host{engineAddress: engineAddress}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}
