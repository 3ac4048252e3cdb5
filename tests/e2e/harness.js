// End-to-end harness: the real Pulumi CLI (Automation API, LocalWorkspace over an on-disk project, so the CLI and the
// Node.js language host both run), the real Kubernetes provider plugin, and a real kube-apiserver + etcd on loopback.
// Nothing here touches the network: file backend, passphrase secrets, no update checks, no plugin downloads.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const assert = require("assert");
const { spawnSync } = require("child_process");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const { ensureTools, VERSIONS } = require("../../tools/toolchain");
const { startCluster } = require("../../tools/cluster");

const REPO = path.resolve(__dirname, "..", "..");
const COMPONENTS = path.join(REPO, "dist", "components");
const CRD_DIR =
    process.env.FLINK_OPERATOR_CRDS_DIR ||
    path.resolve(REPO, "..", "shared", "upstream", "flink-kubernetes-operator-1.15.0", "helm", "flink-kubernetes-operator", "crds");

const state = {
    binDir: undefined,
    tools: undefined, // ensureTools()'s tools: tools["python-venv"].dir is the Python environment with `pulumi`
    root: undefined, // suite temp dir: projects, Pulumi home, backend, logs
    cluster: undefined,
};

/** Tools + the shared cluster; called once from the root hook. */
async function setUp() {
    const t0 = Date.now();
    const { binDir, tools } = await ensureTools();
    state.binDir = binDir;
    state.tools = tools;
    state.root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-flink-e2e-"));
    fs.mkdirSync(path.join(state.root, "backend"));
    fs.mkdirSync(path.join(state.root, "pulumi-home"));
    fs.mkdirSync(path.join(state.root, "logs"));
    // The Automation API runs `pulumi` from PATH; plugins are found on PATH too (ambient plugins).
    process.env.PATH = `${binDir}${path.delimiter}${process.env.PATH}`;
    delete process.env.PULUMI_IGNORE_AMBIENT_PLUGINS;
    state.cluster = await startCluster({ binDir });
    process.stderr.write(`[e2e] tools + cluster ready in ${((Date.now() - t0) / 1000).toFixed(1)}s; work dir ${state.root}\n`);
}

async function tearDown() {
    if (state.cluster) await state.cluster.stop();
    state.cluster = undefined;
    if (state.root && process.env.E2E_KEEP !== "1") fs.rmSync(state.root, { recursive: true, force: true });
}

/** The environment every Pulumi command of the suite runs with. */
function pulumiEnv(cluster) {
    return {
        PATH: process.env.PATH,
        KUBECONFIG: cluster.kubeconfig,
        PULUMI_HOME: path.join(state.root, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${path.join(state.root, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-not-a-secret-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_CREDENTIAL_STORE: "plaintext",
    };
}

/**
 * A temporary on-disk project (Pulumi.yaml with runtime nodejs + index.js) and a stack in it.
 * `program` is the source of index.js; it may `require(COMPONENTS)`, "@pulumi/pulumi", "@pulumi/kubernetes".
 */
async function newProject(name, program, { cluster = state.cluster, config = {} } = {}) {
    const dir = fs.mkdtempSync(path.join(state.root, `${name}-`));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\ndescription: pulumi-flink e2e project\n`);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, main: "index.js" }, null, 2));
    fs.writeFileSync(path.join(dir, "index.js"), program);
    // The program and the Node.js runtime must load one copy of @pulumi/pulumi: the checkout's.
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    const env = pulumiEnv(cluster);
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: "e2e", workDir: dir }, { envVars: env, pulumiHome: env.PULUMI_HOME });
    for (const [key, v] of Object.entries(config)) await stack.setConfig(key, v);
    const logFile = path.join(state.root, "logs", `${path.basename(dir)}.log`);
    const log = (out) => fs.appendFileSync(logFile, out.endsWith("\n") ? out : `${out}\n`);
    // Thin wrappers that keep every command's output in a log file (printed when a test fails).
    const run = async (op, fn) => {
        fs.appendFileSync(logFile, `\n===== pulumi ${op} =====\n`);
        try {
            return await fn({ onOutput: log, color: "never" });
        } catch (e) {
            fs.appendFileSync(logFile, `\n!!!!! ${op} failed: ${e && e.message}\n`);
            throw e;
        }
    };
    return {
        dir,
        stack,
        logFile,
        preview: (o = {}) => run("preview", (b) => stack.preview({ ...b, diff: true, ...o })),
        up: (o = {}) => run("up", (b) => stack.up({ ...b, ...o })),
        refresh: (o = {}) => run("refresh", (b) => stack.refresh({ ...b, ...o })),
        destroy: (o = {}) => run("destroy", (b) => stack.destroy({ ...b, ...o })),
        /** `pulumi stack export` as a user runs it (the Automation API's exportStack adds --show-secrets). */
        exportStack: async () => {
            const r = spawnSync("pulumi", ["stack", "export", "--stack", "e2e", "--cwd", dir, "--non-interactive"], {
                env: { ...process.env, ...env },
                encoding: "utf8",
                maxBuffer: 256 << 20,
            });
            assert.strictEqual(r.status, 0, `pulumi stack export failed: ${r.stderr}`);
            return JSON.parse(r.stdout);
        },
        async remove() {
            await stack.workspace.removeStack("e2e", { force: true }).catch(() => undefined);
        },
        tailLog(n = 60) {
            try {
                return fs.readFileSync(logFile, "utf8").split("\n").slice(-n).join("\n");
            } catch {
                return "";
            }
        },
    };
}

/** GET an object from the API server: the parsed body, or undefined on 404. */
async function getObject(cluster, apiPath) {
    const res = await cluster.request("GET", apiPath);
    if (res.status === 404) return undefined;
    assert.strictEqual(res.status, 200, `GET ${apiPath}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
    return res.body;
}

async function listItems(cluster, apiPath) {
    const res = await cluster.request("GET", apiPath);
    if (res.status === 404) return [];
    assert.strictEqual(res.status, 200, `GET ${apiPath}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
    return res.body.items;
}

/** Poll `fn` until it returns truthy or the deadline passes (readiness, never a fixed sleep). */
async function eventually(what, fn, timeoutMs = 30_000, intervalMs = 200) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
        try {
            const v = await fn();
            if (v) return v;
        } catch (e) {
            last = e;
        }
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ""}`);
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}

/** The operator's four CRDs, by object name. */
const FLINK_CRD_NAMES = ["flinkbluegreendeployments", "flinkdeployments", "flinksessionjobs", "flinkstatesnapshots"].map((p) => `${p}.flink.apache.org`);
const crdPath = (name) => `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`;

/**
 * Wait until the Flink CRDs are gone, deleting them first when `remove` is set. A deleted CRD lingers while the API
 * server finalizes it; a suite that applies the same CRD meanwhile writes to the terminating object, which then
 * vanishes under it. Suites share the cluster, so whoever removes the CRDs waits here.
 */
async function flinkCrdsGone(cluster, { remove = false } = {}) {
    for (const name of FLINK_CRD_NAMES) {
        if (remove) {
            const res = await cluster.request("DELETE", crdPath(name));
            assert.ok([200, 202, 404].includes(res.status), `DELETE CRD ${name}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
        }
        await eventually(`CRD ${name} gone`, async () => (await getObject(cluster, crdPath(name))) === undefined, 60_000);
    }
}

/** Preview and collect the planned step of every resource: [{ urn, type, op, diffs }]. */
async function previewSteps(project) {
    const steps = [];
    const onEvent = (e) => {
        const md = e.resourcePreEvent && e.resourcePreEvent.metadata;
        if (md) steps.push({ urn: md.urn, type: md.type, op: md.op, diffs: md.diffs || [], detailedDiff: Object.keys(md.detailedDiff || {}) });
    };
    const result = await project.preview({ onEvent });
    return { result, steps };
}

/** Number of planned changes other than "same" in a preview/up summary. */
function changes(summary) {
    return Object.entries(summary || {}).filter(([op, n]) => op !== "same" && n > 0);
}

/** The CRD files of the Flink Kubernetes Operator (upstream 1.15.0). */
function crdFiles() {
    assert.ok(fs.existsSync(CRD_DIR), `Flink operator CRDs not found at ${CRD_DIR} (set FLINK_OPERATOR_CRDS_DIR)`);
    return fs
        .readdirSync(CRD_DIR)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(CRD_DIR, f));
}

function requireComponentsBuilt() {
    assert.ok(fs.existsSync(path.join(COMPONENTS, "index.js")), `${COMPONENTS}/index.js is missing: run \`npm run build\``);
}

// ---------------------------------------------------------------------------------------------------------------
// Other languages (tools/langhost: the Node.js, Python and Go hosts; the python-venv tool).

/** `pulumi <args>` as a user runs it, with the suite's environment (+ `env`). Returns { status, stdout, stderr }. */
function pulumiCli(args, { cwd, env = {}, timeoutMs = 180_000 } = {}) {
    const r = spawnSync("pulumi", [...args, "--non-interactive"], {
        cwd,
        env: { ...process.env, ...pulumiEnv(state.cluster), ...env },
        encoding: "utf8",
        maxBuffer: 256 << 20,
        timeout: timeoutMs,
    });
    return { status: r.status, stdout: r.stdout || "", stderr: `${r.stderr || ""}${r.error ? `\n${r.error.message}` : ""}` };
}

/**
 * Offline, `pulumi package get-schema|gen-sdk|add` of a Node.js component package (this repository) fail: the Node.js
 * host reports the resource plugins its node_modules declare (kubernetes, aiven) and the CLI downloads any missing from
 * the plugin cache, even with PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true. This installs each of them into the
 * suite's PULUMI_HOME once: the plugin of that name from the tool bin directory when there is one (kubernetes), else
 * the presence-only stand-in of tools/langhost (aiven: no Aiven provider can be built here), which answers only its
 * name and version and refuses every other call with an error saying what it is. Idempotent; returns what it did.
 */
function installPackagePlugins({ nodeModules = path.join(REPO, "node_modules") } = {}) {
    const home = pulumiEnv(state.cluster).PULUMI_HOME;
    const done = [];
    for (const { name, version } of declaredResourcePlugins(nodeModules)) {
        const dir = path.join(home, "plugins", `resource-${name}-v${version}`);
        if (fs.existsSync(dir) && !fs.existsSync(`${dir}.partial`)) {
            done.push({ name, version, from: "already installed" });
            continue;
        }
        let file = path.join(state.binDir, `pulumi-resource-${name}`);
        let from = "tool bin directory";
        if (!fs.existsSync(file)) {
            file = presenceStandIn();
            from = "presence-only stand-in";
        }
        const r = pulumiCli(["plugin", "install", "resource", name, version, "--file", file]);
        assert.strictEqual(r.status, 0, `pulumi plugin install resource ${name} ${version} --file ${file} failed: ${r.stderr}`);
        done.push({ name, version, from });
    }
    return done;
}

/** The resource plugins declared by the packages of a node_modules directory ("pulumi": {"resource": true}). */
function declaredResourcePlugins(nodeModules) {
    const out = new Map();
    const dirs = [];
    for (const e of fs.readdirSync(nodeModules)) {
        if (e.startsWith(".")) continue;
        if (e.startsWith("@")) for (const s of fs.readdirSync(path.join(nodeModules, e))) dirs.push(path.join(nodeModules, e, s));
        else dirs.push(path.join(nodeModules, e));
    }
    for (const d of dirs) {
        let pj;
        try {
            pj = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8"));
        } catch {
            continue;
        }
        const p = pj.pulumi;
        if (!p || !p.resource || !p.name) continue;
        const version = (p.version || pj.version).replace(/^v/, "");
        out.set(`${p.name}@${version}`, { name: p.name, version });
    }
    return [...out.values()];
}

/** The multicall binary of tools/langhost (it is the presence-only provider under a pulumi-resource-<name> name). */
function presenceStandIn() {
    const built = ["pulumi-language-nodejs", "pulumi-language-python", "pulumi-language-go"]
        .map((n) => state.tools && state.tools[n])
        .find((t) => t && t.source !== "PATH" && t.dir);
    assert.ok(
        built,
        "no tools/langhost build to take the presence-only plugin stand-in from (every language host came " +
            "from PATH): run with TOOLS_IGNORE_PATH=1, or install the missing plugins into PULUMI_HOME",
    );
    return path.join(built.dir, "bin", "pulumi-language-nodejs");
}

/**
 * A virtual environment for a Python project at `<dir>/venv`, layered on the tool's environment (python-venv: the
 * pinned `pulumi` package, parver, semver, setuptools) through a .pth file, so it costs a second, not a PyPI install.
 * `install`: local package directories (generated SDKs) installed into it with --no-deps. Returns the venv path;
 * name it in Pulumi.yaml as `runtime: {name: python, options: {virtualenv: venv}}`.
 */
function pythonVenv(dir, { install = [] } = {}) {
    const base = state.tools && state.tools["python-venv"];
    assert.ok(base && base.dir, "ensureTools() returned no python-venv");
    const venv = path.join(dir, "venv");
    const run = (cmd, args) => {
        const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, PIP_NO_INPUT: "1", PIP_DISABLE_PIP_VERSION_CHECK: "1" } });
        assert.strictEqual(r.status, 0, `${cmd} ${args.join(" ")} failed: ${r.stderr || r.error}`);
        return r.stdout.trim();
    };
    const basePython = path.join(base.dir, "bin", "python");
    run(basePython, ["-m", "venv", "--without-pip", venv]);
    const purelib = (py) => run(py, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]);
    fs.writeFileSync(path.join(purelib(path.join(venv, "bin", "python")), "_pulumi_flink_tools.pth"), `${purelib(basePython)}\n`);
    if (install.length) {
        run(basePython, ["-m", "pip", "--python", path.join(venv, "bin", "python"), "install", "--no-deps", "--no-build-isolation", "--no-index", ...install]);
    }
    return venv;
}

/** The environment `go build` of a Go program needs here (the toolchain's Go settings: local toolchain, GOSUMDB=off). */
function goEnv() {
    return { ...VERSIONS.go.env };
}

/**
 * A stack of the on-disk project in `dir` (any runtime), with the suite's environment plus `env`. Same wrapper as
 * newProject: { dir, stack, logFile, preview, up, refresh, destroy, remove, tailLog }.
 */
async function openProject(dir, { cluster = state.cluster, config = {}, env = {} } = {}) {
    const fullEnv = { ...pulumiEnv(cluster), ...env };
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: "e2e", workDir: dir }, { envVars: fullEnv, pulumiHome: fullEnv.PULUMI_HOME });
    for (const [key, v] of Object.entries(config)) await stack.setConfig(key, v);
    const logFile = path.join(state.root, "logs", `${path.basename(dir)}.log`);
    const run = async (op, fn) => {
        fs.appendFileSync(logFile, `\n===== pulumi ${op} =====\n`);
        try {
            return await fn({ onOutput: (out) => fs.appendFileSync(logFile, out.endsWith("\n") ? out : `${out}\n`), color: "never" });
        } catch (e) {
            fs.appendFileSync(logFile, `\n!!!!! ${op} failed: ${e && e.message}\n`);
            throw e;
        }
    };
    return {
        dir,
        stack,
        logFile,
        preview: (o = {}) => run("preview", (b) => stack.preview({ ...b, diff: true, ...o })),
        up: (o = {}) => run("up", (b) => stack.up({ ...b, ...o })),
        refresh: (o = {}) => run("refresh", (b) => stack.refresh({ ...b, ...o })),
        destroy: (o = {}) => run("destroy", (b) => stack.destroy({ ...b, ...o })),
        async remove() {
            await stack.workspace.removeStack("e2e", { force: true }).catch(() => undefined);
        },
        tailLog(n = 60) {
            try {
                return fs.readFileSync(logFile, "utf8").split("\n").slice(-n).join("\n");
            } catch {
                return "";
            }
        },
    };
}

module.exports = {
    REPO,
    COMPONENTS,
    CRD_DIR,
    state,
    setUp,
    tearDown,
    pulumiEnv,
    newProject,
    getObject,
    listItems,
    eventually,
    changes,
    crdFiles,
    requireComponentsBuilt,
    startCluster,
    previewSteps,
    FLINK_CRD_NAMES,
    crdPath,
    flinkCrdsGone,
    pulumiCli,
    installPackagePlugins,
    pythonVenv,
    goEnv,
    openProject,
};
