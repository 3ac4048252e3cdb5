// pulumi-language-dotnet: a GeneratePackage-only STAND-IN, built by the pulumi-flink project.
//
// Why a stand-in: the upstream host (github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3) is refused by the
// module proxy this project's machines reach (403), there is no .NET SDK on those machines, and the .NET code
// generator left github.com/pulumi/pulumi/pkg/v3 after v3.224.0 (v3.224.0 is the newest served pkg/v3 that still has
// codegen/dotnet). So this host is built against pkg/v3 + sdk/v3 v3.224.0 and implements exactly one thing:
// `pulumi package gen-sdk --language dotnet` (LanguageRuntime.GeneratePackage), by calling that release's
// codegen/dotnet.GeneratePackage, as the upstream host does. Its gRPC messages (GeneratePackageRequest/Response and the
// codegen.Loader service it calls back) are field-for-field the same in v3.224.0 and v3.248.0, the CLI version the
// project uses.
//
// The generator downloads the package icon (logo.png, the schema's logoUrl or else a Pulumi logo on GitHub) over HTTP;
// these machines have no internet, so this host answers that one download with a plain placeholder icon of its own
// (a pink square, below) and says so on stderr, and refuses any other HTTP request.
//
// It cannot run .NET programs, install dependencies, pack, link or convert: every other LanguageRuntime method answers
// a gRPC Unimplemented error saying so. A real pulumi-language-dotnet on PATH is preferred by tools/toolchain.js.
//
// Built by tools/toolchain.js into the tool cache. `pulumi-language-dotnet --version` prints what it is.
package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Version is the pulumi/pkg version whose .NET code generator this binary contains (-ldflags "-X main.Version=...").
var Version = "0.0.0-dev"

// tool is the generator name written into the header of every generated file.
const tool = "pulumi-language-dotnet (pulumi-flink stand-in)"

// placeholderLogo is a 64x64 PNG (a pink square with a white one inside), served instead of the downloaded icon.
const placeholderLogo = "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAMAAACdt4HsAAAABlBMVEXmUm////9EUhy8AAAAJklEQVR42u3MAQ0AAAgDoNu/" +
	"tAmcAQ4BSAAO8xAIBAKBQNAXALUWkiAEAZFuWjMAAAAASUVORK5CYII="

// offlineLogo is the HTTP transport of this process: codegen/dotnet's only request is the logo download.
type offlineLogo struct{}

func (offlineLogo) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || !strings.HasSuffix(strings.ToLower(req.URL.Path), ".png") {
		return nil, fmt.Errorf("pulumi-language-dotnet stand-in: no network access (%s %s)", req.Method, req.URL)
	}
	logo, err := base64.StdEncoding.DecodeString(placeholderLogo)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "pulumi-language-dotnet stand-in: no network: logo.png is a placeholder icon, not %s\n", req.URL)
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": []string{"image/png"}}, Body: io.NopCloser(bytes.NewReader(logo)),
		ContentLength: int64(len(logo)), Request: req,
	}, nil
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

// GeneratePackage binds the schema (resolving referenced packages through the engine's schema loader) and writes the
// files of codegen/dotnet.GeneratePackage into req.Directory.
func (h *host) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, fmt.Errorf("connecting to the engine's schema loader: %w", err)
	}
	defer loader.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("reading the package schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, fmt.Errorf("binding the package schema: %w", err)
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
	}
	files, err := dotnet.GeneratePackage(tool, pkg, req.GetExtraFiles(), req.GetLocalDependencies())
	if err != nil {
		return nil, fmt.Errorf("generating the .NET SDK: %w", err)
	}
	for name, data := range files {
		out := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
}

// supported are the only methods this stand-in answers; everything else gets one clear error.
var supported = map[string]bool{
	"GetPluginInfo":   true,
	"GeneratePackage": true,
}

func refusal(fullMethod string) error {
	method := fullMethod[strings.LastIndex(fullMethod, "/")+1:]
	if supported[method] {
		return nil
	}
	return status.Errorf(codes.Unimplemented,
		"pulumi-language-dotnet: %s is not supported by this stand-in: it only generates .NET SDKs "+
			"(GeneratePackage, codegen of pulumi v%s); running .NET programs needs the real host and a .NET SDK",
		method, Version)
}

func main() {
	for _, a := range os.Args[1:] {
		if a == "--version" || a == "-version" {
			fmt.Printf("pulumi-language-dotnet stand-in (GeneratePackage only) codegen v%s\n", Version)
			return
		}
	}
	http.DefaultTransport = offlineLogo{}
	http.DefaultClient.Transport = offlineLogo{}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &host{})
			return nil
		},
		Options: []grpc.ServerOption{
			grpc.ChainUnaryInterceptor(func(ctx context.Context, req interface{}, info *grpc.UnaryServerInfo,
				handler grpc.UnaryHandler,
			) (interface{}, error) {
				if err := refusal(info.FullMethod); err != nil {
					return nil, err
				}
				return handler(ctx, req)
			}),
			grpc.ChainStreamInterceptor(func(srv interface{}, ss grpc.ServerStream, info *grpc.StreamServerInfo,
				handler grpc.StreamHandler,
			) error {
				if err := refusal(info.FullMethod); err != nil {
					return err
				}
				return handler(srv, ss)
			}),
			grpc.MaxRecvMsgSize(400 << 20),
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-dotnet: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-dotnet: %v\n", err)
		os.Exit(1)
	}
}
