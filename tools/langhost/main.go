// pulumi-language-nodejs (minimal, project-built).
//
// The upstream language host module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) has no tags
// and the module proxy reachable from this project's machines serves none of its pseudo-versions, so it cannot be
// built here. This is a small stand-in that implements the parts of the LanguageRuntime gRPC service the engine needs
// to run a Node.js program: it reports the resource plugins declared by the program's node_modules (package.json
// "pulumi" stanzas, as upstream), and starts `node <@pulumi/pulumi>/cmd/run` with the flags and the PULUMI_CONFIG /
// PULUMI_CONFIG_SECRET_KEYS environment the upstream host uses, so the program runs through the real Node.js SDK
// runtime and talks to the real engine. It also runs plugins written in Node.js (RunPlugin: policy packs, providers)
// through `@pulumi/pulumi/cmd/run-plugin`, streaming their output back to the engine, as upstream does.
// Not supported: TypeScript programs (PULUMI_NODEJS_TYPESCRIPT is never set: ship .js), dependency installation,
// `pulumi new`, `pulumi convert`/codegen, debugging attach.
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
	"sync"
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

// pulumiPackage is the "pulumi" stanza of a provider SDK's package.json (e.g. @pulumi/kubernetes).
type pulumiPackage struct {
	Resource bool   `json:"resource"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	Server   string `json:"server"`
}

// requiredPackages reads the resource plugins the program's node_modules declare, like the upstream host: every
// package.json with a "pulumi": {"resource": true} stanza, top level and one scope deep.
func requiredPackages(programDir string) []pulumiPackage {
	var out []pulumiPackage
	seen := map[string]bool{}
	for dir := programDir; ; dir = filepath.Dir(dir) {
		nm := filepath.Join(dir, "node_modules")
		if entries, err := os.ReadDir(nm); err == nil {
			var pkgDirs []string
			for _, e := range entries {
				name := e.Name()
				if strings.HasPrefix(name, "@") {
					scoped, _ := os.ReadDir(filepath.Join(nm, name))
					for _, se := range scoped {
						pkgDirs = append(pkgDirs, filepath.Join(nm, name, se.Name()))
					}
				} else if !strings.HasPrefix(name, ".") {
					pkgDirs = append(pkgDirs, filepath.Join(nm, name))
				}
			}
			for _, pd := range pkgDirs {
				data, err := os.ReadFile(filepath.Join(pd, "package.json"))
				if err != nil {
					continue
				}
				var pj struct {
					Version string        `json:"version"`
					Pulumi  pulumiPackage `json:"pulumi"`
				}
				if json.Unmarshal(data, &pj) != nil || !pj.Pulumi.Resource {
					continue
				}
				p := pj.Pulumi
				if p.Name == "" {
					continue
				}
				if p.Version == "" {
					p.Version = pj.Version
				}
				key := p.Name + "@" + p.Version
				if !seen[key] {
					seen[key] = true
					out = append(out, p)
				}
			}
			break // the nearest node_modules, as Node.js resolves the program's own imports
		}
		if parent := filepath.Dir(dir); parent == dir {
			break
		}
	}
	return out
}

func programDirOf(info *pulumirpc.ProgramInfo) string {
	if info == nil {
		return "."
	}
	if info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	return info.GetRootDirectory()
}

func (h *host) GetRequiredPlugins(_ context.Context, req *pulumirpc.GetRequiredPluginsRequest) (
	*pulumirpc.GetRequiredPluginsResponse, error,
) {
	dir := programDirOf(req.GetInfo())
	if dir == "." && req.GetProgram() != "" {
		dir = req.GetProgram()
	}
	var plugins []*pulumirpc.PluginDependency
	for _, p := range requiredPackages(dir) {
		plugins = append(plugins, &pulumirpc.PluginDependency{Name: p.Name, Kind: "resource", Version: p.Version, Server: p.Server})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *host) GetRequiredPackages(_ context.Context, req *pulumirpc.GetRequiredPackagesRequest) (
	*pulumirpc.GetRequiredPackagesResponse, error,
) {
	var pkgs []*pulumirpc.PackageDependency
	for _, p := range requiredPackages(programDirOf(req.GetInfo())) {
		pkgs = append(pkgs, &pulumirpc.PackageDependency{Name: p.Name, Kind: "resource", Version: p.Version, Server: p.Server})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
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
	return locateModule(ctx, dir, "@pulumi/pulumi/cmd/run")
}

func locateModule(ctx context.Context, dir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, nodeBinary(), "-e",
		fmt.Sprintf("process.stdout.write(require.resolve(%q))", module))
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
	if err = waitOrStop(ctx, cmd); ctx.Err() != nil {
		return nil, ctx.Err()
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

// streamWriter forwards a plugin's stdout or stderr to the engine as it is written: the engine reads the plugin's
// port from the first line of stdout, so nothing may be buffered until exit.
type streamWriter struct {
	mu     *sync.Mutex
	server pulumirpc.LanguageRuntime_RunPluginServer
	stderr bool
}

func (w streamWriter) Write(p []byte) (int, error) {
	data := append([]byte(nil), p...)
	resp := &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: data}}
	if w.stderr {
		resp = &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: data}}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.server.Send(resp); err != nil {
		return 0, err
	}
	return len(p), nil
}

// RunPlugin runs a plugin written in Node.js (a policy pack, a provider): `node <@pulumi/pulumi/cmd/run-plugin>
// <program directory> <args...>` in the requested working directory, its output streamed to the engine and its
// exit code sent last. The engine kills the plugin by cancelling the stream.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	programDir := req.GetProgram()
	if info := req.GetInfo(); info != nil && info.GetProgramDirectory() != "" {
		programDir = info.GetProgramDirectory()
		if entry := info.GetEntryPoint(); entry != "" && entry != "." {
			programDir = filepath.Join(programDir, entry)
		}
	}
	if programDir == "" {
		return errors.New("RunPlugin: no plugin program given")
	}
	runPath, err := locateModule(ctx, programDir, "@pulumi/pulumi/cmd/run-plugin")
	if err != nil {
		return err
	}
	args := append([]string{runPath, programDir}, req.GetArgs()...)
	cmd := exec.Command(nodeBinary(), args...)
	cmd.Dir = req.GetPwd()
	if req.GetKind() == "analyzer" {
		// @pulumi/policy's PolicyPack reads its version from ./package.json: a pack runs in its own directory.
		cmd.Dir = programDir
	}
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	var mu sync.Mutex
	cmd.Stdout = streamWriter{mu: &mu, server: server}
	cmd.Stderr = streamWriter{mu: &mu, server: server, stderr: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting node: %w", err)
	}
	if err = waitOrStop(ctx, cmd); ctx.Err() != nil {
		return ctx.Err()
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		return fmt.Errorf("running node: %w", err)
	}
	mu.Lock()
	defer mu.Unlock()
	return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
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
