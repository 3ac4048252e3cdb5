// pulumi-language-nodejs: runs Node.js programs (JavaScript, and TypeScript through ts-node as upstream) and Node.js
// plugins (policy packs, component providers) through the real @pulumi/pulumi runtime (cmd/run, cmd/run-plugin),
// reports the resource plugins declared in node_modules, generates Node.js SDKs and links them into package.json.
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

	cgstrings "github.com/pulumi/pulumi/pkg/v3/codegen/cgstrings"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
)

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
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

func (h *nodeHost) GetRequiredPlugins(_ context.Context, req *pulumirpc.GetRequiredPluginsRequest) (
	*pulumirpc.GetRequiredPluginsResponse, error,
) {
	dir := programDirOf(req.GetInfo(), req.GetProgram())
	var plugins []*pulumirpc.PluginDependency
	for _, p := range requiredPackages(dir) {
		plugins = append(plugins, &pulumirpc.PluginDependency{Name: p.Name, Kind: "resource", Version: p.Version, Server: p.Server})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

func (h *nodeHost) GetRequiredPackages(_ context.Context, req *pulumirpc.GetRequiredPackagesRequest) (
	*pulumirpc.GetRequiredPackagesResponse, error,
) {
	var pkgs []*pulumirpc.PackageDependency
	for _, p := range requiredPackages(programDirOf(req.GetInfo(), "")) {
		pkgs = append(pkgs, &pulumirpc.PackageDependency{Name: p.Name, Kind: "resource", Version: p.Version, Server: p.Server})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

func (h *nodeHost) InstallDependencies(_ *pulumirpc.InstallDependenciesRequest,
	server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	return installNote(server, "run `npm install` (or your package manager's install) in the program directory")
}

func (h *nodeHost) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (
	*pulumirpc.GetProgramDependenciesResponse, error,
) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *nodeHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
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

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
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

	env, err := configEnv(req)
	if err != nil {
		return nil, err
	}
	// TypeScript programs run as TypeScript, as with the upstream host: the @pulumi/pulumi runtime registers ts-node
	// (the project's typescript, else the copy vendored in @pulumi/pulumi) when PULUMI_NODEJS_TYPESCRIPT=true.
	opts, err := parseNodeOptions(optionsOf(req.GetInfo()))
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	if opts.typescript && (opts.tsconfig != "" || isTypeScriptEntry(programDir, entry)) {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	nodeArgs := append(strings.Fields(opts.nodeargs), args...)
	cmd := exec.Command(nodeBinary(), nodeArgs...)
	cmd.Dir = pwd
	cmd.Env = append(os.Environ(), env...)
	return runProgram(ctx, "node", cmd)
}

// nodeOptions are the runtime options of a Node.js project (Pulumi.yaml `runtime.options`) this host reads.
type nodeOptions struct {
	typescript bool   // `typescript`, default true
	tsconfig   string // `tsconfig`: the tsconfig file ts-node uses
	nodeargs   string // `nodeargs`: extra arguments for node
}

func parseNodeOptions(options map[string]any) (nodeOptions, error) {
	o := nodeOptions{typescript: true}
	if v, ok := options["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return o, errors.New("the runtime option `typescript` in Pulumi.yaml must be a boolean (true or false)")
		}
		o.typescript = b
	}
	if v, ok := options["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("the runtime option `tsconfig` in Pulumi.yaml must be a string (a path to a tsconfig file)")
		}
		o.tsconfig = s
	}
	if v, ok := options["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("the runtime option `nodeargs` in Pulumi.yaml must be a string")
		}
		o.nodeargs = s
	}
	if v, ok := options["packagemanager"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("the runtime option `packagemanager` in Pulumi.yaml must be a string")
		}
		if _, err := packageManagerOf(s); err != nil {
			return o, err
		}
	}
	return o, nil
}

func packageManagerOf(s string) (npm.PackageManagerType, error) {
	switch s {
	case "", "auto":
		return npm.AutoPackageManager, nil
	case "npm":
		return npm.NpmPackageManager, nil
	case "yarn":
		return npm.YarnPackageManager, nil
	case "pnpm":
		return npm.PnpmPackageManager, nil
	case "bun":
		return npm.BunPackageManager, nil
	}
	return "", fmt.Errorf("the runtime option `packagemanager` in Pulumi.yaml must be one of auto, npm, yarn, pnpm or bun, got %q", s)
}

// isTypeScriptEntry tells whether the program's entry point is a TypeScript file: the entry itself (Pulumi.yaml
// `main`), else package.json `exports`/`main` of the program directory, else an index.ts without an index.js.
func isTypeScriptEntry(programDir, entry string) bool {
	isTS := func(p string) bool {
		ext := filepath.Ext(p)
		return ext == ".ts" || ext == ".mts" || ext == ".cts"
	}
	if isTS(entry) {
		return true
	}
	dir := entry
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(programDir, entry)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return false
	}
	if data, err := os.ReadFile(filepath.Join(dir, "package.json")); err == nil {
		var pj struct {
			Main    string          `json:"main"`
			Exports json.RawMessage `json:"exports"`
		}
		if json.Unmarshal(data, &pj) == nil {
			var exports string
			if json.Unmarshal(pj.Exports, &exports) == nil && exports != "" {
				return isTS(exports)
			}
			var exportMap map[string]json.RawMessage
			if json.Unmarshal(pj.Exports, &exportMap) == nil {
				if dot, ok := exportMap["."]; ok && json.Unmarshal(dot, &exports) == nil && exports != "" {
					return isTS(exports)
				}
			}
			if pj.Main != "" {
				return isTS(pj.Main)
			}
		}
	}
	_, errTS := os.Stat(filepath.Join(dir, "index.ts"))
	_, errJS := os.Stat(filepath.Join(dir, "index.js"))
	return errTS == nil && errJS != nil
}

// GeneratePackage generates a Node.js SDK with pkg/v3/codegen/nodejs, honouring extra files, local dependencies and
// `local` (an SDK for `pulumi package add`, compiled when installed) as the upstream host does.
func (h *nodeHost) GeneratePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest) (
	*pulumirpc.GeneratePackageResponse, error,
) {
	return generatePackage(req, func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return nodejsgen.GeneratePackage("pulumi-language-nodejs", pkg, req.GetExtraFiles(), req.GetLocalDependencies(),
			req.GetLocal(), loader)
	})
}

// Link adds each generated SDK to the program's package.json as a `file:` dependency, with the package manager's own
// command (npm pkg set ...), as the upstream host does. Installing it (npm install) is left to the caller.
func (h *nodeHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	options := optionsOf(req.GetInfo())
	opts, err := parseNodeOptions(options)
	if err != nil {
		return nil, err
	}
	pmName, _ := options["packagemanager"].(string)
	pmType, err := packageManagerOf(pmName)
	if err != nil {
		return nil, err
	}
	programDir := programDirOf(req.GetInfo(), "")
	pm, err := npm.ResolvePackageManager(pmType, programDir)
	if err != nil {
		return nil, err
	}
	pkgs, err := linkedPackages(ctx, req, map[string]schema.Language{"nodejs": nodejsgen.Importer})
	if err != nil {
		return nil, err
	}
	isTypeScript := opts.tsconfig != ""
	if _, err := os.Stat(filepath.Join(programDir, "tsconfig.json")); err == nil {
		isTypeScript = true
	}
	instructions := "You can import the SDK in your JavaScript code with:\n\n"
	if isTypeScript {
		instructions = "You can import the SDK in your TypeScript code with:\n\n"
	}
	for _, lp := range pkgs {
		name := "@pulumi/" + lp.pkg.Name
		if lp.pkg.Namespace != "" {
			name = "@" + lp.pkg.Namespace + "/" + lp.pkg.Name
		}
		if info, ok := lp.pkg.Language["nodejs"].(nodejsgen.NodePackageInfo); ok && info.PackageName != "" {
			name = info.PackageName
		}
		if err := pm.Link(ctx, programDir, name, lp.path); err != nil {
			return nil, err
		}
		if isTypeScript {
			instructions += fmt.Sprintf("  import * as %s from %q;\n", cgstrings.Camel(lp.ref.Name()), name)
		} else {
			instructions += fmt.Sprintf("  const %s = require(%q);\n", cgstrings.Camel(lp.ref.Name()), name)
		}
	}
	return &pulumirpc.LinkResponse{ImportInstructions: instructions}, nil
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
func (h *nodeHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
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
