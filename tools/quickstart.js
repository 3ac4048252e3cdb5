#!/usr/bin/env node
// @ts-check
// The quickstart: the package's main job in one command.
//
//   npm start                       the operator, a session cluster and a session job on a local control plane
//   npm start -- --context NAME     the same on a real cluster (your kubeconfig, that context), waiting for readiness
//   npm run quickstart:status       what the local control plane holds (no kubectl needed)
//   npm stop                        pulumi destroy, stack rm, stop the control plane, remove the state directory
//
// `npm start` finds or builds the toolchain (tools/toolchain.js; the first run on a machine builds it from Go
// modules), starts a local control plane (etcd, kube-apiserver, kube-controller-manager: tools/cluster.js) owned by a
// background process of its own, then runs the real Pulumi CLI on the root project (Pulumi.yaml, quickstart/index.ts)
// with a file backend, a generated passphrase and a PULUMI_HOME kept in the state directory, never in ~/.pulumi.
// Running it again changes nothing. Options of `npm start -- ...`:
//   --context NAME        deploy to that context of your kubeconfig (KUBECONFIG or ~/.kube/config) instead
//   --chart-path DIR      install the operator chart from this directory
//   --chart-repo URL      install it from this chart repository
//                         (default: the Apache repository when reachable, else the chart in ../shared)
//   --webhook / --no-webhook   the operator's admission webhook (default: on only when cert-manager is found)
//   --no-wait             don't wait for readiness on a real cluster (the local control plane never waits)
//   --port N              the local control plane's API server port (default: a free one)
//
// Environment: PULUMI_FLINK_QUICKSTART_DIR (state directory, default <repo>/.quickstart),
// PULUMI_FLINK_QUICKSTART_STACK (stack name, default quickstart).
// Errors caused by the environment end the command with one line, `quickstart: <what> ... <what to do>`.
//
// This file avoids syntax newer than Node.js 12 so that the Node.js version check below can run.
"use strict";

var NODE_MAJOR = Number(process.versions.node.split(".")[0]);
if (NODE_MAJOR < 20) {
    process.stderr.write("quickstart: Node.js " + process.version + " is too old: install Node.js 20 or newer, then run `npm ci` and `npm start` again\n");
    process.exit(1);
}

const fs = require("fs");
const os = require("os");
const path = require("path");
const net = require("net");
const https = require("https");
const crypto = require("crypto");
const { spawn, spawnSync } = require("child_process");

const REPO = path.resolve(__dirname, "..");
const PROJECT = "flink-quickstart";
const STATE_DIR = path.resolve(process.env.PULUMI_FLINK_QUICKSTART_DIR || path.join(REPO, ".quickstart"));
const STACK = process.env.PULUMI_FLINK_QUICKSTART_STACK || "quickstart";
const STATE_FILE = path.join(STATE_DIR, "state.json");
const CLUSTER_DIR = path.join(STATE_DIR, "cluster");
const LOCAL_CHART = path.resolve(REPO, "..", "shared", "upstream", "flink-kubernetes-operator-1.15.0", "helm", "flink-kubernetes-operator");
const CHART_VERSION = "1.15.0";
const APACHE_REPO = `https://downloads.apache.org/flink/flink-kubernetes-operator-${CHART_VERSION}/`;
const NAMESPACE = "flink-quickstart";
const NO_NODES = "the local control plane has no nodes: the operator and Flink pods are scheduled but never run; use --context NAME for a real cluster";

/**
 * @typedef {{ context?: string, chartPath?: string, chartRepo?: string, webhook?: boolean, wait: boolean, port?: number, help?: boolean }} Options
 * @typedef {{ chartPath?: string, chartRepository?: string, why: string }} Chart
 * @typedef {{ name: string, files: string[], server: string, namespace?: string }} Context
 * @typedef {{ pid: number, server: string, port: number, etcdPort: number, kubeconfig: string, startedAt: string }} ControlPlane
 * @typedef {{ mode: "local" | "context", createdAt: string, stack: string, binDir?: string, chart?: Chart, context?: string, cluster?: ControlPlane }} State
 * @typedef {{ code: number | null, stdout: string, stderr: string }} PulumiResult
 */

/** An error of the environment: printed as its one line, exit status 1. */
class QuickstartError extends Error {}
/** @type {(msg: string) => never} */
const fail = (msg) => {
    throw new QuickstartError(msg);
};

/** @param {string} msg */
function say(msg) {
    process.stdout.write(`[quickstart] ${msg}\n`);
}

/** @param {number} t0 */
function secs(t0) {
    return `${((Date.now() - t0) / 1000).toFixed(1)}s`;
}

/** @param {string} file @returns {any} the parsed JSON, undefined when missing or unreadable */
function readJson(file) {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
        return undefined;
    }
}

/** @param {State} state */
function writeState(state) {
    fs.mkdirSync(STATE_DIR, { recursive: true });
    const tmp = `${STATE_FILE}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
    fs.renameSync(tmp, STATE_FILE);
}

/** @param {number | undefined} pid */
function alive(pid) {
    if (!pid) return false;
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return /** @type {NodeJS.ErrnoException} */ (e).code === "EPERM";
    }
}

/** Processes whose command line mentions `needle` (the state directory): the control plane's servers. */
/** @param {string} needle @returns {{ pid: number, cmd: string }[]} */
function processesMentioning(needle) {
    /** @type {{ pid: number, cmd: string }[]} */
    const out = [];
    let entries;
    try {
        entries = fs.readdirSync("/proc");
    } catch {
        return out;
    }
    for (const e of entries) {
        if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
        try {
            const cmd = fs.readFileSync(`/proc/${e}/cmdline`, "utf8").split("\0").join(" ");
            if (cmd.includes(needle)) out.push({ pid: Number(e), cmd: cmd.trim() });
        } catch {
            /* gone */
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Arguments

/** @param {string[]} argv @returns {Options} */
function parseArgs(argv) {
    /** @type {Options} */
    const o = { context: undefined, chartPath: undefined, chartRepo: undefined, webhook: undefined, wait: true, port: undefined };
    /** @param {number} i @param {string} flag @returns {string} */
    const value = (i, flag) => {
        const v = argv[i + 1];
        if (v === undefined || v.startsWith("--")) fail(`${flag} needs a value (see \`node tools/quickstart.js --help\`)`);
        return v;
    };
    for (let i = 0; i < argv.length; i++) {
        let a = argv[i];
        const eq = a.indexOf("=");
        if (a.startsWith("--") && eq > 0) {
            argv.splice(i + 1, 0, a.slice(eq + 1));
            a = a.slice(0, eq);
        }
        switch (a) {
            case "--context":
                o.context = value(i++, a);
                break;
            case "--chart-path":
                o.chartPath = path.resolve(value(i++, a));
                break;
            case "--chart-repo":
                o.chartRepo = value(i++, a);
                break;
            case "--webhook":
                o.webhook = true;
                break;
            case "--no-webhook":
                o.webhook = false;
                break;
            case "--no-wait":
                o.wait = false;
                break;
            case "--port": {
                const v = value(i++, a);
                o.port = Number(v);
                if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) fail(`--port ${v}: not a port number (1-65535)`);
                break;
            }
            case "-h":
            case "--help":
                o.help = true;
                break;
            default:
                fail(`unknown option ${a}; options: --context NAME, --chart-path DIR, --chart-repo URL, --webhook, --no-webhook, --no-wait, --port N`);
        }
    }
    if (o.chartPath && o.chartRepo) fail("--chart-path and --chart-repo exclude each other: pass one");
    if (o.port && o.context) fail("--port is for the local control plane; with --context the cluster is yours");
    return o;
}

// The help text is the file's opening comment (without the shebang and the // @ts-check pragma).
const HELP = fs
    .readFileSync(__filename, "utf8")
    .split("\n")
    .slice(1)
    .filter((l) => l.startsWith("//") && l !== "// @ts-check")
    .map((l) => l.replace(/^\/\/ ?/, ""))
    .join("\n")
    .split("\n\nThis file")[0];

// ---------------------------------------------------------------------------------------------------------------
// Real clusters: the kubeconfig and context the user named

function kubeconfigFiles() {
    const env = process.env.KUBECONFIG;
    const files = env ? env.split(path.delimiter).filter(Boolean) : [path.join(os.homedir(), ".kube", "config")];
    return files.filter((f) => fs.existsSync(f));
}

/** The context, its cluster and user, from the user's kubeconfig (merged as kubectl merges: first one wins). */
/** @param {string} name @returns {Context} */
function resolveContext(name) {
    const yaml = require("js-yaml");
    const files = kubeconfigFiles();
    if (!files.length) {
        fail(
            `--context ${name}: no kubeconfig found (${process.env.KUBECONFIG ? `KUBECONFIG=${process.env.KUBECONFIG} names no existing file` : "KUBECONFIG is unset and ~/.kube/config does not exist"}); point KUBECONFIG at your cluster's kubeconfig`,
        );
    }
    /** @param {any[]} list @param {string | undefined} n */
    const pick = (list, n) => {
        for (const item of list) if (item && item.name === n) return item;
        return undefined;
    };
    /** @type {Record<"contexts" | "clusters" | "users", any[]>} */
    const all = { contexts: [], clusters: [], users: [] };
    for (const f of files) {
        /** @type {any} */
        let doc;
        try {
            doc = yaml.load(fs.readFileSync(f, "utf8")) || {};
        } catch (e) {
            fail(`--context ${name}: cannot read kubeconfig ${f}: ${String(e instanceof Error ? e.message : e).split("\n")[0]}`);
        }
        for (const k of /** @type {(keyof typeof all)[]} */ (Object.keys(all))) all[k].push(...(Array.isArray(doc[k]) ? doc[k] : []));
    }
    const ctx = pick(all.contexts, name);
    if (!ctx) {
        const names = all.contexts.map((c) => c && c.name).filter(Boolean);
        fail(
            `kube context "${name}" does not exist in ${files.join(", ")} (${names.length ? `contexts: ${names.join(", ")}` : "it has no contexts"}); pass one of them to --context`,
        );
    }
    const cluster = pick(all.clusters, ctx.context && ctx.context.cluster);
    if (!cluster || !cluster.cluster || !cluster.cluster.server) {
        fail(
            `kube context "${name}" names cluster "${ctx.context && ctx.context.cluster}", which has no server in ${files.join(", ")}; fix the kubeconfig or pick another context`,
        );
    }
    return { name, files, server: cluster.cluster.server, namespace: ctx.context.namespace };
}

/** @param {string} binary */
function onPath(binary) {
    for (const dir of (process.env.PATH || "").split(path.delimiter)) {
        if (!dir) continue;
        const p = path.join(dir, binary);
        try {
            fs.accessSync(p, fs.constants.X_OK);
            return p;
        } catch {
            /* next */
        }
    }
    return undefined;
}

/** @param {number} port @returns {Promise<boolean>} */
function portFree(port) {
    return new Promise((resolve) => {
        const srv = net.createServer();
        srv.once("error", () => resolve(false));
        srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
    });
}

/** @param {string} host @param {number} port @param {number} timeoutMs @returns {Promise<NodeJS.ErrnoException | undefined>} */
function tcpReachable(host, port, timeoutMs) {
    return new Promise((resolve) => {
        const s = net.connect({ host, port, timeout: timeoutMs });
        /** @param {NodeJS.ErrnoException | undefined} err */
        const done = (err) => {
            s.destroy();
            resolve(err);
        };
        s.once("connect", () => done(undefined));
        s.once("timeout", () => done(new Error(`no answer within ${timeoutMs / 1000}s`)));
        s.once("error", (e) => done(e));
    });
}

/**
 * Can we reach the context's API server? With kubectl on PATH it is asked (it knows every auth method: exec plugins,
 * tokens, certificates); otherwise a TCP connection to the server tells reachability, and credentials are left to
 * the Kubernetes provider. Also reports whether cert-manager's API is served (undefined: could not tell).
 * @param {Context} ctx
 * @returns {Promise<{ certManager: boolean | undefined, how: string }>}
 */
async function checkContext(ctx) {
    const kubectl = onPath("kubectl");
    if (kubectl) {
        const r = spawnSync(kubectl, ["--context", ctx.name, "--request-timeout=10s", "get", "--raw", "/version"], { encoding: "utf8", timeout: 30000 });
        if (r.status !== 0) {
            const why = `${r.stderr || ""}${r.error ? r.error.message : ""}`.trim().split("\n").filter(Boolean).pop() || `kubectl exited with ${r.status}`;
            fail(
                `kube context "${ctx.name}" (${ctx.server}) cannot be reached: ${why.replace(/^error: /, "")}; check the cluster is running and your credentials, or pick another --context`,
            );
        }
        const cm = spawnSync(kubectl, ["--context", ctx.name, "--request-timeout=10s", "get", "--raw", "/apis/cert-manager.io/v1"], {
            encoding: "utf8",
            timeout: 30000,
        });
        return { certManager: cm.status === 0, how: "kubectl" };
    }
    let url;
    try {
        url = new URL(ctx.server);
    } catch {
        fail(`kube context "${ctx.name}": server ${ctx.server} is not a URL; fix the kubeconfig`);
    }
    const port = Number(url.port) || (url.protocol === "http:" ? 80 : 443);
    const err = await tcpReachable(url.hostname.replace(/^\[|\]$/g, ""), port, 10000);
    if (err)
        fail(
            `kube context "${ctx.name}" (${ctx.server}) cannot be reached: ${err.code || err.message}; check the cluster is running (and any VPN), or pick another --context`,
        );
    return { certManager: undefined, how: "tcp" };
}

// ---------------------------------------------------------------------------------------------------------------
// The operator chart: the Apache repository when reachable, else the local copy in ../shared

/** @param {string} url @param {number} timeoutMs @returns {Promise<boolean>} */
function httpsReachable(url, timeoutMs) {
    return new Promise((resolve) => {
        const req = https.request(url, { method: "HEAD", timeout: timeoutMs }, (res) => {
            res.resume();
            const code = res.statusCode ?? 0;
            resolve(code >= 200 && code < 400);
        });
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", () => resolve(false));
        req.end();
    });
}

/** @param {Options} o @returns {Promise<Chart>} */
async function chooseChart(o) {
    if (o.chartPath) {
        if (!fs.existsSync(path.join(o.chartPath, "Chart.yaml")))
            fail(`--chart-path ${o.chartPath}: no Chart.yaml there; pass the flink-kubernetes-operator chart directory`);
        return { chartPath: o.chartPath, why: "--chart-path" };
    }
    if (o.chartRepo) return { chartRepository: o.chartRepo, why: "--chart-repo" };
    if (await httpsReachable(`${APACHE_REPO}index.yaml`, 5000)) return { chartRepository: "", why: `${APACHE_REPO} is reachable` };
    if (fs.existsSync(path.join(LOCAL_CHART, "Chart.yaml")))
        return { chartPath: LOCAL_CHART, why: `${APACHE_REPO} is not reachable (offline): using the local chart` };
    return fail(
        `the operator chart cannot be found: ${APACHE_REPO} is not reachable and there is no local chart at ${LOCAL_CHART} (../shared beside the checkout); connect to the internet, or pass --chart-path DIR or --chart-repo URL`,
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Toolchain and program

async function tools() {
    const toolchain = require("./toolchain");
    const root = toolchain.cacheRoot();
    let warm = false;
    try {
        warm = fs.readdirSync(root).some((d) => d.startsWith("bin-") && fs.existsSync(path.join(root, d, ".complete")));
    } catch {
        /* no cache yet */
    }
    if (!warm) {
        say(
            `first run on this machine: building the toolchain (Pulumi CLI, Kubernetes provider, etcd, kube-apiserver, ...) from Go modules into ${root}; this takes 25-45 minutes on 2 cores, once. Progress follows.`,
        );
    }
    try {
        return await toolchain.ensureTools();
    } catch (e) {
        if (e instanceof toolchain.ToolError && e.tool === "go") {
            const detail = e.message.replace(/^tools: go: [^:]*failed: /, "").replace(/; install Go.*$/, "");
            fail(
                `the toolchain is not built yet, and building it needs Go >= ${toolchain.VERSIONS.go.minimum} (${detail}): install Go (https://go.dev/dl/) or put it on PATH, then run npm start again`,
            );
        }
        if (e instanceof toolchain.ToolError) fail(`${e.message}; fix that and run npm start again (a finished tool is not rebuilt)`);
        throw e;
    }
}

/** @param {string} dir @param {RegExp} re */
function newestMtime(dir, re) {
    let newest = 0;
    /** @param {string} d */
    const walk = (d) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (re.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
        }
    };
    walk(dir);
    return newest;
}

/** Compile (npm run build) when the program or the components changed since the last build. */
function ensureProgramBuilt() {
    const out = path.join(REPO, "dist", "quickstart", "index.js");
    const built = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
    const sources = Math.max(newestMtime(path.join(REPO, "quickstart"), /\.ts$/), newestMtime(path.join(REPO, "components"), /\.(ts|json)$/));
    if (built && built >= sources) return;
    const t0 = Date.now();
    say("compiling the program and the components (npm run build) ...");
    const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
    if (!fs.existsSync(tsc)) fail("node_modules is missing or incomplete: run `npm ci` first");
    const r = spawnSync(process.execPath, [tsc, "-p", path.join(REPO, "tsconfig.json")], { cwd: REPO, stdio: "inherit" });
    if (r.status !== 0) fail("`npm run build` failed (errors above): fix them and run npm start again");
    say(`compiled in ${secs(t0)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The local control plane, owned by a background process (`__serve`) that outlives `npm start`

async function serve() {
    // Runs detached; its stdout/stderr go to cluster/owner.log. Ports: saved ones when restarting (the stack's
    // kubeconfig keeps pointing at the same server), else --port or free ones.
    const { startCluster } = require("./cluster");
    const binDir = process.env.QUICKSTART_BIN_DIR;
    const num = /** @param {string | undefined} v */ (v) => (v ? Number(v) : undefined);
    let c;
    try {
        c = await startCluster({
            binDir,
            dir: CLUSTER_DIR,
            keepDir: true,
            apiserverPort: num(process.env.QUICKSTART_APISERVER_PORT),
            etcdPort: num(process.env.QUICKSTART_ETCD_PORT),
        });
    } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        process.stderr.write(`${message}\n`);
        if (process.send) process.send({ error: message });
        process.exit(1);
    }
    /** @type {ControlPlane} */
    const info = {
        pid: process.pid,
        server: c.server,
        port: c.port,
        etcdPort: c.etcdPort,
        kubeconfig: c.kubeconfig,
        startedAt: new Date().toISOString(),
    };
    let stopping = false;
    /** @param {string} why */
    const shutdown = async (why) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`stopping (${why})\n`);
        await c.stop();
        process.exit(0);
    };
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => shutdown(sig));
    c.apiserver?.exited.then(() => shutdown("kube-apiserver exited"));
    c.etcd?.exited.then(() => shutdown("etcd exited"));
    if (process.send) process.send({ ready: true, info });
    setInterval(() => undefined, 1 << 30);
}

/** @param {State} state @param {string} binDir @param {Options} o */
async function startControlPlane(state, binDir, o) {
    /** @type {Partial<ControlPlane>} */
    const saved = state.cluster || {};
    const port = o.port || saved.port;
    const t0 = Date.now();
    say(`starting the local control plane (etcd, kube-apiserver, kube-controller-manager on 127.0.0.1${port ? `:${port}` : ""}) ...`);
    fs.mkdirSync(CLUSTER_DIR, { recursive: true });
    const logFile = path.join(STATE_DIR, "control-plane.log");
    const out = fs.openSync(logFile, "a");
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, QUICKSTART_BIN_DIR: binDir };
    if (port) env.QUICKSTART_APISERVER_PORT = String(port);
    if (saved.etcdPort && !o.port) env.QUICKSTART_ETCD_PORT = String(saved.etcdPort);
    const child = spawn(process.execPath, [__filename, "__serve"], { detached: true, stdio: ["ignore", out, out, "ipc"], env, cwd: REPO });
    fs.closeSync(out);
    /** @type {{ error?: string, info?: ControlPlane }} */
    const result = await new Promise((resolve) => {
        child.on("message", (m) => resolve(/** @type {{ error?: string, info?: ControlPlane }} */ (m)));
        child.on("exit", (code) => resolve({ error: `the control plane's owner exited with ${code}` }));
    });
    if (result.error) {
        const inUse = /port 127\.0\.0\.1:(\d+) is in use|port in use/.exec(result.error);
        if (inUse) {
            const which = inUse[1] ? `127.0.0.1:${inUse[1]}` : "of the local control plane";
            fail(
                `port ${which} is in use: stop what listens there, ${o.port ? "or pass another --port" : saved.port ? "or run `npm stop` and start afresh (a new quickstart picks free ports)" : "and try again"}`,
            );
        }
        fail(`the local control plane did not start: ${result.error.split("\n")[0]} (log: ${logFile}; \`npm stop\` removes what is left)`);
    }
    const info = result.info;
    if (!info) fail(`the control plane's owner answered without its address (log: ${logFile}; \`npm stop\` removes what is left)`);
    child.disconnect();
    child.unref();
    state.cluster = info;
    writeState(state);
    say(`control plane ready at ${info.server} in ${secs(t0)} (owner pid ${info.pid}, kubeconfig ${info.kubeconfig})`);
    return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Pulumi

function passphraseFile() {
    const f = path.join(STATE_DIR, "passphrase");
    if (!fs.existsSync(f)) {
        fs.mkdirSync(STATE_DIR, { recursive: true });
        fs.writeFileSync(f, `${crypto.randomBytes(24).toString("base64url")}\n`, { mode: 0o600 });
    }
    return f;
}

/** @param {State} state @returns {NodeJS.ProcessEnv} */
function pulumiEnv(state) {
    fs.mkdirSync(path.join(STATE_DIR, "backend"), { recursive: true });
    fs.mkdirSync(path.join(STATE_DIR, "pulumi-home"), { recursive: true });
    /** @type {NodeJS.ProcessEnv} */
    const env = {
        ...process.env,
        PATH: `${state.binDir}${path.delimiter}${process.env.PATH || ""}`,
        PULUMI_HOME: path.join(STATE_DIR, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${path.join(STATE_DIR, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE_FILE: passphraseFile(),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_CREDENTIAL_STORE: "plaintext",
    };
    delete env.PULUMI_CONFIG_PASSPHRASE;
    delete env.PULUMI_ACCESS_TOKEN;
    delete env.PULUMI_IGNORE_AMBIENT_PLUGINS;
    // The local control plane: its kubeconfig, whatever the caller's KUBECONFIG says (the program names it too).
    if (state.mode === "local" && state.cluster) env.KUBECONFIG = state.cluster.kubeconfig;
    return env;
}

/** @param {State} state */
function writeEnvFile(state) {
    const env = pulumiEnv(state);
    const lines = ["# source this file to run pulumi (and kubectl) against the quickstart by hand"];
    lines.push(`export PATH=${JSON.stringify(state.binDir)}:"$PATH"`);
    for (const k of [
        "PULUMI_HOME",
        "PULUMI_BACKEND_URL",
        "PULUMI_CONFIG_PASSPHRASE_FILE",
        "PULUMI_SKIP_UPDATE_CHECK",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION",
    ]) {
        lines.push(`export ${k}=${JSON.stringify(env[k])}`);
    }
    if (state.mode === "local" && state.cluster) lines.push(`export KUBECONFIG=${JSON.stringify(state.cluster.kubeconfig)}`);
    lines.push(`export PULUMI_STACK=${JSON.stringify(STACK)}`);
    fs.writeFileSync(path.join(STATE_DIR, "env.sh"), `${lines.join("\n")}\n`);
}

function interactive() {
    return !!(process.stdout.isTTY && process.stdin.isTTY && !process.env.CI);
}

/**
 * Runs the pulumi CLI in the repository root; output streamed (inherit) or captured.
 * @param {State} state
 * @param {string[]} args
 * @param {{ capture?: boolean, allowFail?: boolean }} [options]
 * @returns {Promise<PulumiResult>}
 */
function pulumi(state, args, { capture = false, allowFail = false } = {}) {
    return new Promise((resolve, reject) => {
        const child = spawn(path.join(state.binDir ?? "", "pulumi"), args, {
            cwd: REPO,
            env: pulumiEnv(state),
            // On a terminal the CLI draws its interactive progress display (it needs the terminal on stdin too).
            stdio: capture ? ["ignore", "pipe", "pipe"] : [interactive() ? "inherit" : "ignore", "inherit", "inherit"],
        });
        let stdout = "";
        let stderr = "";
        if (capture) {
            child.stdout?.on("data", (d) => {
                stdout += d;
            });
            child.stderr?.on("data", (d) => {
                stderr += d;
            });
        }
        // Ctrl-C reaches the CLI through the terminal's process group and the CLI cancels cleanly on its own: this
        // process waits for it instead of dying first (which would leave the CLI writing state unobserved).
        // A SIGTERM sent to this process alone is passed on to the CLI as the interrupt it cancels on.
        const onInterrupt = () => process.stdout.write("\n[quickstart] interrupted: waiting for pulumi to stop cleanly ...\n");
        const onTerminate = () => {
            onInterrupt();
            try {
                child.kill("SIGINT");
            } catch {
                /* gone */
            }
        };
        if (!capture) {
            process.on("SIGINT", onInterrupt);
            process.on("SIGTERM", onTerminate);
        }
        child.on("error", (e) => reject(e));
        child.on("exit", (code, signal) => {
            process.removeListener("SIGINT", onInterrupt);
            process.removeListener("SIGTERM", onTerminate);
            const r = { code: signal ? 1 : code, stdout, stderr };
            if (r.code !== 0 && !allowFail) {
                const last = `${stderr}`.trim().split("\n").filter(Boolean).pop();
                return reject(new QuickstartError(`pulumi ${args[0]} failed${last ? `: ${last.trim()}` : " (output above)"}`));
            }
            resolve(r);
        });
    });
}

/** @param {State} state */
async function stackHasResources(state) {
    const r = await pulumi(state, ["stack", "export", "--stack", STACK], { capture: true, allowFail: true });
    if (r.code !== 0) return false;
    try {
        const d = JSON.parse(r.stdout);
        return ((d.deployment && d.deployment.resources) || []).length > 0;
    } catch {
        return false;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// npm start

/** @param {string[]} argv */
async function up(argv) {
    const o = parseArgs(argv);
    if (o.help) {
        process.stdout.write(`${HELP}\n`);
        return;
    }
    const t0 = Date.now();
    /** @type {State | undefined} */
    const existing = readJson(STATE_FILE);
    const mode = o.context ? "context" : "local";
    if (existing && existing.mode !== mode) {
        fail(
            existing.mode === "local"
                ? `the quickstart already runs on the local control plane (${STATE_DIR}); run \`npm stop\` first to move it to --context ${o.context}`
                : `the quickstart already runs on kube context "${existing.context}"; run \`npm start -- --context ${existing.context}\` to update it, or \`npm stop\` first`,
        );
    }
    if (existing && mode === "context" && existing.context !== o.context) {
        fail(`the quickstart already runs on kube context "${existing.context}"; run \`npm stop\` first to move it to "${o.context}"`);
    }

    // Everything the environment must provide is checked before anything is started.
    /** @type {Context | undefined} */
    let ctx;
    /** @type {{ certManager: boolean | undefined } | undefined} */
    let reach;
    if (o.context) {
        ctx = resolveContext(o.context);
        say(`target: kube context "${ctx.name}" (${ctx.server}) from ${ctx.files.join(", ")}`);
        reach = await checkContext(ctx);
    }
    /** @type {Chart} */
    let chart;
    if (o.chartPath === undefined && o.chartRepo === undefined && existing && existing.chart) {
        // Keep the source of the first run: switching would reinstall the operator.
        chart = { ...existing.chart, why: "as on the first run" };
    } else {
        chart = await chooseChart(o);
    }

    let webhook = o.webhook;
    let webhookWhy;
    if (webhook === undefined) {
        if (mode === "local") {
            webhook = false;
            webhookWhy = "off: the local control plane has no cert-manager (and runs no webhook pod)";
        } else if (reach?.certManager) {
            webhook = true;
            webhookWhy = "on: cert-manager found in the cluster";
        } else {
            webhook = false;
            webhookWhy =
                reach?.certManager === false
                    ? "off: no cert-manager in the cluster (the webhook needs it for its certificate); --webhook turns it on"
                    : "off: could not check for cert-manager without kubectl; --webhook turns it on if the cluster has it";
        }
    } else {
        webhookWhy = webhook ? "on (--webhook): needs cert-manager in the cluster" : "off (--no-webhook)";
    }
    if (webhook && mode === "local") fail("--webhook needs cert-manager, which the local control plane does not have; drop --webhook or use --context NAME");

    if (mode === "local" && o.port && !(existing && existing.cluster && alive(existing.cluster.pid))) {
        // Checked again when the API server starts; here it fails before any tool is built or program compiled.
        if (!(await portFree(o.port))) fail(`port 127.0.0.1:${o.port} is in use: stop what listens there, or pass another --port`);
    }

    const { binDir } = await tools();
    ensureProgramBuilt();

    /** @type {State} */
    const state = existing || { mode, createdAt: new Date().toISOString(), stack: STACK };
    state.binDir = binDir;
    state.chart = chart;
    if (ctx) state.context = ctx.name;
    writeState(state);

    let restarted = false;
    if (mode === "local") {
        if (state.cluster && alive(state.cluster.pid)) {
            say(`the local control plane is already running at ${state.cluster.server} (owner pid ${state.cluster.pid})`);
        } else {
            restarted = !!state.cluster;
            try {
                await startControlPlane(state, binDir, o);
            } catch (e) {
                // A first start refused for its port leaves nothing behind (its servers stopped with their owner);
                // other failures keep the state directory for the log (`npm stop` removes it).
                if (!existing && e instanceof Error && / is in use/.test(e.message)) fs.rmSync(STATE_DIR, { recursive: true, force: true });
                throw e;
            }
        }
    }
    writeEnvFile(state);

    const skipAwait = mode === "local" || !o.wait;
    say(`operator chart: ${chart.chartPath || chart.chartRepository || APACHE_REPO} (${chart.why})`);
    say(`admission webhook ${webhookWhy}`);
    if (mode === "local") say(`note: ${NO_NODES}. Readiness waits are off.`);
    else if (!o.wait) say("readiness waits are off (--no-wait)");
    else say("pulumi waits until the operator runs, the session cluster is STABLE and the job RUNNING (up to 10 minutes each)");

    await pulumi(state, ["stack", "select", STACK, "--create", "--secrets-provider", "passphrase", "--non-interactive"], { capture: true });
    const config = {
        kubeconfig: mode === "local" && state.cluster ? state.cluster.kubeconfig : "",
        kubeContext: ctx ? ctx.name : "e2e",
        namespace: NAMESPACE,
        chartPath: chart.chartPath || "",
        chartRepository: chart.chartRepository || "",
        webhook: String(webhook),
        skipAwait: String(skipAwait),
        retainCrds: String(mode !== "local"),
    };
    const setArgs = ["config", "set-all", "--stack", STACK];
    for (const [k, v] of Object.entries(config)) setArgs.push("--plaintext", `${PROJECT}:${k}=${v}`);
    await pulumi(state, setArgs, { capture: true });

    // With the control plane restarted from its data, state and cluster are re-read first.
    const refresh = restarted && (await stackHasResources(state));
    say(`pulumi up${refresh ? " --refresh" : ""} (stack ${STACK}, backend ${path.join(STATE_DIR, "backend")}) ...`);
    const upArgs = ["up", "--yes", "--skip-preview", "--stack", STACK, "--non-interactive"];
    if (interactive()) upArgs.pop(); // the interactive progress display on a terminal
    if (refresh) upArgs.push("--refresh");
    const res = await pulumi(state, upArgs, { allowFail: true });
    if (res.code !== 0) fail("pulumi up failed (output above); fix the cause and run `npm start` again, or `npm stop` to remove everything");

    const out = await pulumi(state, ["stack", "output", "--json", "--stack", STACK], { capture: true });
    printOutputs(state, JSON.parse(out.stdout), mode, ctx);
    say(`done in ${secs(t0)}`);
}

/**
 * @param {State} state
 * @param {Record<string, unknown>} outputs
 * @param {"local" | "context"} mode
 * @param {Context | undefined} ctx
 */
function printOutputs(state, outputs, mode, ctx) {
    const rows = Object.entries(outputs).map(([k, v]) => [
        k,
        v === null || v === undefined || v === "" ? "(none yet)" : typeof v === "string" ? v : JSON.stringify(v),
    ]);
    const w = Math.max(...rows.map((r) => r[0].length));
    const lines = ["", "Stack outputs:"];
    for (const [k, v] of rows) lines.push(`  ${k.padEnd(w)}  ${v}`);
    if (mode === "local") lines.push("", `Status fields stay empty: ${NO_NODES}.`);
    /** @param {string} p */
    const shown = (p) => {
        const rel = path.relative(process.cwd(), p);
        return rel && !rel.startsWith("..") ? rel : p;
    };
    const envFile = shown(path.join(STATE_DIR, "env.sh"));
    const examples = path.join(LOCAL_CHART, "..", "..", "examples");
    const kubectl = ctx ? `kubectl --context ${ctx.name}` : "kubectl";
    lines.push(
        "",
        "Try next:",
        ...(mode === "local"
            ? ["  npm run quickstart:status     what the control plane holds: the operator's release, the Flink resources (no kubectl needed)"]
            : []),
        `  source ${envFile}`,
        "    then plain pulumi commands work in this directory:",
        "      pulumi stack output       these outputs again",
        "      pulumi preview --diff     no changes: the cluster matches the program",
        `      ${kubectl} get flinkdeployments,flinksessionjobs -n ${NAMESPACE}`,
        "  edit quickstart/index.ts and run npm start again: e.g. set the job's parallelism to 0, and the package's",
        "    validation stops the update before anything changes, naming the field and the rule",
        fs.existsSync(examples)
            ? `  npx pulumi-flink validate ${shown(examples)}\n    the same rules on YAML manifests (one warning there: an image without a tag)`
            : "  npx pulumi-flink validate <your Flink manifests>   the same rules on YAML manifests",
        `  npm stop                      removes everything: the stack, ${mode === "local" ? "the control plane, " : ""}${shown(STATE_DIR)}`,
    );
    if (mode === "local") lines.push("", `The control plane keeps running in the background (owner pid ${state.cluster?.pid}) until \`npm stop\`.`);
    process.stdout.write(`${lines.join("\n")}\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// npm stop

/** @param {{ cluster?: ControlPlane }} state */
async function stopOwner(state) {
    const c = state.cluster;
    if (c && alive(c.pid)) {
        say(`stopping the local control plane (owner pid ${c.pid}) ...`);
        process.kill(c.pid, "SIGTERM");
        const deadline = Date.now() + 30000;
        while (alive(c.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (alive(c.pid)) process.kill(c.pid, "SIGKILL");
    }
    // Servers of this state directory left by an owner killed hard (their watchdogs stop them within a second or
    // two; wait for that, then make sure).
    const deadline = Date.now() + 10000;
    let left = processesMentioning(CLUSTER_DIR);
    while (left.length && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        left = processesMentioning(CLUSTER_DIR);
    }
    for (const p of left) {
        try {
            process.kill(p.pid, "SIGKILL");
        } catch {
            /* gone */
        }
    }
}

/** @param {string[]} argv */
async function down(argv) {
    if (argv.length) fail(`npm stop takes no options (got ${argv.join(" ")})`);
    const t0 = Date.now();
    const stackFile = path.join(REPO, `Pulumi.${STACK}.yaml`);
    /** @type {State | undefined} */
    const state = readJson(STATE_FILE);
    if (!state) {
        const leftovers = processesMentioning(CLUSTER_DIR);
        if (!fs.existsSync(STATE_DIR) && !leftovers.length) {
            fs.rmSync(stackFile, { force: true });
            say(`nothing to tear down (no ${STATE_DIR})`);
            return;
        }
        // A start that failed before it wrote its state: no stack, maybe servers.
        await stopOwner({});
        fs.rmSync(stackFile, { force: true });
        fs.rmSync(STATE_DIR, { recursive: true, force: true });
        say(`removed ${STATE_DIR}`);
        return;
    }
    const havePulumi = state.binDir && fs.existsSync(path.join(state.binDir, "pulumi"));
    const reachable = state.mode === "context" || (state.cluster && alive(state.cluster.pid));
    if (havePulumi && fs.existsSync(path.join(STATE_DIR, "backend"))) {
        const exists = (await pulumi(state, ["stack", "ls", "--json"], { capture: true, allowFail: true })).stdout.includes(`"${STACK}"`);
        if (exists && reachable) {
            say(`pulumi destroy (stack ${STACK}) ...`);
            const args = ["destroy", "--yes", "--skip-preview", "--stack", STACK, "--non-interactive"];
            if (interactive()) args.pop();
            const r = await pulumi(state, args, { allowFail: true });
            if (r.code !== 0) {
                if (state.mode === "context") {
                    fail(
                        `pulumi destroy failed on kube context "${state.context}" (output above); the stack and ${STATE_DIR} are kept: fix the cause and run \`npm stop\` again`,
                    );
                }
                say("pulumi destroy failed (output above); the control plane and everything in it are removed anyway");
            }
        } else if (exists) {
            say("the local control plane is not running: its resources go with its data, no destroy needed");
        }
        if (exists) {
            await pulumi(state, ["stack", "rm", STACK, "--yes", "--force", "--non-interactive"], { capture: true, allowFail: true });
            say(`stack ${STACK} removed`);
        }
    }
    if (state.mode === "local") await stopOwner(state);
    fs.rmSync(stackFile, { force: true });
    fs.rmSync(STATE_DIR, { recursive: true, force: true });
    say(`removed ${STATE_DIR}${state.mode === "local" ? " (control plane data, backend, passphrase)" : ""} in ${secs(t0)}`);
    if (state.mode === "context") {
        say(
            `the Flink CRDs stay on "${state.context}" (deleting a CRD deletes every resource of its kind); if nothing else uses them: kubectl --context ${state.context} delete crd flinkdeployments.flink.apache.org flinksessionjobs.flink.apache.org flinkstatesnapshots.flink.apache.org flinkbluegreendeployments.flink.apache.org`,
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// npm run quickstart:status — the local control plane's content, straight from its API server

async function status() {
    /** @type {State | undefined} */
    const state = readJson(STATE_FILE);
    if (!state) {
        say("not running: `npm start` starts the quickstart");
        return;
    }
    if (state.mode === "context") {
        say(`the quickstart runs on kube context "${state.context}": kubectl --context ${state.context} get flinkdeployments,flinksessionjobs -n ${NAMESPACE}`);
        return;
    }
    if (!state.cluster || !alive(state.cluster.pid))
        fail("the local control plane is not running: `npm start` starts it again (with its data), `npm stop` removes everything");
    const { request } = require("./cluster");
    const pki = path.join(CLUSTER_DIR, "pki");
    const c = {
        port: state.cluster.port,
        pki: {
            ca: fs.readFileSync(path.join(pki, "ca.crt")),
            cert: fs.readFileSync(path.join(pki, "admin.crt")),
            key: fs.readFileSync(path.join(pki, "admin.key")),
        },
    };
    /** @param {string} p @returns {Promise<any[]>} */
    const list = async (p) => {
        const r = await request(c, "GET", p);
        return r.status === 200 ? r.body.items : [];
    };
    const lines = [`control plane ${state.cluster.server} (owner pid ${state.cluster.pid}); kubeconfig ${state.cluster.kubeconfig}`];
    for (const d of await list(`/apis/apps/v1/namespaces/${NAMESPACE}-operator/deployments`)) {
        lines.push(
            `  Deployment ${d.metadata.namespace}/${d.metadata.name}: ${d.spec.replicas} replicas wanted, ${(d.status && d.status.readyReplicas) || 0} ready`,
        );
    }
    for (const s of await list(`/api/v1/namespaces/${NAMESPACE}-operator/secrets?labelSelector=owner%3Dhelm`)) {
        lines.push(`  Helm release ${s.metadata.labels.name} v${s.metadata.labels.version}: ${s.metadata.labels.status}`);
    }
    for (const [kind, plural] of [
        ["FlinkDeployment", "flinkdeployments"],
        ["FlinkSessionJob", "flinksessionjobs"],
    ]) {
        for (const r of await list(`/apis/flink.apache.org/v1beta1/namespaces/${NAMESPACE}/${plural}`)) {
            const st = r.status && (r.status.lifecycleState || (r.status.jobStatus && r.status.jobStatus.state));
            lines.push(`  ${kind} ${r.metadata.namespace}/${r.metadata.name}: ${st || "no status (no operator pod runs here)"}`);
        }
    }
    const pods = await list(`/api/v1/pods`);
    lines.push(`  pods: ${pods.length} (${NO_NODES})`);
    process.stdout.write(`${lines.join("\n")}\n`);
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
    const [cmd, ...rest] = process.argv.slice(2);
    if (cmd === "__serve") return serve();
    if (cmd === "up") return up(rest);
    if (cmd === "down") return down(rest);
    if (cmd === "status") return status();
    if (cmd === "env") {
        const state = readJson(STATE_FILE);
        if (!state) fail("not running: `npm start` first");
        process.stdout.write(fs.readFileSync(path.join(STATE_DIR, "env.sh"), "utf8"));
        return undefined;
    }
    process.stdout.write(`${HELP}\n`);
    if (cmd !== "--help" && cmd !== "-h") process.exitCode = 2;
    return undefined;
}

main().catch((e) => {
    if (e instanceof QuickstartError) {
        process.stderr.write(`quickstart: ${e.message}\n`);
    } else {
        process.stderr.write(`quickstart: failed: ${e && e.stack ? e.stack : e}\n`);
    }
    process.exit(1);
});
