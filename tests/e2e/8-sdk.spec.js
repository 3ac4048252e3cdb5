// Case 8: the checked-in SDKs (sdk/) against the package as it is now, with the real CLI and the language hosts.
//   - `npm run gen-sdk`'s generator is run once into a temporary directory: it gets the schema with
//     `pulumi package get-schema <repository>` (from outside the checkout: inside it the CLI finds PulumiPlugin.yaml
//     and the quickstart's Pulumi.yaml side by side at the root and refuses with `detected both PulumiPlugin.yaml and
//     Pulumi.yaml`) and generates the SDKs through the language hosts;
//   - that schema lists every public component with descriptions, enums and outputs;
//   - drift: the generated schema.json and every generated file are exactly sdk/'s, else the test names the files that
//     differ and says to run `npm run gen-sdk`;
//   - Python: sdk/python installs with pip into a virtualenv that has pulumi 3.248.0, and imports;
//   - Go: sdk/go/flink compiles (`go build ./...`) against github.com/pulumi/pulumi/sdk/v3 v3.248.0;
//   - .NET: generated only (no .NET SDK on this machine): the project file, namespace and classes are there.
// No cluster is used: the suite's root hook starts one anyway (shared by every e2e case).
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const h = require("./harness");
const { generate, offlineEnv, listFiles, DEFAULT_LANGUAGES } = require("../../tools/gen-sdk");
const { VERSIONS, ensureTools } = require("../../tools/toolchain");

const SDK = path.join(h.REPO, "sdk");
const COMPONENTS = [
    "FlinkDeployment",
    "FlinkSessionJob",
    "FlinkStateSnapshot",
    "FlinkBlueGreenDeployment",
    "FlinkOperator",
    "AivenFlink",
    "AivenFlinkSqlApplication",
    "AivenFlinkJarApplication",
    "AivenOperatorFlink",
];
const GO_MODULE = "github.com/pulumi-flink/pulumi-flink/sdk/go/flink";

const timings = [];
function timed(name, t0) {
    timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

/** Run a command; assert it succeeded; return stdout. */
function sh(cmd, args, opts = {}) {
    const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 << 20, ...opts });
    assert.ok(!r.error, `${cmd} ${args.join(" ")}: ${r.error && r.error.message}`);
    assert.strictEqual(r.status, 0, `${cmd} ${args.join(" ")} exited with ${r.status}:\n${(r.stderr || "").slice(-4000)}\n${(r.stdout || "").slice(-2000)}`);
    return r.stdout;
}

describe("8. SDKs: schema, drift, Python, Go, .NET", function () {
    this.timeout(15 * 60 * 1000);
    let work;
    let generated;
    /** The generator run into work/regenerated, once for the tests that need it. */
    const regenerate = () => {
        generated ??= (async () => {
            const t0 = Date.now();
            const outDir = path.join(work, "regenerated");
            const result = await generate({ outDir });
            const gen = result.timings;
            timed(
                `gen-sdk (get-schema ${(gen.schema / 1000).toFixed(1)}s, ${DEFAULT_LANGUAGES.map((l) => `${l} ${(gen[`gen-${l}`] / 1000).toFixed(1)}s`).join(", ")})`,
                t0,
            );
            return { ...result, outDir };
        })();
        return generated;
    };

    before(function () {
        work = fs.mkdtempSync(path.join(h.state.root, "sdk-"));
        assert.ok(fs.existsSync(path.join(SDK, "schema.json")), "sdk/schema.json is missing: run `npm run gen-sdk`");
    });

    after(function () {
        process.stderr.write(`[e2e 8] timings: ${timings.join(", ")}\n`);
    });

    it("`pulumi package get-schema` of the repository lists every public component with descriptions, enums and outputs", async function () {
        const { schema } = await regenerate();

        assert.strictEqual(schema.name, "flink");
        assert.strictEqual(schema.namespace, "pulumi-flink");
        assert.strictEqual(schema.language.python.packageName, "pulumi_flink");
        assert.strictEqual(schema.language.go.importBasePath, GO_MODULE);
        assert.strictEqual(schema.language.csharp.rootNamespace, "PulumiFlink");
        const tokens = Object.keys(schema.resources).sort();
        assert.deepStrictEqual(tokens, COMPONENTS.map((c) => `flink:index:${c}`).sort(), "the public components");
        const undocumented = [];
        for (const token of tokens) {
            const r = schema.resources[token];
            assert.strictEqual(r.isComponent, true, `${token} is a component`);
            if (!r.description || !r.description.trim()) undocumented.push(token);
            for (const [name, p] of Object.entries(r.inputProperties || {})) if (!p.description) undocumented.push(`${token} input ${name}`);
            for (const [name, p] of Object.entries(r.properties || {})) if (!p.description) undocumented.push(`${token} output ${name}`);
            assert.ok(Object.keys(r.properties || {}).length > 0, `${token} has outputs`);
        }
        assert.deepStrictEqual(undocumented, [], "every component, input and output has a description");
        // Outputs users read, by component.
        const outputs = (c) => Object.keys(schema.resources[`flink:index:${c}`].properties);
        for (const o of ["name", "namespace", "lifecycleState", "jobState", "restAddress", "status"])
            assert.ok(outputs("FlinkDeployment").includes(o), `FlinkDeployment output ${o}`);
        // Enums: each with its values and a description.
        const enums = Object.entries(schema.types).filter(([, t]) => Array.isArray(t.enum));
        const enumNames = enums.map(([token]) => token.split(":").pop());
        for (const e of ["FlinkVersion", "UpgradeMode"]) assert.ok(enumNames.includes(e), `enum ${e} in ${enumNames.join(", ")}`);
        for (const [token, t] of enums) {
            assert.ok(t.enum.length > 0 && t.enum.every((v) => v.value !== undefined), `${token} has values`);
            assert.ok(t.description, `${token} has a description`);
        }
        const flinkVersion = enums.find(([token]) => token.endsWith(":FlinkVersion"))[1];
        assert.ok(
            flinkVersion.enum.some((v) => v.value === "v1_20"),
            "FlinkVersion has v1_20",
        );
    });

    it("sdk/ is what `npm run gen-sdk` generates now (no drift)", async function () {
        const { outDir: out } = await regenerate();
        const entries = ["schema.json", ...DEFAULT_LANGUAGES];
        const files = (root) =>
            entries.flatMap((e) =>
                e === "schema.json" ? (fs.existsSync(path.join(root, e)) ? [e] : []) : listFiles(path.join(root, e)).map((f) => `${e}/${f}`),
            );
        // Build leftovers the generated .gitignore files exclude (__pycache__, build/, bin/, obj/) are not sdk/ content.
        const present = files(SDK);
        const ignored = new Set(
            spawnSync("git", ["check-ignore", "--stdin"], { cwd: SDK, input: present.join("\n"), encoding: "utf8" })
                .stdout.split("\n")
                .filter(Boolean),
        );
        const checkedIn = new Set(present.filter((f) => !ignored.has(f)));
        const fresh = new Set(files(out));
        const differ = [];
        for (const f of new Set([...checkedIn, ...fresh])) {
            if (!checkedIn.has(f)) differ.push(`${f} (missing from sdk/)`);
            else if (!fresh.has(f)) differ.push(`${f} (no longer generated)`);
            else if (!fs.readFileSync(path.join(SDK, f)).equals(fs.readFileSync(path.join(out, f)))) differ.push(`${f} (changed)`);
        }
        assert.ok(fresh.size > 10, `the generator wrote only ${fresh.size} files`);
        assert.deepStrictEqual(
            differ.sort(),
            [],
            `sdk/ has drifted from the package's schema in ${differ.length} file(s):\n  ${differ.sort().join("\n  ")}\nrun \`npm run gen-sdk\` and commit sdk/`,
        );
    });

    it("the Python SDK installs with pip and imports as pulumi_flink", async function () {
        const t0 = Date.now();
        const base = await pythonWithPulumi();
        const venv = path.join(work, "sdk-venv");
        sh(base.python, ["-m", "venv", venv]);
        const python = path.join(venv, "bin", "python");
        // The new venv sees the base's packages (pulumi 3.248.0 and its dependencies) through a .pth file, so pip
        // installs only what the SDK adds.
        const site = sh(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).trim();
        fs.writeFileSync(path.join(site, "base-packages.pth"), `${base.site}\n`);
        // The new venv's own setuptools (the one ensurepip bundles, older, without bdist_wheel) would shadow the base's.
        sh(python, ["-m", "pip", "uninstall", "--disable-pip-version-check", "--yes", "--quiet", "setuptools"]);
        const src = path.join(work, "python-sdk");
        fs.cpSync(path.join(SDK, "python"), src, { recursive: true });
        // Built with the base's setuptools (no build isolation: nothing is downloaded for the build).
        sh(python, ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--no-build-isolation", src]);
        const out = sh(
            python,
            [
                "-c",
                [
                    "import pulumi, pulumi_flink",
                    "from importlib.metadata import version",
                    "assert pulumi_flink.FlinkDeployment.__module__.startswith('pulumi_flink'), pulumi_flink.FlinkDeployment.__module__",
                    "print(version('pulumi'), pulumi_flink.__name__, ' '.join(sorted(n for n in dir(pulumi_flink) if n[0].isupper() and not n.endswith('Args') and isinstance(getattr(pulumi_flink, n), type) and issubclass(getattr(pulumi_flink, n), pulumi.ComponentResource))))",
                ].join("\n"),
            ],
            { cwd: work },
        )
            .trim()
            .split(" ");
        timed("python install+import", t0);
        assert.strictEqual(out[0], VERSIONS.pulumi.version, "pulumi version in the venv");
        assert.strictEqual(out[1], "pulumi_flink");
        assert.deepStrictEqual(out.slice(2), [...COMPONENTS].sort(), "component classes of pulumi_flink");
    });

    it("the Go SDK compiles against github.com/pulumi/pulumi/sdk/v3 at the CLI's version", function () {
        const t0 = Date.now();
        const modDir = path.join(SDK, "go", "flink");
        const gomod = fs.readFileSync(path.join(modDir, "go.mod"), "utf8");
        assert.match(gomod, new RegExp(`^module ${GO_MODULE.replace(/[./]/g, "\\$&")}$`, "m"), "module path of sdk/go/flink");
        assert.match(gomod, new RegExp(`github\\.com/pulumi/pulumi/sdk/v3 v${VERSIONS.pulumi.version.replace(/\./g, "\\.")}`), "requires the CLI's sdk/v3");
        const src = path.join(work, "go-sdk");
        fs.cpSync(modDir, src, { recursive: true });
        // -mod=readonly: go.mod and go.sum as generated must be complete.
        const env = { ...process.env, ...VERSIONS.go.env, GOFLAGS: "-mod=readonly", GOTOOLCHAIN: "local" };
        const go = process.env.GO || "go";
        sh(go, ["build", "./..."], { cwd: src, env });
        const pkgs = sh(go, ["list", "./..."], { cwd: src, env }).trim().split("\n");
        sh(go, ["vet", "./..."], { cwd: src, env });
        timed("go build+vet", t0);
        assert.ok(pkgs.includes(GO_MODULE), `packages: ${pkgs.join(", ")}`);
        const source = fs
            .readdirSync(src)
            .filter((f) => f.endsWith(".go"))
            .map((f) => fs.readFileSync(path.join(src, f), "utf8"))
            .join("\n");
        for (const c of COMPONENTS) assert.match(source, new RegExp(`func New${c}\\(`), `constructor New${c}`);
    });

    it(".NET SDK: generated only (no .NET SDK here): project PulumiFlink.Flink, namespace PulumiFlink.Flink, every component class", function () {
        const dir = path.join(SDK, "dotnet");
        const files = listFiles(dir);
        assert.ok(files.includes("PulumiFlink.Flink.csproj"), `project file in ${files.join(", ")}`);
        assert.ok(files.includes("pulumi-plugin.json"));
        const csproj = fs.readFileSync(path.join(dir, "PulumiFlink.Flink.csproj"), "utf8");
        assert.match(csproj, /<PackageReference Include="Pulumi" /, "references the Pulumi NuGet package");
        for (const c of COMPONENTS) {
            assert.ok(files.includes(`${c}.cs`), `${c}.cs`);
            const cs = fs.readFileSync(path.join(dir, `${c}.cs`), "utf8");
            assert.match(cs, /^namespace PulumiFlink\.Flink$/m, `${c}.cs namespace`);
            assert.match(cs, new RegExp(`\\[FlinkResourceType\\("flink:index:${c}"\\)\\]`), `${c}.cs resource type token`);
            assert.match(cs, new RegExp(`public partial class ${c} : global::Pulumi\\.ComponentResource`), `${c} is a component resource`);
        }
    });

    it("the YAML language host is the real pulumi-yaml 1.25.0 and runs a YAML program with this CLI", function () {
        const t0 = Date.now();
        const dir = path.join(work, "yaml-host");
        const proj = path.join(dir, "project");
        fs.mkdirSync(proj, { recursive: true });
        fs.writeFileSync(path.join(proj, "Pulumi.yaml"), "name: yaml-host\nruntime: yaml\nvariables:\n  who: flink\noutputs:\n  greeting: hello ${who}\n");
        const env = offlineEnv(h.state.binDir, dir);
        sh("pulumi", ["stack", "init", "e2e", "--non-interactive"], { env, cwd: proj });
        sh("pulumi", ["up", "--yes", "--non-interactive", "--skip-preview"], { env, cwd: proj });
        assert.strictEqual(sh("pulumi", ["stack", "output", "greeting"], { env, cwd: proj }).trim(), "hello flink");
        // The version the host reports over gRPC (GetPluginInfo), as the CLI shows it.
        const about = JSON.parse(sh("pulumi", ["about", "--json"], { env, cwd: proj }));
        timed("yaml host", t0);
        assert.strictEqual(about.runtime && about.runtime.language, "yaml");
        const host = (about.plugins || []).find((p) => p.kind === "language" && p.name === "yaml");
        assert.ok(host, `no yaml language plugin in ${JSON.stringify(about.plugins)}`);
        assert.strictEqual(host.version, VERSIONS.yamlLanguageHost.version);
    });

    it("the .NET host stand-in refuses to run a program, saying it only generates SDKs", function () {
        const dir = path.join(work, "dotnet-host");
        const proj = path.join(dir, "project");
        fs.mkdirSync(proj, { recursive: true });
        fs.writeFileSync(path.join(proj, "Pulumi.yaml"), "name: dotnet-host\nruntime: dotnet\n");
        const env = offlineEnv(h.state.binDir, dir);
        sh("pulumi", ["stack", "init", "e2e", "--non-interactive"], { env, cwd: proj });
        const r = spawnSync("pulumi", ["preview", "--non-interactive"], { env, cwd: proj, encoding: "utf8" });
        assert.notStrictEqual(r.status, 0, "a .NET program cannot run here");
        assert.match(`${r.stdout}${r.stderr}`, /pulumi-language-dotnet: Run is not supported by this stand-in: it only generates \.NET SDKs/);
    });
});

/** The toolchain's Python environment with pulumi==<CLI version> (tools/toolchain.js python-venv): { python, site }. */
async function pythonWithPulumi() {
    const { tools } = await ensureTools();
    const tool = tools["python-venv"];
    assert.ok(tool && tool.path, "the toolchain has no python-venv tool");
    const site = sh(tool.path, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).trim();
    return { python: tool.path, site };
}
