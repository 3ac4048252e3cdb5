// pulumi-language-go: compiles a Go program (`go build` in its directory, against its own go.mod) and runs it with the
// PULUMI_* environment the Go SDK (github.com/pulumi/pulumi/sdk/v3/go/pulumi, run.go) reads, as upstream; generates Go
// SDKs and links them into the program's go.mod.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/mod/modfile"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The version `go mod tidy` writes for a required module that a replace directive points at a directory.
const replacedModuleVersion = "v0.0.0-00010101000000-000000000000"

type goHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

type goOptions struct {
	binary      string // `binary`: run this prebuilt executable instead of compiling
	buildTarget string // `buildTarget`: where to write the compiled program (kept after the run)
}

func parseGoOptions(options map[string]any) (goOptions, error) {
	var o goOptions
	if v, ok := options["binary"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("the runtime option `binary` in Pulumi.yaml must be a string (a path to the compiled program)")
		}
		o.binary = s
	}
	if v, ok := options["buildTarget"]; ok {
		s, ok := v.(string)
		if !ok {
			return o, errors.New("the runtime option `buildTarget` in Pulumi.yaml must be a string (a path)")
		}
		o.buildTarget = s
	}
	if o.binary != "" && o.buildTarget != "" {
		return o, errors.New("the runtime options `binary` and `buildTarget` in Pulumi.yaml cannot both be set")
	}
	return o, nil
}

func (h *goHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

func goBinary() (string, error) {
	p, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("unable to find the `go` executable on PATH: install Go to run Go programs")
	}
	return p, nil
}

// buildEnv is the environment of `go build`: ours, with GOFLAGS=-mod=mod unless GOFLAGS is set, so a go.mod that
// `pulumi package add` just linked (replace + require, no go.sum lines yet) builds without a `go mod tidy` first.
func buildEnv() []string {
	env := os.Environ()
	if os.Getenv("GOFLAGS") == "" {
		env = append(env, "GOFLAGS=-mod=mod")
	}
	return env
}

func (h *goHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	opts, err := parseGoOptions(optionsOf(req.GetInfo()))
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	programDir := programDirOf(req.GetInfo(), req.GetPwd())
	rootDir := rootDirOf(req.GetInfo(), req.GetPwd())

	program := opts.binary
	if program != "" {
		if !filepath.IsAbs(program) && strings.ContainsRune(program, filepath.Separator) {
			program = filepath.Join(rootDir, program)
		}
		if p, err := exec.LookPath(program); err == nil {
			program = p
		} else {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("unable to find the executable %q named by the runtime "+
				"option `binary` in Pulumi.yaml: %v", opts.binary, err)}, nil
		}
	} else {
		gobin, err := goBinary()
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		if matches, _ := filepath.Glob(filepath.Join(programDir, "*.go")); len(matches) == 0 {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("no .go files in %s to build", programDir)}, nil
		}
		out := opts.buildTarget
		if out == "" {
			f, err := os.CreateTemp("", "pulumi-go.*")
			if err != nil {
				return nil, fmt.Errorf("creating a temporary file for the compiled program: %w", err)
			}
			_ = f.Close()
			out = f.Name()
			defer os.Remove(out)
		} else if !filepath.IsAbs(out) {
			out = filepath.Join(rootDir, out)
		}
		build := exec.CommandContext(ctx, gobin, "build", "-buildvcs=false", "-o", out, ".")
		build.Dir = programDir
		build.Env = buildEnv()
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("error in compiling Go: `go build` in %s failed: %v",
				programDir, err)}, nil
		}
		program = out
	}

	cfg, err := configEnv(req)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), cfg...)
	set := func(k, v string) {
		if v != "" {
			env = append(env, k+"="+v)
		}
	}
	// The variables sdk/go/pulumi/run.go reads.
	set("PULUMI_ORGANIZATION", req.GetOrganization())
	set("PULUMI_PROJECT", req.GetProject())
	set("PULUMI_ROOT_DIRECTORY", rootDir)
	set("PULUMI_STACK", req.GetStack())
	set("PULUMI_DRY_RUN", strconv.FormatBool(req.GetDryRun()))
	set("PULUMI_PARALLEL", strconv.Itoa(int(req.GetParallel())))
	set("PULUMI_MONITOR", req.GetMonitorAddress())
	set("PULUMI_ENGINE", h.engineAddress)
	cmd := exec.Command(program, req.GetArgs()...)
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	return runProgram(ctx, "the Go program", cmd)
}

// GetRequiredPackages reports none: the packages a Go program uses are declared in Pulumi.yaml `packages`
// (`pulumi package add` writes them) or found on PATH. (Upstream reads the pulumi-plugin.json of the go.mod's modules.)
func (h *goHost) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (
	*pulumirpc.GetRequiredPackagesResponse, error,
) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *goHost) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (
	*pulumirpc.GetRequiredPluginsResponse, error,
) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *goHost) InstallDependencies(_ *pulumirpc.InstallDependenciesRequest,
	server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	return installNote(server, "run `go mod tidy` in the program directory (or let `go build` with GOFLAGS=-mod=mod do it)")
}

func (h *goHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	gobin, err := goBinary()
	if err != nil {
		return nil, err
	}
	out, err := exec.CommandContext(ctx, gobin, "env", "GOVERSION").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOVERSION: %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: gobin, Version: strings.TrimPrefix(strings.TrimSpace(string(out)), "go")}, nil
}

// GeneratePackage generates a Go SDK with pkg/v3/codegen/go; like upstream it refuses extra files (overlays).
func (h *goHost) GeneratePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest) (
	*pulumirpc.GeneratePackageResponse, error,
) {
	if len(req.GetExtraFiles()) > 0 {
		return nil, errors.New("overlays are not supported for Go")
	}
	return generatePackage(req, func(pkg *schema.Package, _ schema.ReferenceLoader) (map[string][]byte, error) {
		return gogen.GeneratePackage("pulumi-language-go", pkg, req.GetLocalDependencies())
	})
}

// Link adds, for each generated SDK, a `replace <module> => ./<path>` (as upstream) and a `require` of that module
// (upstream leaves that to `go mod tidy` in InstallDependencies) to the program's go.mod.
func (h *goHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	pkgs, err := linkedPackages(ctx, req, map[string]schema.Language{"go": gogen.Importer})
	if err != nil {
		return nil, err
	}
	programDir := programDirOf(req.GetInfo(), "")
	gomodPath := filepath.Join(programDir, "go.mod")
	st, err := os.Stat(gomodPath)
	if err != nil {
		return nil, fmt.Errorf("the Go program has no go.mod (%w): run `go mod init <module>` in %s first", err, programDir)
	}
	data, err := os.ReadFile(gomodPath)
	if err != nil {
		return nil, err
	}
	gomod, err := modfile.Parse(gomodPath, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", gomodPath, err)
	}
	instructions := "You can import the SDK in your Go code with:\n\n  import (\n"
	for _, lp := range pkgs {
		modulePath, importPath := "", gogen.ExtractImportBasePath(lp.ref)
		if info, ok := lp.pkg.Language["go"].(gogen.GoPackageInfo); ok {
			if info.ImportBasePath != "" {
				importPath = info.ImportBasePath
			}
			modulePath = info.ModulePath
			if modulePath == "" && info.ImportBasePath != "" {
				modulePath = path.Dir(info.ImportBasePath)
			}
		}
		if modulePath == "" {
			modulePath = gogen.ExtractModulePath(lp.ref)
		}
		rel := filepath.ToSlash(lp.path)
		if !strings.HasPrefix(rel, "./") && !strings.HasPrefix(rel, "../") && !filepath.IsAbs(rel) {
			rel = "./" + rel
		}
		if err := gomod.AddReplace(modulePath, "", rel, ""); err != nil {
			return nil, fmt.Errorf("adding `replace %s => %s` to go.mod: %w", modulePath, rel, err)
		}
		required := false
		for _, r := range gomod.Require {
			if r.Mod.Path == modulePath {
				required = true
			}
		}
		if !required {
			if err := gomod.AddRequire(modulePath, replacedModuleVersion); err != nil {
				return nil, fmt.Errorf("adding `require %s` to go.mod: %w", modulePath, err)
			}
		}
		instructions += fmt.Sprintf("    %q\n", importPath)
	}
	instructions += "  )\n"
	gomod.Cleanup()
	out, err := gomod.Format()
	if err != nil {
		return nil, fmt.Errorf("formatting go.mod: %w", err)
	}
	if err := os.WriteFile(gomodPath, out, st.Mode().Perm()); err != nil {
		return nil, err
	}
	return &pulumirpc.LinkResponse{ImportInstructions: instructions}, nil
}
