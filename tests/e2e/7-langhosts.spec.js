// Case 7: the language hosts of tools/langhost (stand-ins for the upstream Node.js, Python and Go hosts, which cannot
// be built here) under the real CLI: a TypeScript program runs as TypeScript; `pulumi package gen-sdk` generates SDKs
// through each host's GeneratePackage; `pulumi package add` of this repository links its SDK into a Python, a Go and a
// TypeScript project (GeneratePackage + Link); Python and Go programs using a generated component SDK run end to end
// (preview, up, destroy) against the local API server.
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const ts = require("typescript");
const yaml = require("yaml");
const h = require("./harness");

const FLINK_API = "/apis/flink.apache.org/v1beta1";

function write(dir, files) {
    for (const [name, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), content);
    }
    return dir;
}

function tempDir(name) {
    return fs.mkdtempSync(path.join(h.state.root, `${name}-`));
}

function read(file) {
    return fs.readFileSync(file, "utf8");
}

/** Assert a CLI run succeeded, showing its output when not. */
function ok(r, what) {
    assert.strictEqual(r.status, 0, `${what} failed (exit ${r.status}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
    return r;
}

function showLogOnFailure(getProject) {
    return function () {
        const p = getProject();
        if (this.currentTest.state === "failed" && p) process.stderr.write(`--- pulumi output (${p.logFile}) ---\n${p.tailLog()}\n`);
    };
}

// ---------------------------------------------------------------------------------------------------------------

describe("e2e 7 (nodejs host): a TypeScript program runs as TypeScript", function () {
    const NS = "e2e-ts";
    let project;
    const cluster = () => h.state.cluster;
    afterEach(showLogOnFailure(() => project));

    before(async function () {
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before this one applies its own
        const crd = h.crdFiles().find((f) => /flinkdeployments/.test(path.basename(f)));
        const dir = write(tempDir("typescript"), {
            "Pulumi.yaml": "name: e2e-typescript\nruntime: nodejs\ndescription: a TypeScript program through the Node.js host\n",
            "package.json": JSON.stringify({ name: "e2e-typescript", private: true, main: "index.ts" }, null, 2),
            "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: true } }, null, 2),
            // Type annotations, an interface and an enum: none of it parses as JavaScript, and the enum is TypeScript's
            // own runtime construct, so the `mode` output exists only if ts-node compiled the program.
            "index.ts": `
import * as fs from "fs";
import * as k8s from "@pulumi/kubernetes";
import * as YAML from "yaml";
import { FlinkDeployment, FlinkVersion, UpgradeMode } from ${JSON.stringify(h.COMPONENTS)};

enum Mode { Application = "application", Session = "session" }
interface Sized { memory: string; cpu: number }
const resource: Sized = { memory: "2048m", cpu: 1 };

const crdDoc = YAML.parse(fs.readFileSync(${JSON.stringify(crd)}, "utf8"));
const crd = new k8s.apiextensions.v1.CustomResourceDefinition(crdDoc.metadata.name as string, crdDoc);
const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: ${JSON.stringify(NS)} } });
const app: FlinkDeployment = new FlinkDeployment("ts-app", {
    metadata: { name: "ts-app", namespace: ns.metadata.name },
    spec: {
        image: "flink:1.20",
        flinkVersion: FlinkVersion.v1_20,
        serviceAccount: "flink",
        jobManager: { resource },
        taskManager: { resource },
        job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 1, upgradeMode: UpgradeMode.Stateless },
    },
    skipAwait: true,
}, { dependsOn: [crd] });

export const mode: string = Mode.Application;
export const name = app.name;
`,
        });
        fs.symlinkSync(path.join(h.REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
        project = await h.openProject(dir);
    });

    after(async function () {
        this.timeout(120_000);
        await h.flinkCrdsGone(cluster(), { remove: true });
    });

    it("preview plans the FlinkDeployment", async function () {
        const pv = await project.preview();
        assert.ok(pv.changeSummary.create >= 4, `expected the CRD, the namespace, the component and its custom resource: ${JSON.stringify(pv.changeSummary)}`);
        assert.strictEqual(await h.getObject(cluster(), `/api/v1/namespaces/${NS}`), undefined, "preview created something");
    });

    it("up creates it, with the enum's value as an output (compiled by ts-node)", async function () {
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(res.outputs.mode.value, "application");
        assert.strictEqual(res.outputs.name.value, "ts-app");
        const fd = await h.getObject(cluster(), `${FLINK_API}/namespaces/${NS}/flinkdeployments/ts-app`);
        assert.ok(fd, "FlinkDeployment ts-app missing");
        assert.strictEqual(fd.spec.flinkVersion, "v1_20");
        assert.deepStrictEqual(fd.spec.jobManager.resource, { memory: "2048m", cpu: 1 });
    });

    it("destroy removes it", async function () {
        const res = await project.destroy();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(await h.getObject(cluster(), `${FLINK_API}/namespaces/${NS}/flinkdeployments/ts-app`), undefined);
        await h.eventually(`namespace ${NS} gone`, async () => (await h.getObject(cluster(), `/api/v1/namespaces/${NS}`)) === undefined, 120_000);
    });
});

describe("e2e 7 (nodejs host): a TypeScript program is type-checked", function () {
    let project;
    afterEach(showLogOnFailure(() => project));

    it("a type error fails the preview with the TypeScript diagnostic, before anything is planned", async function () {
        // A program of its own without the Kubernetes typings, so the check costs seconds.
        const dir = write(tempDir("typescript-error"), {
            "Pulumi.yaml": "name: e2e-typescript-error\nruntime: nodejs\n",
            "package.json": JSON.stringify({ name: "e2e-typescript-error", private: true, main: "index.ts" }, null, 2),
            "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true } }, null, 2),
            "index.ts": 'import * as pulumi from "@pulumi/pulumi";\nconst replicas: number = "three";\nexport const out = pulumi.output(replicas);\n',
        });
        fs.symlinkSync(path.join(h.REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
        project = await h.openProject(dir);
        await assert.rejects(project.preview(), (e) => {
            const text = `${e.message}\n${project.tailLog(200)}`;
            return /TS2322/.test(text) && /Type 'string' is not assignable to type 'number'/.test(text);
        });
    });
});

// ---------------------------------------------------------------------------------------------------------------

/** A small hand-written schema: one component with a string, an integer, an enum and an output. */
const SCHEMA = {
    name: "lhtest",
    version: "0.3.0",
    description: "Language host test package",
    resources: {
        "lhtest:index:Greeting": {
            isComponent: true,
            description: "A greeting.",
            inputProperties: {
                message: { type: "string", description: "What to say." },
                replicas: { type: "integer", description: "How many times." },
                tone: { $ref: "#/types/lhtest:index:Tone", description: "How to say it." },
            },
            requiredInputs: ["message"],
            properties: { text: { type: "string", description: "The greeting." } },
            required: ["text"],
        },
    },
    types: {
        "lhtest:index:Tone": {
            type: "string",
            enum: [
                { value: "warm", name: "Warm" },
                { value: "formal", name: "Formal" },
            ],
        },
    },
};

describe("e2e 7: pulumi package gen-sdk through each host's GeneratePackage", function () {
    let dir;
    before(function () {
        dir = write(tempDir("gen-sdk"), { "schema.json": JSON.stringify(SCHEMA, null, 2) });
    });
    const gen = (language) =>
        ok(
            h.pulumiCli(["package", "gen-sdk", path.join(dir, "schema.json"), "--language", language, "--out", path.join(dir, "out")], { cwd: dir }),
            `pulumi package gen-sdk --language ${language}`,
        );

    it("python: a package that installs (pip, setuptools) and imports with the pinned pulumi SDK", function () {
        gen("python");
        const pkg = path.join(dir, "out", "python");
        // setup.py: the schema does not opt into pyproject.toml (language.python.pyproject.enabled), as upstream.
        assert.ok(fs.existsSync(path.join(pkg, "setup.py")), "no setup.py");
        assert.match(read(path.join(pkg, "pulumi_lhtest", "greeting.py")), /class Greeting\(pulumi\.ComponentResource\)/);
        // The package reads its own version from its installed metadata: it must be installed, not only on the path.
        const venv = h.pythonVenv(dir, { install: [pkg] });
        const r = spawnSync(path.join(venv, "bin", "python"), ["-c", "import pulumi_lhtest as m; print(m.Greeting.__name__, m.Tone.FORMAL.value)"], {
            encoding: "utf8",
            cwd: dir,
        });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout.trim(), "Greeting formal");
    });

    it("go: the component's constructor and an integer kept an integer", function () {
        gen("go");
        const src = read(path.join(dir, "out", "go", "lhtest", "greeting.go"));
        assert.match(src, /func NewGreeting\(ctx \*pulumi\.Context,/);
        assert.match(src, /Replicas +pulumi\.IntPtrInput/);
    });

    it("nodejs: a TypeScript package exporting the component", function () {
        gen("nodejs");
        const out = path.join(dir, "out", "nodejs");
        assert.match(read(path.join(out, "greeting.ts")), /export class Greeting extends pulumi\.ComponentResource/);
        assert.strictEqual(JSON.parse(read(path.join(out, "package.json"))).name, "@pulumi/lhtest");
    });

    it("go: overlays are refused, as upstream", function () {
        const overlays = write(tempDir("overlays"), { "go/extra.go": "package lhtest\n" });
        const r = h.pulumiCli(
            ["package", "gen-sdk", path.join(dir, "schema.json"), "--language", "go", "--out", path.join(dir, "out2"), "--overlays", overlays],
            { cwd: dir },
        );
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr + r.stdout, /overlays are not supported for Go/);
    });
});

// ---------------------------------------------------------------------------------------------------------------

describe("e2e 7: pulumi package add of this repository (GeneratePackage + Link)", function () {
    const add = (dir) => ok(h.pulumiCli(["package", "add", h.REPO], { cwd: dir, timeoutMs: 240_000 }), `pulumi package add ${h.REPO} in ${dir}`);
    /** The `packages:` entry `pulumi package add` wrote into Pulumi.yaml. */
    const packagesOf = (dir) => yaml.parse(read(path.join(dir, "Pulumi.yaml"))).packages || {};
    const sdkDirOf = (dir) => {
        const sdks = fs.readdirSync(path.join(dir, "sdks"));
        assert.strictEqual(sdks.length, 1, `one SDK expected in sdks/: ${sdks}`);
        return path.join("sdks", sdks[0]);
    };

    before(function () {
        assert.ok(fs.existsSync(path.join(h.REPO, "PulumiPlugin.yaml")), "the repository has no PulumiPlugin.yaml");
        h.installPackagePlugins();
    });

    it("python: the SDK in sdks/, its path in requirements.txt, the package in Pulumi.yaml", function () {
        const dir = write(tempDir("add-python"), {
            "Pulumi.yaml": "name: add-python\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n",
            "requirements.txt": "pulumi>=3.0.0,<4.0.0\n",
            "__main__.py": "import pulumi\n",
        });
        const r = add(dir);
        const sdk = sdkDirOf(dir);
        assert.ok(
            fs.readdirSync(path.join(dir, sdk)).some((f) => f.startsWith("pulumi_")),
            `no Python package in ${sdk}`,
        );
        assert.deepStrictEqual(read(path.join(dir, "requirements.txt")).split("\n").filter(Boolean), ["pulumi>=3.0.0,<4.0.0", sdk]);
        assert.ok(Object.keys(packagesOf(dir)).length === 1, `Pulumi.yaml packages: ${JSON.stringify(packagesOf(dir))}`);
        assert.match(r.stdout, /import pulumi_\w+ as \w+/);
    });

    it("go: the SDK with its own go.mod, a replace and a require in the program's go.mod", function () {
        const dir = write(tempDir("add-go"), {
            "Pulumi.yaml": "name: add-go\nruntime: go\n",
            "go.mod": "module addgo\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.248.0\n",
            "main.go": "package main\n\nfunc main() {}\n",
        });
        add(dir);
        const sdk = sdkDirOf(dir);
        const sdkModule = /^module (\S+)/m.exec(read(path.join(dir, sdk, "go.mod")))[1];
        const gomod = read(path.join(dir, "go.mod"));
        assert.ok(gomod.includes(`${sdkModule} => ./${sdk}`), `no replace of ${sdkModule} in go.mod:\n${gomod}`);
        assert.match(gomod, new RegExp(`require[\\s\\S]*${sdkModule.replace(/[./]/g, "\\$&")} v0\\.0\\.0-`), `no require of ${sdkModule}:\n${gomod}`);
        assert.ok(Object.keys(packagesOf(dir)).length === 1);
    });

    it("typescript: the SDK linked into package.json as a file: dependency", function () {
        const dir = write(tempDir("add-ts"), {
            "Pulumi.yaml": "name: add-ts\nruntime: nodejs\n",
            "package.json": JSON.stringify({ name: "add-ts", private: true, main: "index.ts", dependencies: { "@pulumi/pulumi": "^3.142.0" } }, null, 2),
            "tsconfig.json": "{}\n",
            "index.ts": 'import * as pulumi from "@pulumi/pulumi";\n',
        });
        const r = add(dir);
        const sdk = sdkDirOf(dir);
        const sdkName = JSON.parse(read(path.join(dir, sdk, "package.json"))).name;
        const deps = JSON.parse(read(path.join(dir, "package.json"))).dependencies;
        assert.strictEqual(deps[sdkName], `file:${sdk}`, JSON.stringify(deps));
        assert.ok(fs.existsSync(path.join(dir, sdk, "index.ts")), "no index.ts in the Node.js SDK");
        assert.match(r.stdout, new RegExp(`import \\* as \\w+ from "${sdkName.replace(/[./]/g, "\\$&")}"`));
    });
});

// ---------------------------------------------------------------------------------------------------------------

/**
 * A tiny component package of our own (PulumiPlugin.yaml, a TypeScript component that makes a ConfigMap), so the
 * Python and Go programs below exercise the hosts, not the Flink components (examples/ does that).
 */
function greeterPackage() {
    const dir = tempDir("greeter-pkg");
    const source = `
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

export interface GreetingArgs {
    /** The namespace of the ConfigMap. */
    namespace: pulumi.Input<string>;
    /** The greeting stored in the ConfigMap. */
    message: pulumi.Input<string>;
}

/** A ConfigMap holding a greeting. */
export class Greeting extends pulumi.ComponentResource {
    /** The ConfigMap's name. */
    public readonly configMapName: pulumi.Output<string>;
    constructor(name: string, args: GreetingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("greeter:index:Greeting", name, args, opts);
        const cm = new k8s.core.v1.ConfigMap(name, {
            metadata: { name, namespace: args.namespace },
            data: { message: args.message },
        }, { parent: this });
        this.configMapName = cm.metadata.name;
        this.registerOutputs({ configMapName: this.configMapName });
    }
}
`;
    write(dir, {
        "PulumiPlugin.yaml": "runtime: nodejs\n",
        "package.json": JSON.stringify({ name: "greeter", version: "0.2.0", main: "index.js" }, null, 2),
        "index.ts": source,
        // The plugin runner loads `main`; the schema is inferred from index.ts beside it.
        "index.js": ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText,
    });
    fs.symlinkSync(path.join(h.REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

describe("e2e 7 (python and go hosts): programs using a generated component SDK, end to end", function () {
    let greeter;
    const cluster = () => h.state.cluster;
    const configMap = (name) => h.getObject(cluster(), `/api/v1/namespaces/default/configmaps/${name}`);

    before(function () {
        h.installPackagePlugins();
        greeter = greeterPackage();
    });

    describe("python", function () {
        let project;
        afterEach(showLogOnFailure(() => project));

        before(async function () {
            const dir = write(tempDir("greeter-python"), {
                "Pulumi.yaml": "name: greeter-python\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n",
                "requirements.txt": "pulumi>=3.0.0,<4.0.0\n",
                "__main__.py": [
                    "import pulumi",
                    "import pulumi_greeter as greeter",
                    "",
                    "config = pulumi.Config()",
                    'g = greeter.Greeting("py-greeting", namespace="default", message=config.require("message"))',
                    'pulumi.export("configMapName", g.config_map_name)',
                    "",
                ].join("\n"),
            });
            ok(h.pulumiCli(["package", "add", greeter], { cwd: dir }), "pulumi package add (python)");
            const sdk = read(path.join(dir, "requirements.txt"))
                .split("\n")
                .find((l) => l.startsWith("sdks/"));
            assert.ok(sdk, "package add linked nothing into requirements.txt");
            h.pythonVenv(dir, { install: [path.join(dir, sdk)] });
            project = await h.openProject(dir, { config: { message: { value: "hello from python" } } });
        });

        it("preview plans the component and its ConfigMap", async function () {
            const { result, steps } = await h.previewSteps(project);
            assert.ok(result.changeSummary.create >= 3, JSON.stringify(result.changeSummary));
            assert.ok(
                steps.some((s) => s.type === "greeter:index:Greeting" && s.op === "create"),
                JSON.stringify(steps.map((s) => s.type)),
            );
            assert.strictEqual(await configMap("py-greeting"), undefined, "preview created the ConfigMap");
        });

        it("up creates the ConfigMap, the component's output comes back", async function () {
            const res = await project.up();
            assert.strictEqual(res.summary.result, "succeeded");
            assert.strictEqual(res.outputs.configMapName.value, "py-greeting");
            assert.deepStrictEqual((await configMap("py-greeting")).data, { message: "hello from python" });
        });

        it("destroy removes it", async function () {
            const res = await project.destroy();
            assert.strictEqual(res.summary.result, "succeeded");
            assert.strictEqual(await configMap("py-greeting"), undefined);
        });
    });

    describe("go", function () {
        let project;
        afterEach(showLogOnFailure(() => project));

        before(async function () {
            const dir = write(tempDir("greeter-go"), {
                "Pulumi.yaml": "name: greeter-go\nruntime: go\n",
                "go.mod": "module greetergo\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.248.0\n",
            });
            const r = ok(h.pulumiCli(["package", "add", greeter], { cwd: dir }), "pulumi package add (go)");
            // Link's instructions name the import path of the generated package.
            const m = /import \(\s*"([^"]+)"/.exec(r.stdout);
            assert.ok(m, `no import path in the output of package add:\n${r.stdout}`);
            write(dir, {
                "main.go": `package main

import (
	greeter "${m[1]}"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		g, err := greeter.NewGreeting(ctx, "go-greeting", &greeter.GreetingArgs{
			Namespace: pulumi.String("default"),
			Message:   pulumi.String(config.Require(ctx, "message")),
		})
		if err != nil {
			return err
		}
		ctx.Export("configMapName", g.ConfigMapName)
		return nil
	})
}
`,
            });
            project = await h.openProject(dir, { config: { message: { value: "hello from go" } }, env: h.goEnv() });
        });

        it("preview compiles the program and plans the component and its ConfigMap", async function () {
            this.timeout(600_000); // the first `go build` compiles the Pulumi Go SDK
            const { result, steps } = await h.previewSteps(project);
            assert.ok(result.changeSummary.create >= 3, JSON.stringify(result.changeSummary));
            assert.ok(
                steps.some((s) => s.type === "greeter:index:Greeting" && s.op === "create"),
                JSON.stringify(steps.map((s) => s.type)),
            );
            assert.strictEqual(await configMap("go-greeting"), undefined, "preview created the ConfigMap");
        });

        it("up creates the ConfigMap, the component's output comes back", async function () {
            const res = await project.up();
            assert.strictEqual(res.summary.result, "succeeded");
            assert.strictEqual(res.outputs.configMapName.value, "go-greeting");
            assert.deepStrictEqual((await configMap("go-greeting")).data, { message: "hello from go" });
        });

        it("destroy removes it", async function () {
            const res = await project.destroy();
            assert.strictEqual(res.summary.result, "succeeded");
            assert.strictEqual(await configMap("go-greeting"), undefined);
        });
    });
});
