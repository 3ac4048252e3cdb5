#!/usr/bin/env node
// @ts-check
// `npm run tools`: make the e2e toolchain available and print its bin directory on the LAST line of stdout.
//
// Tools: Pulumi CLI, Node.js language host, Kubernetes provider plugin, etcd, kube-apiserver, kube-controller-manager.
// Also the language hosts for Node.js, Python and Go (one multicall stand-in, tools/langhost) and a Python venv with the
// pinned `pulumi` package (python-venv: made with the python3 on PATH and pip, not linked into the bin directory;
// ensureTools() returns it as tools["python-venv"], whose `dir` a Python project names as its `virtualenv`).
// For each, the one on PATH is used when present (and acceptable: etcd >= 3.5, Kubernetes binaries of the pinned
// minor); otherwise it is built from Go modules with `go build` (GOTOOLCHAIN=local, CGO_ENABLED=0) in a wrapper module
// assembled in the cache, outside the checkout: the Go files of tools/wrappers/<tool>/ plus a go.mod generated from the
// upstream module's (its requires, replaces and go.sum), built into
// ~/.cache/pulumi-flink/tools/<tool>-<version>-<hash of the wrapper files>/bin/<binary> (a changed wrapper file rebuilds).
// Run as a command, it also builds the real Flink Kubernetes Operator and webhook jars for e2e 12 with Java + Maven
// (tools/flink-operator.js, versions.json flinkOperator; a cache hit runs no Maven); the last line stays the bin dir.
// Versions come from tools/versions.json only; drift against node_modules fails before anything is built.
// Progress goes to stderr (tool: step, a heartbeat every minute); build logs go to ~/.cache/pulumi-flink/tools/logs/.
// A build happens in a temporary directory and is renamed into place with its COMPLETE marker written last, so a
// failed or interrupted build is never taken as done. Errors end with one line: `tools: <tool>: <step> failed: ... (log: <file>)`.
//
// Flags / environment:
//   --check                 only compare tools/versions.json with node_modules (exit 1 on drift)
//   --ignore-path, TOOLS_IGNORE_PATH=1   build even when a tool is on PATH
//   TOOLS_ALLOW_DRIFT=1     report drift as a warning instead of failing (for local experiments only)
//   PULUMI_FLINK_CACHE=dir  cache root instead of ~/.cache/pulumi-flink;  GO=/path/to/go  the go binary to use
//
// Also a library: require("./toolchain").ensureTools() resolves to { binDir, tools }.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const crypto = require("crypto");
const { spawn, spawnSync } = require("child_process");

const REPO = path.resolve(__dirname, "..");
const VERSIONS = require("./versions.json");

/**
 * How a tool is found or built. `sourceHash` (our own sources: wrapper files, stand-in hosts) is part of its cache key.
 * @typedef {{ go: string, log: string, env: NodeJS.ProcessEnv, src: string, bin: string }} BuildContext
 * @typedef {{ ok: boolean, version?: string, why: string }} PathCheck
 * @typedef {{
 *   name: string, binary: string, version: string, cacheName?: string,
 *   noPath?: boolean, noLink?: boolean, extraBinaries?: string[],
 *   acceptPath: (bin: string) => PathCheck,
 *   sourceHash?: () => string,
 *   build: (ctx: BuildContext) => Promise<void>,
 *   verify: (bin: string, log: string) => string | undefined,
 * }} Tool
 * @typedef {{ path: string, source: "PATH" | "cache" | "built", version: string | undefined, dir?: string }} ChosenTool
 */

class ToolError extends Error {
    /**
     * @param {string} tool
     * @param {string} step
     * @param {string} message
     * @param {string} [log]
     */
    constructor(tool, step, message, log) {
        super(`tools: ${tool}: ${step} failed: ${message}${log ? ` (log: ${log})` : ""}`);
        this.tool = tool;
        this.step = step;
        this.log = log;
    }
}

function cacheRoot() {
    const base = process.env.PULUMI_FLINK_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-flink");
    return path.join(base, "tools");
}

/**
 * @param {string} tool
 * @param {string} step
 * @param {string} [extra]
 */
function progress(tool, step, extra) {
    process.stderr.write(`[tools] ${tool}: ${step}${extra ? ` ${extra}` : ""}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Version pins and drift checks

/** @param {string} pkg @returns {string | undefined} */
function npmVersion(pkg) {
    const file = path.join(REPO, "node_modules", pkg, "package.json");
    if (!fs.existsSync(file)) return undefined;
    return JSON.parse(fs.readFileSync(file, "utf8")).version;
}

/** @param {string} v @returns {string | undefined} */
function minorOf(v) {
    const m = /^v?(\d+)\.(\d+)/.exec(v);
    return m ? `${m[1]}.${m[2]}` : undefined;
}

/** Returns a list of drift problems (empty when consistent). Cheap: reads only small JSON files. */
function checkPins() {
    const problems = [];
    const v = VERSIONS;
    const pulumiNpm = npmVersion(v.pulumi.npmPackage);
    if (pulumiNpm !== v.pulumi.version) {
        problems.push(`Pulumi CLI pinned at ${v.pulumi.version} but ${v.pulumi.npmPackage} in node_modules is ${pulumiNpm ?? "missing"}`);
    }
    const kp = v.kubernetesProvider;
    const k8sNpm = npmVersion(kp.npmPackage);
    if (k8sNpm !== kp.npmVersion) {
        problems.push(
            `Kubernetes provider plugin pinned for ${kp.npmPackage} ${kp.npmVersion} (plugin ${kp.pluginVersion}) but node_modules has ${k8sNpm ?? "nothing"}`,
        );
    }
    if (!kp.pluginVersion.startsWith(kp.npmVersion)) {
        problems.push(`kubernetesProvider.pluginVersion ${kp.pluginVersion} is not a build of ${kp.npmVersion}`);
    }
    if (v.pythonVenv && v.pythonVenv.packages.pulumi !== v.pulumi.version) {
        problems.push(`pythonVenv pins the pulumi Python package at ${v.pythonVenv.packages.pulumi} but the Pulumi CLI is ${v.pulumi.version}`);
    }
    const apiMinor = Number((minorOf(v.kubeApiserver.version) ?? "").split(".")[1]);
    if (apiMinor !== kp.clientGoMinor) {
        problems.push(`kube-apiserver ${v.kubeApiserver.version} has minor ${apiMinor} but the provider's client-go minor is ${kp.clientGoMinor}`);
    }
    return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Go helpers

/** @param {NodeJS.ProcessEnv} [extra] @returns {NodeJS.ProcessEnv} */
function goEnv(extra) {
    const env = { ...process.env, ...VERSIONS.go.env, ...(extra || {}) };
    return env;
}

function findGo() {
    // GO=/path/to/go picks the toolchain explicitly (and only that one).
    if (process.env.GO) {
        try {
            fs.accessSync(process.env.GO, fs.constants.X_OK);
            return process.env.GO;
        } catch {
            return undefined;
        }
    }
    const candidates = [];
    for (const dir of (process.env.PATH || "").split(path.delimiter)) if (dir) candidates.push(path.join(dir, "go"));
    candidates.push("/usr/local/go/bin/go");
    for (const c of candidates) {
        try {
            fs.accessSync(c, fs.constants.X_OK);
            return c;
        } catch {
            /* next */
        }
    }
    return undefined;
}

/** @param {string | undefined} go @returns {string} the version `go env GOVERSION` reports */
function checkGo(go) {
    if (!go)
        throw new ToolError(
            "go",
            "find go toolchain",
            `${process.env.GO ? `GO=${process.env.GO} is not executable` : "no `go` on PATH or at /usr/local/go/bin/go"}; install Go >= ${VERSIONS.go.minimum}`,
        );
    const r = spawnSync(go, ["env", "GOVERSION"], { env: goEnv(), encoding: "utf8" });
    const ver = (r.stdout || "").trim();
    // go1.25.11, go1.26rc1: compare major, minor and patch (a missing patch is 0) with the minimum.
    const m = /^go(\d+)\.(\d+)(?:\.(\d+))?/.exec(ver);
    const have = m ? [Number(m[1]), Number(m[2]), Number(m[3] || 0)] : [];
    const need = VERSIONS.go.minimum.split(".").map(Number);
    const older = m && (have[0] - need[0] || have[1] - need[1] || have[2] - (need[2] || 0)) < 0;
    if (r.status !== 0 || !m || older) {
        throw new ToolError("go", "check go toolchain", `${go} reports '${ver || r.stderr.trim()}', need >= go${VERSIONS.go.minimum}`);
    }
    return ver;
}

/** @type {import("child_process").ChildProcess | undefined} */
let currentChild;

/**
 * Run a command with output appended to `log`; heartbeat on stderr while it runs. Resolves to its milliseconds.
 * @param {string} tool
 * @param {string} step
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ log: string, env?: NodeJS.ProcessEnv, cwd?: string }} opts
 * @returns {Promise<number>}
 */
function run(tool, step, cmd, args, opts) {
    return new Promise((resolve, reject) => {
        const fd = fs.openSync(opts.log, "a");
        fs.writeSync(fd, `\n$ ${cmd} ${args.join(" ")}\n`);
        const started = Date.now();
        progress(tool, step, `(log: ${opts.log})`);
        const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", fd, fd], detached: true });
        currentChild = child;
        const beat = setInterval(() => {
            const s = Math.round((Date.now() - started) / 1000);
            progress(tool, step, `still running (${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s)`);
        }, 60_000);
        child.on("error", (err) => {
            clearInterval(beat);
            fs.closeSync(fd);
            currentChild = undefined;
            reject(new ToolError(tool, step, err.message, opts.log));
        });
        child.on("exit", (code, signal) => {
            clearInterval(beat);
            fs.closeSync(fd);
            currentChild = undefined;
            if (code === 0) return resolve(Date.now() - started);
            let last = "";
            try {
                // The most telling line of this step's output: the last error-looking one, else the last one.
                const all = fs.readFileSync(opts.log, "utf8");
                const lines = all
                    .slice(all.lastIndexOf("\n$ "))
                    .trim()
                    .split("\n")
                    .slice(1)
                    .filter((l) => l.trim());
                last = [...lines].reverse().find((l) => /"Error":|error|cannot|failed|forbidden|not found|undefined:/i.test(l)) || lines.slice(-1)[0] || "";
            } catch {
                /* ignore */
            }
            reject(new ToolError(tool, step, `${cmd} exited with ${signal || code}${last ? `: ${last.trim().slice(0, 200)}` : ""}`, opts.log));
        });
    });
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cwd
 */
function runQuiet(cmd, args, env, cwd) {
    const r = spawnSync(cmd, args, { env, cwd, encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${(r.stderr || "").trim().slice(0, 500)}`);
    return r.stdout;
}

/**
 * Download a module and return its directory in the module cache.
 * @param {string} go
 * @param {string} tool
 * @param {string} mod
 * @param {string} version
 * @param {string} log
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<string>}
 */
async function modDir(go, tool, mod, version, log, env) {
    await run(tool, `go mod download ${mod}@${version}`, go, ["mod", "download", "-json", `${mod}@${version}`], { log, env, cwd: os.tmpdir() });
    const out = runQuiet(go, ["mod", "download", "-json", `${mod}@${version}`], env, os.tmpdir());
    const info = JSON.parse(out);
    if (info.Error) throw new ToolError(tool, `go mod download ${mod}@${version}`, info.Error, log);
    return info.Dir;
}

/**
 * @typedef {{ from: string, fromVersion?: string, to: string, toVersion?: string }} Replace
 */
/** Parse `replace` directives of a go.mod into [{from, fromVersion, to, toVersion}]. @param {string} gomod @returns {Replace[]} */
function parseReplaces(gomod) {
    const out = [];
    const lines = gomod.split("\n");
    let inBlock = false;
    for (let raw of lines) {
        const line = raw.replace(/\/\/.*$/, "").trim();
        if (!line) continue;
        let body;
        if (inBlock) {
            if (line === ")") {
                inBlock = false;
                continue;
            }
            body = line;
        } else if (line === "replace (") {
            inBlock = true;
            continue;
        } else if (line.startsWith("replace ")) {
            body = line.slice("replace ".length);
        } else continue;
        const [lhs, rhs] = body.split("=>").map((s) => s.trim().split(/\s+/));
        out.push({ from: lhs[0], fromVersion: lhs[1], to: rhs[0], toVersion: rhs[1] });
    }
    return out;
}

/** @param {string} gomod */
function goDirective(gomod) {
    const m = /^go\s+(\S+)/m.exec(gomod);
    return m ? m[1] : "1.24";
}

/** @param {string} gomod */
function godebugLines(gomod) {
    return gomod.split("\n").filter((l) => /^godebug\s/.test(l));
}

// ---------------------------------------------------------------------------------------------------------------
// Tool definitions

const P = VERSIONS.pulumi;
const KP = VERSIONS.kubernetesProvider;
const KA = VERSIONS.kubeApiserver;
const ET = VERSIONS.etcd;

/**
 * What `bin args` prints, matched by `re` (group 1), or undefined; appended to `log` when given.
 * @param {string} bin
 * @param {string[]} args
 * @param {RegExp} re
 * @param {string} [log]
 * @returns {string | undefined}
 */
function versionOf(bin, args, re, log) {
    const r = spawnSync(bin, args, { encoding: "utf8", timeout: 20_000 });
    const out = `${r.stdout || ""}\n${r.stderr || ""}`;
    if (log) fs.appendFileSync(log, `\n$ ${bin} ${args.join(" ")}\n${out}${r.error ? `\n${r.error.message}` : ""}\nexit: ${r.status}\n`);
    const m = re.exec(out);
    return m ? m[1] : undefined;
}

/** kube-apiserver / kube-controller-manager from k8s.io/kubernetes: one wrapper module per binary, same pins. */
/** @param {string} name @param {string} pkg @returns {Tool} */
function kubernetesTool(name, pkg) {
    const versionRe = new RegExp(`(?:Kubernetes|${name}) v(\\S+)`);
    return {
        name,
        binary: name,
        version: KA.version,
        acceptPath: (bin) => {
            const v = versionOf(bin, ["--version"], versionRe);
            const ok = !!v && minorOf(v) === minorOf(KA.version);
            return { ok, version: v, why: ok ? "" : `${name} on PATH is ${v || "unknown"}, need minor ${minorOf(KA.version)} (the provider's client-go)` };
        },
        sourceHash: () => wrapperHash(name),
        async build(ctx) {
            const dir = await modDir(ctx.go, name, KA.module, `v${KA.version}`, ctx.log, ctx.env);
            const gomod = fs.readFileSync(path.join(dir, "go.mod"), "utf8");
            const staging = `v0.${KA.version.split(".").slice(1).join(".")}`;
            const etcd = /go\.etcd\.io\/etcd\/client\/v3 v(\d+\.\d+)\./.exec(gomod);
            if (etcd && etcd[1] !== minorOf(ET.version)) {
                throw new ToolError(
                    name,
                    "check etcd version",
                    `k8s.io/kubernetes v${KA.version} uses etcd ${etcd[1]}.x, versions.json pins etcd ${ET.version}`,
                    ctx.log,
                );
            }
            const mod = [
                `module pulumiflink.local/tools/${name.replace(/-/g, "")}`,
                "",
                `go ${goDirective(gomod)}`,
                "",
                ...godebugLines(gomod),
                "",
                `require ${KA.module} v${KA.version}`,
                // Every staging module (./staging/src/k8s.io/X) comes from the proxy at the matching v0.N.P.
                ...wrapperReplaces(gomod, (r) => (r.to.startsWith("./staging/") ? `${r.from} ${staging}` : null)),
                "",
            ].join("\n");
            writeWrapper(ctx.src, mod, [path.join(dir, "go.sum")], wrapperSources(name, [pkg]));
            const [maj, min] = KA.version.split(".");
            await goBuild(ctx, name, pkg, name, [
                `-X k8s.io/component-base/version.gitVersion=v${KA.version}`,
                `-X k8s.io/component-base/version.gitMajor=${maj}`,
                `-X k8s.io/component-base/version.gitMinor=${min}`,
                `-X k8s.io/component-base/version.gitTreeState=clean`,
            ]);
        },
        verify: (bin, log) => versionOf(bin, ["--version"], versionRe, log),
    };
}

/** @type {Tool[]} */
const TOOLS = [
    {
        name: "etcd",
        binary: "etcd",
        version: ET.version,
        // Debian's etcd 3.4 is too old for a 1.33 API server: accept a PATH etcd only from 3.5 on.
        acceptPath: (bin) => {
            const v = versionOf(bin, ["--version"], /etcd Version:\s*(\S+)/);
            const ok = !!v && /^3\.(5|6|7|8)\./.test(v);
            return { ok, version: v, why: ok ? "" : `etcd on PATH is ${v || "unknown"}, need >= 3.5` };
        },
        sourceHash: () => wrapperHash("etcd"),
        async build(ctx) {
            const dir = await modDir(ctx.go, "etcd", ET.module, `v${ET.version}`, ctx.log, ctx.env);
            const gomod = fs.readFileSync(path.join(dir, "go.mod"), "utf8");
            const mod = [
                "module pulumiflink.local/tools/etcd",
                "",
                `go ${goDirective(gomod)}`,
                "",
                `require ${ET.module} v${ET.version}`,
                ...wrapperReplaces(gomod, () => null),
                "",
            ].join("\n");
            writeWrapper(ctx.src, mod, [path.join(dir, "go.sum")], wrapperSources("etcd", [ET.package]));
            await goBuild(ctx, "etcd", ".", "etcd", []);
        },
        verify: (bin, log) => versionOf(bin, ["--version"], /etcd Version:\s*(\S+)/, log),
    },
    kubernetesTool("kube-apiserver", KA.package),
    // Only its garbage-collector and namespace controllers run (tools/cluster.js): foreground deletion (the provider's
    // default) and namespace deletion then finish as on a real cluster. No scheduler or kubelet: pods never run.
    kubernetesTool("kube-controller-manager", KA.controllerManagerPackage),
    {
        name: "pulumi-resource-kubernetes",
        binary: "pulumi-resource-kubernetes",
        version: KP.pluginVersion,
        acceptPath: () => ({ ok: true, version: "(on PATH)", why: "" }),
        sourceHash: () => wrapperHash("pulumi-resource-kubernetes"),
        async build(ctx) {
            const dir = await modDir(ctx.go, "pulumi-resource-kubernetes", KP.module, KP.pseudoVersion, ctx.log, ctx.env);
            const gomod = fs.readFileSync(path.join(dir, "go.mod"), "utf8");
            const cg = /k8s\.io\/client-go v0\.(\d+)\./.exec(gomod);
            if (!cg || Number(cg[1]) !== KP.clientGoMinor) {
                throw new ToolError(
                    "pulumi-resource-kubernetes",
                    "check client-go minor",
                    `provider go.mod has client-go ${cg ? `v0.${cg[1]}` : "?"}, versions.json says minor ${KP.clientGoMinor}`,
                    ctx.log,
                );
            }
            const mod = [
                "module pulumiflink.local/tools/kubeprovider",
                "",
                `go ${goDirective(gomod)}`,
                "",
                "require (",
                `\t${KP.module} ${KP.pseudoVersion}`,
                `\t${KP.sdkModule} ${KP.sdkVersion}`,
                ")",
                ...wrapperReplaces(gomod, () => null),
                "",
            ].join("\n");
            // main.go upstream go:embeds schema-embed.json / terraform-mapping-embed.json, generated at release time and
            // missing from the module zip: the wrapper's main.go embeds the committed schema.json / terraform-mapping.json instead.
            const cmdDir = path.join(dir, "cmd", "pulumi-resource-kubernetes");
            writeWrapper(
                ctx.src,
                mod,
                [path.join(dir, "go.sum")],
                wrapperSources("pulumi-resource-kubernetes", [`${KP.module}/pkg/provider`, `${KP.module}/pkg/version`]),
            );
            fs.copyFileSync(path.join(cmdDir, "schema.json"), path.join(ctx.src, "schema-embed.json"));
            fs.copyFileSync(path.join(cmdDir, "terraform-mapping.json"), path.join(ctx.src, "terraform-mapping-embed.json"));
            await goBuild(ctx, "pulumi-resource-kubernetes", ".", "pulumi-resource-kubernetes", [`-X ${KP.module}/pkg/version.Version=${KP.pluginVersion}`]);
        },
        verify: () => KP.pluginVersion,
    },
    {
        name: "pulumi",
        binary: "pulumi",
        version: P.version,
        acceptPath: (bin) => {
            const v = versionOf(bin, ["version"], /v?(\d+\.\d+\.\d+\S*)/);
            return { ok: !!v, version: v, why: v ? "" : "pulumi on PATH does not report a version" };
        },
        sourceHash: () => wrapperHash("pulumi"),
        async build(ctx) {
            const dir = await modDir(ctx.go, "pulumi", P.module, `v${P.version}`, ctx.log, ctx.env);
            const gomod = fs.readFileSync(path.join(dir, "go.mod"), "utf8");
            const mod = [
                "module pulumiflink.local/tools/pulumi",
                "",
                `go ${goDirective(gomod)}`,
                "",
                "require (",
                `\t${P.module} v${P.version}`,
                `\t${P.sdkModule} v${P.version}`,
                ")",
                // pkg's go.mod points sdk at ../sdk: required at the same version above instead.
                ...wrapperReplaces(gomod, () => null),
                "",
            ].join("\n");
            writeWrapper(ctx.src, mod, [path.join(dir, "go.sum")], wrapperSources("pulumi", [P.package]));
            await goBuild(ctx, "pulumi", P.package, "pulumi", [`-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${P.version}`], P.tags);
        },
        verify: (bin, log) => versionOf(bin, ["version"], /v?(\d+\.\d+\.\d+\S*)/, log),
    },
    ...languageHostTools(),
    pythonVenvTool(),
    yamlHostTool(),
    dotnetHostTool(),
];

/** The real YAML language host, pulumi-yaml at its own pins (versions.json yamlLanguageHost). */
/** @returns {Tool} */
function yamlHostTool() {
    const Y = VERSIONS.yamlLanguageHost;
    const name = "pulumi-language-yaml";
    return {
        name,
        binary: name,
        version: Y.version,
        acceptPath: () => ({ ok: true, version: "(on PATH)", why: "" }),
        sourceHash: () => wrapperHash(name),
        async build(ctx) {
            const dir = await modDir(ctx.go, name, Y.module, `v${Y.version}`, ctx.log, ctx.env);
            const gomod = fs.readFileSync(path.join(dir, "go.mod"), "utf8");
            const pk = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\S+)/.exec(gomod);
            if (!pk || pk[1] !== Y.pulumiVersion) {
                throw new ToolError(
                    name,
                    "check pulumi pins",
                    `${Y.module} v${Y.version} requires pkg/v3 ${pk ? pk[1] : "?"}, versions.json says ${Y.pulumiVersion}`,
                    ctx.log,
                );
            }
            const mod = [
                "module pulumiflink.local/tools/yamlhost",
                "",
                `go ${goDirective(gomod)}`,
                "",
                `require ${Y.module} v${Y.version}`,
                ...wrapperReplaces(gomod, () => null),
                "",
            ].join("\n");
            writeWrapper(ctx.src, mod, [path.join(dir, "go.sum")], wrapperSources(name, [Y.package]));
            await goBuild(ctx, name, Y.package, name, [`-X ${Y.module}/pkg/version.Version=v${Y.version}`]);
        },
        // What was linked (the binary's build info): pulumi-yaml at the pinned version, on pkg/v3 at its own pin.
        verify: (bin, log) => {
            const info = versionOf(findGo() || "go", ["version", "-m", bin], /([\s\S]*)/, log) || "";
            const linked = /** @param {string} mod */ (mod) => (new RegExp(`\\s(?:dep|mod)\\s+${mod.replace(/[./]/g, "\\$&")}\\s+v(\\S+)`).exec(info) || [])[1];
            return linked(Y.module) === Y.version && linked(VERSIONS.pulumi.module) === Y.pulumiVersion ? Y.version : undefined;
        },
    };
}

/** GeneratePackage-only stand-in for the .NET host (tools/langhost-dotnet), codegen of pkg/v3 at codegenVersion. */
/** @returns {Tool} */
function dotnetHostTool() {
    const D = VERSIONS.dotnetLanguageHost;
    const P = VERSIONS.pulumi;
    const name = "pulumi-language-dotnet";
    return {
        name,
        binary: name,
        version: `${D.codegenVersion}-standin`,
        acceptPath: () => ({ ok: true, version: "(on PATH)", why: "" }),
        sourceHash: () => hashFiles([path.join(REPO, D.source, "main.go")]),
        async build(ctx) {
            const pkgDir = await modDir(ctx.go, name, P.module, `v${D.codegenVersion}`, ctx.log, ctx.env);
            const sdkDir = await modDir(ctx.go, name, P.sdkModule, `v${D.codegenVersion}`, ctx.log, ctx.env);
            const gomod = fs.readFileSync(path.join(pkgDir, "go.mod"), "utf8");
            if (!fs.existsSync(path.join(pkgDir, "codegen", "dotnet"))) {
                throw new ToolError(name, "check codegen", `${P.module} v${D.codegenVersion} has no codegen/dotnet`, ctx.log);
            }
            const mod = [
                "module pulumiflink.local/tools/langhostdotnet",
                "",
                `go ${goDirective(gomod)}`,
                "",
                "require (",
                `\t${P.module} v${D.codegenVersion}`,
                `\t${P.sdkModule} v${D.codegenVersion}`,
                ")",
                // pkg's go.mod points sdk at ../sdk: required at the same version above instead.
                ...wrapperReplaces(gomod, () => null),
                "",
            ].join("\n");
            writeWrapper(ctx.src, mod, [path.join(pkgDir, "go.sum"), path.join(sdkDir, "go.sum")], {
                "main.go": fs.readFileSync(path.join(REPO, D.source, "main.go"), "utf8"),
            });
            await goBuild(ctx, name, ".", name, [`-X main.Version=${D.codegenVersion}`]);
        },
        verify: (bin, log) => versionOf(bin, ["--version"], /stand-in \(GeneratePackage only\) codegen v(\S+)/, log),
    };
}

/**
 * The stand-in language hosts (tools/langhost, versions.json languageHost): ONE multicall binary, built once into one
 * cache directory, serving as pulumi-language-nodejs, -python and -go (symlinks choosing the language by name). Each
 * language is its own entry so that a real host of that language on PATH is still preferred, language by language.
 */
/** @returns {Tool[]} */
function languageHostTools() {
    const LH = VERSIONS.languageHost;
    /** @type {Omit<Tool, "name" | "binary">} */
    const common = {
        version: `${P.version}-${LH.revision}`,
        cacheName: "pulumi-language-hosts",
        acceptPath: () => ({ ok: true, version: "(on PATH)", why: "" }),
        // The source is ours: rebuild when it changes.
        sourceHash: () => hashFiles(LH.files.map((f) => path.join(REPO, LH.source, f))),
        build: buildLanguageHosts,
        verify: (bin, log) => versionOf(bin, ["-version"], /^(\d+\.\d+\.\d+\S*)/m, log),
    };
    return [
        // Dynamic providers are started through pulumi-resource-pulumi-nodejs (a script shipped in the sdk module).
        { ...common, name: "pulumi-language-nodejs", binary: "pulumi-language-nodejs", extraBinaries: ["pulumi-resource-pulumi-nodejs"] },
        // The Python host runs programs through pulumi-language-python-exec, found next to the host's own binary.
        { ...common, name: "pulumi-language-python", binary: "pulumi-language-python", extraBinaries: ["pulumi-language-python-exec"] },
        { ...common, name: "pulumi-language-go", binary: "pulumi-language-go" },
    ];
}

/** @param {BuildContext} ctx */
async function buildLanguageHosts(ctx) {
    const LH = VERSIONS.languageHost;
    const tool = "pulumi-language-hosts";
    const sdkDir = await modDir(ctx.go, tool, P.sdkModule, `v${P.version}`, ctx.log, ctx.env);
    const pkgDir = await modDir(ctx.go, tool, P.module, `v${P.version}`, ctx.log, ctx.env);
    const gomod = fs.readFileSync(path.join(pkgDir, "go.mod"), "utf8");
    // The code generators live in pkg/v3: pkg and sdk at the CLI's version, with pkg's replace lines (as for `pulumi`).
    const mod = [
        "module pulumiflink.local/tools/langhost",
        "",
        `go ${goDirective(gomod)}`,
        "",
        "require (",
        `\t${P.module} v${P.version}`,
        `\t${P.sdkModule} v${P.version}`,
        ")",
        ...wrapperReplaces(gomod, () => null),
        "",
    ].join("\n");
    const sources = Object.fromEntries(LH.files.map((f) => [f, fs.readFileSync(path.join(REPO, LH.source, f), "utf8")]));
    writeWrapper(ctx.src, mod, [path.join(pkgDir, "go.sum"), path.join(sdkDir, "go.sum")], sources);
    // Same tags as the CLI build, so the two share most of the Go build cache.
    await goBuild(ctx, tool, ".", "pulumi-language-nodejs", [`-X main.Version=${P.version}`], P.tags);
    for (const name of ["pulumi-language-python", "pulumi-language-go"]) {
        fs.symlinkSync("pulumi-language-nodejs", path.join(ctx.bin, name));
    }
    for (const [from, to] of [
        [path.join(sdkDir, "nodejs", "dist", "pulumi-resource-pulumi-nodejs"), "pulumi-resource-pulumi-nodejs"],
        [path.join(sdkDir, "python", "cmd", "pulumi-language-python-exec"), "pulumi-language-python-exec"],
    ]) {
        fs.copyFileSync(from, path.join(ctx.bin, to));
        fs.chmodSync(path.join(ctx.bin, to), 0o755);
    }
}

/**
 * A Python virtual environment with the pinned `pulumi` package (versions.json pythonVenv), for running Python
 * programs: ensureTools() returns it as tools["python-venv"] (`dir` is the venv, usable as a project's `virtualenv`;
 * `path` is its python). Not taken from PATH and not linked into the bin directory (it would shadow python3).
 */
/** @returns {Tool} */
function pythonVenvTool() {
    const PV = VERSIONS.pythonVenv;
    const name = "python-venv";
    const pins = Object.entries(PV.packages).map(([p, v]) => `${p}==${v}`);
    /** @type {Tool} */
    const tool = {
        name,
        binary: "python",
        version: PV.packages.pulumi,
        noPath: true,
        noLink: true,
        sourceHash: () => crypto.createHash("sha256").update(JSON.stringify(PV)).digest("hex").slice(0, 12),
        acceptPath: () => ({ ok: false, why: "always built" }),
        async build(ctx) {
            const py = process.env.PYTHON || onPath("python3", []);
            const hint = `install Python >= ${PV.pythonMinimum} with its venv module (Debian: apt-get install python3 python3-venv), or set PYTHON=/path/to/python3`;
            if (!py) throw new ToolError(name, "find python3", `no python3 on PATH: ${hint}`);
            const ver = versionOf(py, ["-c", "import sys; print('python %d.%d' % sys.version_info[:2])"], /python (\d+\.\d+)/, ctx.log);
            const [maj, min] = (ver || "0.0").split(".").map(Number);
            const [wantMaj, wantMin] = PV.pythonMinimum.split(".").map(Number);
            if (!ver || maj < wantMaj || (maj === wantMaj && min < wantMin)) {
                throw new ToolError(name, "check python3", `${py} is Python ${ver || "(unknown)"}: ${hint}`, ctx.log);
            }
            // The venv is the tool directory itself (its bin/python is what isComplete looks for).
            const venv = path.dirname(ctx.bin);
            const final = path.join(cacheRoot(), toolDirName(tool));
            try {
                await run(name, "python3 -m venv", py, ["-m", "venv", venv], { log: ctx.log, env: process.env, cwd: os.tmpdir() });
            } catch {
                throw new ToolError(name, "python3 -m venv", `could not create a virtual environment with ${py}: ${hint}`, ctx.log);
            }
            const python = path.join(venv, "bin", "python");
            try {
                await run(name, "pip install", python, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", ...pins], {
                    log: ctx.log,
                    env: { ...process.env, PIP_NO_INPUT: "1" },
                    cwd: os.tmpdir(),
                });
            } catch {
                throw new ToolError(name, "pip install", `${pins.join(" ")} from the package index failed (is PyPI reachable? see the log)`, ctx.log);
            }
            // Scripts and activate files name the venv by absolute path: point them at where the venv is renamed to.
            for (const f of [...fs.readdirSync(path.join(venv, "bin")).map((b) => path.join(venv, "bin", b)), path.join(venv, "pyvenv.cfg")]) {
                const st = fs.lstatSync(f);
                if (!st.isFile() || st.size > 1 << 20) continue;
                const text = fs.readFileSync(f, "latin1");
                if (text.includes(venv)) fs.writeFileSync(f, text.split(venv).join(final), "latin1");
            }
        },
        verify: (bin, log) => versionOf(bin, ["-c", "import pulumi, importlib.metadata as m; print('pulumi', m.version('pulumi'))"], /pulumi (\S+)/, log),
    };
    return tool;
}

const WRAPPERS = path.join(__dirname, "wrappers");

/** The Go files of tools/wrappers/<tool>/ (the wrapper module's sources; its go.mod is generated), sorted by name. */
/** @param {string} tool @returns {string[]} */
function wrapperFiles(tool) {
    const dir = path.join(WRAPPERS, tool);
    const names = fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith(".go"))
              .sort()
        : [];
    if (!names.length) throw new ToolError(tool, "read wrapper sources", `no .go files in ${path.relative(REPO, dir)}`);
    return names.map((n) => path.join(dir, n));
}

/** Part of the tool's cache key: a change to a wrapper file (content or name) makes a new cache directory, so it rebuilds. */
/** @param {string} tool */
function wrapperHash(tool) {
    const h = crypto.createHash("sha256");
    for (const f of wrapperFiles(tool))
        h.update(`${path.basename(f)}\0`)
            .update(fs.readFileSync(f))
            .update("\0");
    return h.digest("hex").slice(0, 12);
}

/**
 * The wrapper's sources, { name: content }, checked against tools/versions.json: each package in `imports` (what the
 * pins say the wrapper builds) must be imported by one of the files, so the files and the pins cannot drift apart.
 * @param {string} tool
 * @param {string[]} imports
 * @returns {Record<string, string>}
 */
function wrapperSources(tool, imports) {
    const files = Object.fromEntries(wrapperFiles(tool).map((f) => [path.basename(f), fs.readFileSync(f, "utf8")]));
    const all = Object.values(files).join("\n");
    for (const pkg of imports) {
        if (!all.includes(`"${pkg}"`)) {
            throw new ToolError(
                tool,
                "check wrapper sources",
                `tools/wrappers/${tool}/ does not import "${pkg}", which tools/versions.json names: change one to match the other`,
            );
        }
    }
    return files;
}

/** @param {string[]} files */
function hashFiles(files) {
    const h = crypto.createHash("sha256");
    for (const f of files) h.update(fs.readFileSync(f));
    return h.digest("hex").slice(0, 12);
}

/** Copy the non-local replace directives of an upstream go.mod; `mapLocal` maps local ones (return null to drop). */
/**
 * @param {string} gomod
 * @param {(r: Replace) => string | null} mapLocal
 */
function wrapperReplaces(gomod, mapLocal) {
    const out = [];
    for (const r of parseReplaces(gomod)) {
        const lhs = r.fromVersion ? `${r.from} ${r.fromVersion}` : r.from;
        if (r.to.startsWith(".") || r.to.startsWith("/")) {
            const mapped = mapLocal(r);
            if (mapped) out.push(`replace ${lhs} => ${mapped}`);
        } else {
            out.push(`replace ${lhs} => ${r.to}${r.toVersion ? ` ${r.toVersion}` : ""}`);
        }
    }
    return out;
}

/**
 * @param {string} dir
 * @param {string} gomod
 * @param {string[]} sumFiles
 * @param {Record<string, string>} files
 */
function writeWrapper(dir, gomod, sumFiles, files) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "go.mod"), gomod);
    // Seed go.sum with the upstream modules' own go.sum: with GOSUMDB=off this keeps those hashes verified.
    const sums = new Set();
    for (const f of sumFiles) {
        if (!fs.existsSync(f)) continue;
        for (const l of fs.readFileSync(f, "utf8").split("\n")) if (l.trim()) sums.add(l.trim());
    }
    fs.writeFileSync(path.join(dir, "go.sum"), [...sums].sort().join("\n") + "\n");
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
}

/**
 * @param {BuildContext} ctx
 * @param {string} tool
 * @param {string} pkg
 * @param {string} binary
 * @param {string[]} ldflags
 * @param {string} [tags]
 */
async function goBuild(ctx, tool, pkg, binary, ldflags, tags) {
    const args = ["build", "-trimpath", "-ldflags", ["-s", "-w", ...ldflags].join(" "), "-o", path.join(ctx.bin, binary)];
    if (tags) args.push("-tags", tags);
    args.push(pkg);
    await run(tool, "go build", ctx.go, args, { log: ctx.log, env: ctx.env, cwd: ctx.src });
}

// ---------------------------------------------------------------------------------------------------------------
// Cache, PATH, locking

/** @param {Tool} tool */
function toolDirName(tool) {
    const suffix = tool.sourceHash ? `-${tool.sourceHash()}` : "";
    // Tools built together (one build, several entries) share a cache directory: cacheName.
    return `${tool.cacheName || tool.name}-${tool.version.replace(/[^A-Za-z0-9._-]/g, "_")}${suffix}`;
}

/** @param {string} binary @param {string[]} excludeDirs @returns {string | undefined} */
function onPath(binary, excludeDirs) {
    for (const dir of (process.env.PATH || "").split(path.delimiter)) {
        if (!dir) continue;
        const abs = path.resolve(dir);
        if (excludeDirs.some((e) => abs === e || abs.startsWith(e + path.sep))) continue;
        const p = path.join(abs, binary);
        try {
            fs.accessSync(p, fs.constants.X_OK);
            if (fs.statSync(p).isFile()) return p;
        } catch {
            /* next */
        }
    }
    return undefined;
}

/** @param {string} dir @param {Tool} tool */
function isComplete(dir, tool) {
    return fs.existsSync(path.join(dir, "COMPLETE")) && fs.existsSync(path.join(dir, "bin", tool.binary));
}

/** @param {number} pid */
function pidAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return /** @type {NodeJS.ErrnoException} */ (e).code === "EPERM";
    }
}

/**
 * Run `fn` holding the cache's lock (a directory with the holder's pid; a dead holder's lock is taken over).
 * @template T
 * @param {string} root
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withLock(root, fn) {
    const lock = path.join(root, ".lock");
    fs.mkdirSync(root, { recursive: true });
    let waited = false;
    for (;;) {
        try {
            fs.mkdirSync(lock);
            fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
            break;
        } catch (e) {
            if (/** @type {NodeJS.ErrnoException} */ (e).code !== "EEXIST") throw e;
            let pid = 0;
            try {
                pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
            } catch {
                /* being written */
            }
            if (pid && !pidAlive(pid)) {
                fs.rmSync(lock, { recursive: true, force: true });
                continue;
            }
            if (!waited) progress("tools", `waiting for another build (pid ${pid || "?"}) holding ${lock}`);
            waited = true;
            await new Promise((r) => setTimeout(r, 1000));
        }
    }
    try {
        return await fn();
    } finally {
        fs.rmSync(lock, { recursive: true, force: true });
    }
}

/** @param {Tool} tool @param {string} root @param {string} go @returns {Promise<string>} the tool's cache directory */
async function buildTool(tool, root, go) {
    const final = path.join(root, toolDirName(tool));
    const logs = path.join(root, "logs");
    fs.mkdirSync(logs, { recursive: true });
    const log = path.join(logs, `${toolDirName(tool)}-${new Date().toISOString().replace(/[:.]/g, "-")}.log`);
    const tmp = path.join(root, `.tmp-${toolDirName(tool)}-${process.pid}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    const ctx = { go, log, env: goEnv(), src: path.join(tmp, "src"), bin: path.join(tmp, "bin") };
    fs.mkdirSync(ctx.bin, { recursive: true });
    activeTmp = tmp;
    const started = Date.now();
    try {
        progress(tool.name, `building ${tool.version} into ${final}`);
        await tool.build(ctx);
        const got = tool.verify(path.join(ctx.bin, tool.binary), log);
        if (!got) throw new ToolError(tool.name, "verify", `${tool.binary} did not report its version`, log);
        progress(tool.name, `verify: reports ${got}`);
        const secs = Math.round((Date.now() - started) / 1000);
        fs.writeFileSync(
            path.join(tmp, "build-info.json"),
            JSON.stringify({ tool: tool.name, version: tool.version, reported: got, seconds: secs, builtAt: new Date().toISOString(), log }, null, 2),
        );
        // Marker last, then the atomic rename.
        fs.writeFileSync(path.join(tmp, "COMPLETE"), `${tool.name} ${tool.version}\n`);
        fs.rmSync(final, { recursive: true, force: true });
        fs.renameSync(tmp, final);
        progress(tool.name, `built in ${Math.floor(secs / 60)}m${String(secs % 60).padStart(2, "0")}s`);
    } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        if (e instanceof ToolError) throw e;
        throw new ToolError(tool.name, "build", e instanceof Error ? e.message : String(e), log);
    } finally {
        activeTmp = undefined;
    }
    return final;
}

/** @type {string | undefined} */
let activeTmp;

function installSignalHandlers() {
    /** @param {NodeJS.Signals} sig */
    const onSignal = (sig) => {
        if (currentChild && currentChild.pid) {
            try {
                process.kill(-currentChild.pid, "SIGKILL");
            } catch {
                /* gone */
            }
        }
        if (activeTmp) fs.rmSync(activeTmp, { recursive: true, force: true });
        try {
            fs.rmSync(path.join(cacheRoot(), ".lock"), { recursive: true, force: true });
        } catch {
            /* ignore */
        }
        process.stderr.write(`tools: interrupted by ${sig}; nothing partial was cached\n`);
        process.exit(130);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    process.once("SIGHUP", onSignal);
}

/**
 * Make every tool available. Returns { binDir, tools: {name: {path, source, version}} }.
 * Options: { ignorePath: boolean } (also TOOLS_IGNORE_PATH=1): build even if a tool is on PATH.
 * @param {{ ignorePath?: boolean }} [options]
 * @returns {Promise<{ binDir: string, tools: Record<string, ChosenTool> }>}
 */
async function ensureTools(options = {}) {
    const problems = checkPins();
    if (problems.length) {
        if (process.env.TOOLS_ALLOW_DRIFT !== "1") {
            throw new ToolError("versions", "check pins (tools/versions.json vs node_modules)", problems.join("; "));
        }
        for (const p of problems) progress("versions", `DRIFT (allowed by TOOLS_ALLOW_DRIFT=1): ${p}`);
    }
    const root = cacheRoot();
    fs.mkdirSync(root, { recursive: true });
    const ignorePath = options.ignorePath || process.env.TOOLS_IGNORE_PATH === "1";
    const exclude = [path.resolve(root)];
    /** @type {Record<string, ChosenTool>} */
    const chosen = {};
    /** @type {Tool[]} */
    const toBuild = [];
    for (const tool of TOOLS) {
        // 1. The one on PATH (a machine with Pulumi installed keeps using it), if acceptable.
        const p = ignorePath || tool.noPath ? undefined : onPath(tool.binary, exclude);
        if (p) {
            const acc = tool.acceptPath(p);
            if (acc.ok) {
                const differs = acc.version && !acc.version.startsWith("(") && acc.version.replace(/^v/, "") !== tool.version;
                progress(tool.name, `using ${p} from PATH (${acc.version})${differs ? `; note: tools/versions.json pins ${tool.version}` : ""}`);
                chosen[tool.name] = { path: p, source: "PATH", version: acc.version };
                continue;
            }
            progress(tool.name, `ignoring ${p}: ${acc.why}`);
        }
        // 2. A complete build in the cache; 3. otherwise build it.
        const cached = path.join(root, toolDirName(tool));
        if (isComplete(cached, tool)) {
            chosen[tool.name] = { path: path.join(cached, "bin", tool.binary), source: "cache", version: tool.version, dir: cached };
            continue;
        }
        toBuild.push(tool);
    }
    if (toBuild.length) {
        const found = findGo();
        const gover = checkGo(found);
        const go = /** @type {string} checkGo threw if there is none */ (found);
        progress("tools", `building ${toBuild.map((t) => t.name).join(", ")} with ${gover} (${go}); cache ${root}`);
        installSignalHandlers();
        await withLock(root, async () => {
            // Leftovers of builds killed hard (SIGKILL, power loss): never used, just removed.
            for (const e of fs.readdirSync(root)) {
                const m = /^\.tmp-.*-(\d+)$/.exec(e);
                if (m && !pidAlive(Number(m[1]))) fs.rmSync(path.join(root, e), { recursive: true, force: true });
            }
            for (const tool of toBuild) {
                const cached = path.join(root, toolDirName(tool));
                // Another process may have finished it while we waited for the lock.
                if (!isComplete(cached, tool)) await buildTool(tool, root, go);
                else progress(tool.name, "built by another process");
                chosen[tool.name] = { path: path.join(cached, "bin", tool.binary), source: "built", version: tool.version, dir: cached };
            }
        });
    }
    // One bin directory holding exactly the chosen binaries (symlinks), keyed by the selection.
    /** @type {[string, string][]} */
    const links = [];
    for (const tool of TOOLS) {
        const c = chosen[tool.name];
        if (tool.noLink) continue;
        links.push([tool.binary, c.path]);
        for (const extra of tool.extraBinaries || []) {
            const cand = path.join(path.dirname(c.path), extra);
            const p = fs.existsSync(cand) ? cand : onPath(extra, exclude);
            if (p) links.push([extra, p]);
        }
    }
    const key = crypto.createHash("sha256").update(JSON.stringify(links)).digest("hex").slice(0, 12);
    const binDir = path.join(root, `bin-${key}`);
    if (!fs.existsSync(path.join(binDir, ".complete"))) {
        const tmp = `${binDir}.tmp-${process.pid}`;
        fs.rmSync(tmp, { recursive: true, force: true });
        fs.mkdirSync(tmp, { recursive: true });
        for (const [name, target] of links) fs.symlinkSync(target, path.join(tmp, name));
        fs.writeFileSync(path.join(tmp, ".complete"), JSON.stringify(Object.fromEntries(links), null, 2));
        try {
            fs.renameSync(tmp, binDir);
        } catch (e) {
            fs.rmSync(tmp, { recursive: true, force: true });
            if (!fs.existsSync(path.join(binDir, ".complete"))) throw e;
        }
    }
    return { binDir, tools: chosen };
}

module.exports = { ensureTools, checkPins, checkGo, cacheRoot, VERSIONS, ToolError, withLock, run, progress };

if (require.main === module) {
    const started = Date.now();
    const args = process.argv.slice(2);
    if (args.includes("--check")) {
        const problems = checkPins();
        for (const p of problems) process.stderr.write(`tools: version drift: ${p}\n`);
        process.exit(problems.length ? 1 : 0);
    }
    ensureTools({ ignorePath: args.includes("--ignore-path") })
        // The real Flink Kubernetes Operator and webhook jars for the e2e suite (tools/flink-operator.js; Java + Maven).
        .then(async (r) => ({ ...r, operator: await require("./flink-operator").ensureFlinkOperator() }))
        .then(({ binDir, tools, operator }) => {
            for (const [name, t] of Object.entries(tools)) progress(name, `${t.source}: ${t.path}`);
            progress("flink-operator", `cache: ${operator.dir}`);
            progress("tools", `ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
            process.stdout.write(`${binDir}\n`);
        })
        .catch((e) => {
            process.stderr.write(`${e instanceof ToolError ? e.message : `tools: failed: ${e && e.stack ? e.stack : e}`}\n`);
            process.exit(1);
        });
}
