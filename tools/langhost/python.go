// pulumi-language-python: runs Python programs through the pulumi-language-python-exec launcher of the Pulumi sdk
// module (copied next to this binary at build time) with the python of the project's `virtualenv` (the sdk module's
// own python/toolchain package resolves it, relative to the project root, as upstream), reports the Pulumi packages
// installed in that environment (their pulumi-plugin.json), generates Python SDKs and links them into
// requirements.txt.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The launcher the upstream host runs (sdk/python/cmd/pulumi-language-python-exec), installed next to the host.
const pythonExecName = "pulumi-language-python-exec"

type pythonHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	exec          string
}

func newPythonHost(engineAddress string) (*pythonHost, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("could not determine the current executable: %w", err)
	}
	execPath := filepath.Join(filepath.Dir(self), pythonExecName)
	if _, err := os.Stat(execPath); err != nil {
		return nil, fmt.Errorf("missing the Python launcher %s (it is installed next to the host by tools/toolchain.js): %w",
			execPath, err)
	}
	return &pythonHost{engineAddress: engineAddress, exec: execPath}, nil
}

// pythonOptions reads the runtime options of a Python project: `virtualenv` (a virtual environment directory,
// relative to the project root) and `toolchain` (pip, poetry, uv), as upstream. `typechecker` is refused: this
// stand-in does not run typecheckers.
func pythonOptions(info *pulumirpc.ProgramInfo) (toolchain.PythonOptions, error) {
	opts := toolchain.PythonOptions{Root: rootDirOf(info, ""), ProgramDir: programDirOf(info, "")}
	options := optionsOf(info)
	if v, ok := options["virtualenv"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("the runtime option `virtualenv` in Pulumi.yaml must be a string: the path of a " +
				"virtual environment directory, relative to the project")
		}
		opts.Virtualenv = s
	}
	if v, ok := options["toolchain"]; ok {
		switch v {
		case "pip":
			opts.Toolchain = toolchain.Pip
		case "poetry":
			opts.Toolchain = toolchain.Poetry
		case "uv":
			opts.Toolchain = toolchain.Uv
		default:
			return opts, fmt.Errorf("the runtime option `toolchain` in Pulumi.yaml must be pip, poetry or uv, got %v", v)
		}
	}
	if v, ok := options["typechecker"]; ok && v != "" {
		return opts, fmt.Errorf("the runtime option `typechecker: %v` is not supported by this stand-in "+
			"pulumi-language-python (tools/langhost): remove it, or run the typechecker yourself", v)
	}
	return opts, nil
}

func (h *pythonHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

func (h *pythonHost) toolchain(info *pulumirpc.ProgramInfo) (toolchain.Toolchain, error) {
	opts, err := pythonOptions(info)
	if err != nil {
		return nil, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	// The upstream host creates a missing virtualenv here (EnsureVenv); this one leaves that to the caller.
	if err := tc.ValidateVenv(context.Background()); err != nil {
		return nil, fmt.Errorf("%w (this stand-in host does not create virtual environments: create it with "+
			"`python3 -m venv <dir>` and install requirements.txt into it)", err)
	}
	return tc, nil
}

func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	tc, err := h.toolchain(req.GetInfo())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args := []string{h.exec}
	flag := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	// The flags the upstream host passes to the launcher.
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engineAddress)
	flag("project", req.GetProject())
	flag("root_directory", rootDirOf(req.GetInfo(), req.GetPwd()))
	flag("stack", req.GetStack())
	flag("pwd", req.GetPwd())
	flag("dry_run", strconv.FormatBool(req.GetDryRun()))
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	flag("organization", req.GetOrganization())
	entry := "."
	if e := req.GetInfo().GetEntryPoint(); e != "" {
		entry = e
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	env, err := configEnv(req)
	if err != nil {
		return nil, err
	}
	cmd, err := tc.Command(ctx, args...)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	// The toolchain's command carries the activated virtualenv's environment (or none: inherit ours).
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, env...)
	return runProgram(ctx, "python", cmd)
}

// pluginJSONScript prints, for every installed distribution that ships a pulumi-plugin.json, its name, version and
// the file's path (the upstream host runs a script of the same purpose).
const pluginJSONScript = `
import importlib.metadata as m, json
out = []
for d in m.distributions():
    for f in (d.files or []):
        if f.name == "pulumi-plugin.json":
            out.append({"name": d.metadata["Name"], "version": d.version, "path": str(f.locate())})
            break
print(json.dumps(out))
`

var simpleVersion = regexp.MustCompile(`^\d+\.\d+\.\d+$`)

// GetRequiredPackages reports the Pulumi packages installed in the program's Python environment, from their
// pulumi-plugin.json, as upstream (packages whose file says `"resource": false` are left out).
func (h *pythonHost) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest) (
	*pulumirpc.GetRequiredPackagesResponse, error,
) {
	tc, err := h.toolchain(req.GetInfo())
	if err != nil {
		return nil, err
	}
	cmd, err := tc.Command(ctx, "-c", pluginJSONScript)
	if err != nil {
		return nil, err
	}
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing the Pulumi packages of the Python environment (%s): %w", cmd.Path, err)
	}
	var found []struct{ Name, Version, Path string }
	if err := json.Unmarshal(out, &found); err != nil {
		return nil, fmt.Errorf("listing the Pulumi packages of the Python environment: %w", err)
	}
	var pkgs []*pulumirpc.PackageDependency
	for _, f := range found {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return nil, err
		}
		var pj plugin.PulumiPluginJSON
		if err := json.Unmarshal(data, &pj); err != nil {
			return nil, fmt.Errorf("parsing %s: %w", f.Path, err)
		}
		if !pj.Resource {
			continue
		}
		name := pj.Name
		if name == "" {
			name = strings.TrimPrefix(strings.TrimPrefix(f.Name, "pulumi-"), "pulumi_")
		}
		version := pj.Version
		if version == "" {
			if !simpleVersion.MatchString(f.Version) {
				continue // as upstream: a plugin version cannot be derived from a pre-release package version
			}
			version = f.Version
		}
		if !strings.HasPrefix(version, "v") {
			version = "v" + version
		}
		dep := &pulumirpc.PackageDependency{Name: name, Kind: "resource", Version: version, Server: pj.Server}
		if p := pj.Parameterization; p != nil {
			dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
		}
		pkgs = append(pkgs, dep)
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

func (h *pythonHost) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (
	*pulumirpc.GetRequiredPluginsResponse, error,
) {
	// As upstream: the engine asks GetRequiredPackages.
	return nil, status.Errorf(codes.Unimplemented, "method GetRequiredPlugins not implemented")
}

func (h *pythonHost) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	return installNote(server, "run `<virtualenv>/bin/python -m pip install -r requirements.txt` in the program directory")
}

func (h *pythonHost) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest) (
	*pulumirpc.GetProgramDependenciesResponse, error,
) {
	tc, err := h.toolchain(req.GetInfo())
	if err != nil {
		return nil, err
	}
	deps, err := tc.ListPackages(ctx, req.GetTransitiveDependencies())
	if err != nil {
		return nil, err
	}
	out := make([]*pulumirpc.DependencyInfo, 0, len(deps))
	for _, d := range deps {
		out = append(out, &pulumirpc.DependencyInfo{Name: d.Name, Version: d.Version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: out}, nil
}

func (h *pythonHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	tc, err := h.toolchain(req.GetInfo())
	if err != nil {
		return nil, err
	}
	info, err := tc.About(ctx)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{Executable: info.PythonExecutable, Version: info.PythonVersion.String()}, nil
}

// GeneratePackage generates a Python SDK with pkg/v3/codegen/python (extra files included), as upstream.
func (h *pythonHost) GeneratePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest) (
	*pulumirpc.GeneratePackageResponse, error,
) {
	return generatePackage(req, func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return pythongen.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), loader)
	})
}

// Link adds each generated SDK's path to the program's requirements.txt (replacing an older line for the same
// package), with the sdk module's own toolchain code, as upstream. Installing it is left to the caller.
func (h *pythonHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	opts, err := pythonOptions(req.GetInfo())
	if err != nil {
		return nil, err
	}
	pkgs, err := linkedPackages(ctx, req, map[string]schema.Language{"python": pythongen.Importer})
	if err != nil {
		return nil, err
	}
	packages := map[string]string{}
	instructions := "You can import the SDK in your Python code with:\n\n"
	for _, lp := range pkgs {
		importName := strings.ReplaceAll(lp.ref.Name(), "-", "_")
		packageName := pythongen.PyPack(lp.ref.Namespace(), lp.ref.Name())
		if info, ok := lp.pkg.Language["python"].(pythongen.PackageInfo); ok && info.PackageName != "" {
			importName, packageName = info.PackageName, info.PackageName
		}
		packages[packageName] = lp.path
		instructions += fmt.Sprintf("  import %s as %s\n", packageName, importName)
	}
	if opts.Toolchain != toolchain.Pip {
		// As upstream: without a pyproject.toml, a requirements.txt project is linked the pip way.
		if _, err := os.Stat(filepath.Join(opts.ProgramDir, "pyproject.toml")); os.IsNotExist(err) {
			if _, err := os.Stat(filepath.Join(opts.ProgramDir, "requirements.txt")); os.IsNotExist(err) {
				return nil, fmt.Errorf("no pyproject.toml or requirements.txt found in %s", opts.ProgramDir)
			}
			opts.Toolchain = toolchain.Pip
		}
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.LinkPackages(ctx, packages); err != nil {
		return nil, fmt.Errorf("linking packages: %w", err)
	}
	return &pulumirpc.LinkResponse{ImportInstructions: instructions}, nil
}
