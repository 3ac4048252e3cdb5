#!/usr/bin/env node
// @ts-check
// A local Kubernetes control plane for e2e tests: etcd + kube-apiserver on 127.0.0.1, free ports, a temporary data
// directory, TLS from a generated CA (openssl), an admin client certificate in system:masters, a kubeconfig.
// kube-controller-manager runs only its garbage-collector and namespace controllers, so deletions finish as on a
// real cluster; there is no scheduler and no kubelet: pods never run and Deployments never get ready.
//
// Library:  const { startCluster } = require("./cluster");
//           const c = await startCluster({ binDir });   // c.kubeconfig, c.server, c.request(method, path, body)
//           await c.stopApiServer(); await c.startApiServer();   // fault injection (same port, same data)
//           await c.stop();                                     // also done on process exit / signals
// CLI:      npm run cluster -- up [--foreground] | down | env | status
//
// Every server is started under a tiny shell watchdog that kills it as soon as the owning Node process is gone, so a
// crashed or SIGKILLed test run leaves no stray etcd / kube-apiserver behind.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const net = require("net");
const https = require("https");
const { spawn, spawnSync, execFileSync } = require("child_process");

/**
 * @typedef {{ dir: string, ca: Buffer, cert: Buffer, key: Buffer }} Pki
 * @typedef {{ status: number | undefined, body: any, text: string }} Response  body: the parsed JSON, if it was JSON
 * @typedef {{ binDir?: string, dir?: string, keepDir?: boolean, controllerManager?: boolean, apiserverPort?: number, etcdPort?: number }} ClusterOptions
 * @typedef {{ pid: number, dir: string, server: string, kubeconfig: string, binDir: string, startedAt: string }} ClusterState
 * @typedef {{
 *   dir: string, port: number, server: string, kubeconfig: string, pki: Pki, etcdPort: number,
 *   etcd: Proc | undefined, apiserver: Proc | undefined, controllerManager: Proc | undefined,
 *   request: (method: string, p: string, body?: unknown, t?: number) => Promise<Response>,
 *   get: (p: string) => Promise<Response>,
 *   startEtcd(): Promise<void>, startApiServer(): Promise<void>, startControllerManager(): Promise<void>,
 *   stopApiServer(): Promise<void>, stop(): Promise<void>, killNow(): void, env(): Record<string, string>,
 * }} Cluster
 */

class ClusterError extends Error {
    /** @param {string} step @param {string} message @param {string} [log] */
    constructor(step, message, log) {
        super(`cluster: ${step} failed: ${message}${log ? ` (log: ${log})` : ""}`);
        this.step = step;
        this.log = log;
    }
}

/** @param {string} msg */
function say(msg) {
    process.stderr.write(`[cluster] ${msg}\n`);
}

/** @returns {Promise<number>} */
function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = /** @type {import("net").AddressInfo} */ (srv.address());
            srv.close(() => resolve(port));
        });
    });
}

/** @param {number} port @param {string} what @returns {Promise<void>} */
function assertPortFree(port, what) {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.once("error", (e) =>
            reject(
                new ClusterError(
                    `start ${what}`,
                    /** @type {NodeJS.ErrnoException} */ (e).code === "EADDRINUSE" ? `port 127.0.0.1:${port} is in use` : e.message,
                ),
            ),
        );
        srv.listen(port, "127.0.0.1", () => srv.close(() => resolve()));
    });
}

/** @param {string | undefined} binDir @param {string} name @returns {string} */
function findBinary(binDir, name) {
    const dirs = [...(binDir ? [binDir] : []), ...(process.env.PATH || "").split(path.delimiter).filter((d) => d !== "")];
    for (const d of dirs) {
        const p = path.join(d, name);
        try {
            fs.accessSync(p, fs.constants.X_OK);
            return p;
        } catch {
            /* next */
        }
    }
    throw new ClusterError("find binaries", `${name} not found in ${binDir || "(no bin dir)"} or on PATH; run \`npm run tools\` first`);
}

/** @param {string[]} args @param {string} cwd @param {string} log */
function openssl(args, cwd, log) {
    const r = spawnSync("openssl", args, { cwd, encoding: "utf8" });
    fs.appendFileSync(log, `$ openssl ${args.join(" ")}\n${r.stdout || ""}${r.stderr || ""}`);
    if (r.error) throw new ClusterError("generate certificates", `openssl: ${r.error.message}`, log);
    if (r.status !== 0) throw new ClusterError("generate certificates", `openssl ${args[0]} exited with ${r.status}`, log);
}

/** CA, serving cert (127.0.0.1/localhost), admin client cert (O=system:masters), service-account key pair. */
/** @param {string} dir @param {string} log @returns {Pki} */
function generatePki(dir, log) {
    fs.mkdirSync(dir, { recursive: true });
    openssl(
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=pulumi-flink-e2e-ca"],
        dir,
        log,
    );
    fs.writeFileSync(
        path.join(dir, "server.ext"),
        [
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage=serverAuth",
            "subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc",
            "",
        ].join("\n"),
    );
    fs.writeFileSync(
        path.join(dir, "client.ext"),
        ["basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment", "extendedKeyUsage=clientAuth", ""].join("\n"),
    );
    openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=kube-apiserver"], dir, log);
    openssl(
        [
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
        dir,
        log,
    );
    openssl(
        ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "admin.key", "-out", "admin.csr", "-subj", "/O=system:masters/CN=pulumi-flink-admin"],
        dir,
        log,
    );
    openssl(
        [
            "x509",
            "-req",
            "-in",
            "admin.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "admin.crt",
            "-days",
            "2",
            "-extfile",
            "client.ext",
        ],
        dir,
        log,
    );
    openssl(["genrsa", "-out", "sa.key", "2048"], dir, log);
    openssl(["rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub"], dir, log);
    const read = /** @param {string} f */ (f) => fs.readFileSync(path.join(dir, f));
    return { dir, ca: read("ca.crt"), cert: read("admin.crt"), key: read("admin.key") };
}

/** @param {string} server @param {Pki} pki */
function kubeconfigYaml(server, pki) {
    const b64 = /** @param {Buffer} b */ (b) => Buffer.from(b).toString("base64");
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: e2e",
        "  cluster:",
        `    server: ${server}`,
        `    certificate-authority-data: ${b64(pki.ca)}`,
        "contexts:",
        "- name: e2e",
        "  context:",
        "    cluster: e2e",
        "    user: admin",
        "current-context: e2e",
        "users:",
        "- name: admin",
        "  user:",
        `    client-certificate-data: ${b64(pki.cert)}`,
        `    client-key-data: ${b64(pki.key)}`,
        "",
    ].join("\n");
}

// The watchdog: run the server in the background and kill it when the owner (this Node process) disappears.
// It polls the owner pid once a second; the server gets SIGTERM, then SIGKILL after 5 s.
const WATCHDOG = [
    'owner="$1"; shift',
    '"$@" & child=$!',
    "trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM INT HUP",
    // The owner is our parent: once it is gone we are re-parented (a zombie owner still answers kill -0).
    'owner_alive() { if [ -r /proc/$$/stat ]; then set -- $(cat /proc/$$/stat); [ "$4" = "$owner" ]; else kill -0 "$owner" 2>/dev/null; fi; }',
    'while owner_alive && kill -0 "$child" 2>/dev/null; do sleep 1 & wait $!; done',
    'if kill -0 "$child" 2>/dev/null; then kill -TERM "$child"; n=0; while kill -0 "$child" 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n+1)); done; kill -KILL "$child" 2>/dev/null; fi',
    'wait "$child"',
].join("\n");

class Proc {
    /** @param {string} name @param {string} bin @param {string[]} args @param {string} log */
    constructor(name, bin, args, log) {
        this.name = name;
        this.log = log;
        /** @type {number | null | undefined} */
        this.exitCode = undefined;
        /** @type {NodeJS.Signals | null | undefined} */
        this.exitSignal = undefined;
        const fd = fs.openSync(log, "a");
        fs.writeSync(fd, `\n$ ${bin} ${args.join(" ")}\n`);
        this.child = spawn("/bin/sh", ["-c", WATCHDOG, "watchdog", String(process.pid), bin, ...args], {
            stdio: ["ignore", fd, fd],
            detached: true, // own process group: stop() signals the whole group
        });
        fs.closeSync(fd);
        /** @type {Promise<void>} */
        this.exited = new Promise((resolve) => {
            this.child.on("exit", (code, signal) => {
                this.exitCode = code;
                this.exitSignal = signal;
                resolve();
            });
        });
    }

    get running() {
        return this.exitCode === undefined && this.exitSignal === undefined;
    }

    async stop(timeoutMs = 10_000) {
        const pid = this.child.pid;
        if (!this.running || pid === undefined) return;
        try {
            process.kill(-pid, "SIGTERM");
        } catch {
            /* gone */
        }
        const timer = setTimeout(() => {
            try {
                process.kill(-pid, "SIGKILL");
            } catch {
                /* gone */
            }
        }, timeoutMs);
        await this.exited;
        clearTimeout(timer);
        // The group may still hold the server if the shell died first.
        try {
            process.kill(-pid, "SIGKILL");
        } catch {
            /* gone */
        }
    }

    /** Synchronous kill for process 'exit' handlers. */
    killNow() {
        if (!this.child.pid) return;
        try {
            process.kill(-this.child.pid, "SIGKILL");
        } catch {
            /* gone */
        }
    }

    tail(n = 5) {
        try {
            return fs.readFileSync(this.log, "utf8").trim().split("\n").slice(-n).join("\n");
        } catch {
            return "";
        }
    }
}

/**
 * One HTTPS request to the API server as the admin user.
 * @param {{ port: number, pki: { ca: Buffer, cert: Buffer, key: Buffer } }} cluster
 * @param {string} method
 * @param {string} urlPath
 * @param {unknown} [body] JSON (a string is sent as it is)
 * @param {number} [timeoutMs]
 * @returns {Promise<Response>}
 */
function request(cluster, method, urlPath, body, timeoutMs = 15_000) {
    return new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
        const req = https.request(
            {
                host: "127.0.0.1",
                port: cluster.port,
                method,
                path: urlPath,
                ca: cluster.pki.ca,
                cert: cluster.pki.cert,
                key: cluster.pki.key,
                headers: {
                    Accept: "application/json",
                    ...(data
                        ? { "Content-Type": method === "PATCH" ? "application/merge-patch+json" : "application/json", "Content-Length": data.length }
                        : {}),
                },
                timeout: timeoutMs,
            },
            (res) => {
                /** @type {Buffer[]} */
                const chunks = [];
                res.on("data", (c) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    let json;
                    try {
                        json = JSON.parse(text);
                    } catch {
                        /* not json */
                    }
                    resolve({ status: res.statusCode, body: json, text });
                });
            },
        );
        req.on("timeout", () => req.destroy(new Error(`${method} ${urlPath}: timed out after ${timeoutMs} ms`)));
        req.on("error", reject);
        if (data) req.write(data);
        req.end();
    });
}

/**
 * Poll `fn` until it is true, `proc` exits (then its log tells why), or the deadline passes.
 * @param {string} what
 * @param {() => Promise<boolean>} fn
 * @param {{ timeoutMs: number, intervalMs?: number, proc?: Proc }} options
 */
async function waitFor(what, fn, { timeoutMs, intervalMs = 200, proc }) {
    const deadline = Date.now() + timeoutMs;
    /** @type {unknown} */
    let last;
    for (;;) {
        if (proc && !proc.running) {
            const tail = proc.tail(20);
            const inUse = /address already in use|bind: address/i.exec(tail);
            throw new ClusterError(
                `start ${proc.name}`,
                inUse ? `port in use (${inUse[0]})` : `${proc.name} exited with ${proc.exitSignal || proc.exitCode}`,
                proc.log,
            );
        }
        try {
            if (await fn()) return;
        } catch (e) {
            last = e;
        }
        if (Date.now() > deadline) {
            throw new ClusterError(
                `wait for ${what}`,
                `not ready after ${timeoutMs / 1000}s${last ? ` (${last instanceof Error ? last.message : String(last)})` : ""}`,
                proc && proc.log,
            );
        }
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}

/** @type {Set<Cluster>} */
const live = new Set();
let exitHooked = false;
function hookExit() {
    if (exitHooked) return;
    exitHooked = true;
    process.on("exit", () => {
        for (const c of live) c.killNow();
    });
}

/**
 * Start etcd + kube-apiserver. Options: binDir (where etcd / kube-apiserver live; PATH otherwise), dir (data
 * directory, default a new temp dir, removed on stop unless keepDir), apiserverPort / etcdPort (default: free ports).
 */
/** @param {ClusterOptions} [opts] @returns {Promise<Cluster>} */
async function startCluster(opts = {}) {
    const dir = opts.dir || fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-flink-cluster-"));
    fs.mkdirSync(dir, { recursive: true });
    const logs = path.join(dir, "logs");
    fs.mkdirSync(logs, { recursive: true });
    const etcdBin = findBinary(opts.binDir, "etcd");
    const apiBin = findBinary(opts.binDir, "kube-apiserver");
    const withControllers = opts.controllerManager !== false;
    const kcmBin = withControllers ? findBinary(opts.binDir, "kube-controller-manager") : undefined;
    say(`data dir ${dir}`);
    const pki = generatePki(path.join(dir, "pki"), path.join(logs, "pki.log"));
    const etcdPort = opts.etcdPort || (await freePort());
    const port = opts.apiserverPort || (await freePort());
    const server = `https://127.0.0.1:${port}`;
    const kubeconfig = path.join(dir, "kubeconfig");
    fs.writeFileSync(kubeconfig, kubeconfigYaml(server, pki), { mode: 0o600 });

    /** @type {Cluster} */
    const cluster = {
        dir,
        port,
        server,
        kubeconfig,
        pki,
        etcdPort,
        etcd: undefined,
        apiserver: undefined,
        controllerManager: undefined,
        request: (method, p, body, t) => request(cluster, method, p, body, t),
        get: (p) => request(cluster, "GET", p),
        async startEtcd() {
            await assertPortFree(etcdPort, "etcd");
            this.etcd = new Proc(
                "etcd",
                etcdBin,
                [
                    "--name=e2e",
                    `--data-dir=${path.join(dir, "etcd")}`,
                    `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
                    `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
                    "--listen-peer-urls=http://127.0.0.1:0",
                    "--unsafe-no-fsync=true",
                    "--log-level=warn",
                ],
                path.join(logs, "etcd.log"),
            );
            const etcd = this.etcd;
            await waitFor(
                "etcd /health",
                async () => {
                    /** @type {boolean} */
                    const ok = await new Promise((resolve) => {
                        const s = net.connect(etcdPort, "127.0.0.1", () => {
                            s.destroy();
                            resolve(true);
                        });
                        s.on("error", () => resolve(false));
                    });
                    return ok;
                },
                { timeoutMs: 30_000, proc: etcd },
            );
        },
        async startApiServer() {
            await assertPortFree(port, "kube-apiserver");
            const p = /** @param {string} f */ (f) => path.join(pki.dir, f);
            this.apiserver = new Proc(
                "kube-apiserver",
                apiBin,
                [
                    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
                    `--cert-dir=${path.join(dir, "apiserver-certs")}`,
                    `--tls-cert-file=${p("server.crt")}`,
                    `--tls-private-key-file=${p("server.key")}`,
                    `--client-ca-file=${p("ca.crt")}`,
                    `--secure-port=${port}`,
                    "--bind-address=127.0.0.1",
                    "--advertise-address=127.0.0.1",
                    "--service-cluster-ip-range=10.0.0.0/24",
                    "--allow-privileged=true",
                    "--authorization-mode=RBAC",
                    `--service-account-issuer=${server}/`,
                    `--service-account-key-file=${p("sa.pub")}`,
                    `--service-account-signing-key-file=${p("sa.key")}`,
                    "--disable-admission-plugins=ServiceAccount",
                    "--enable-priority-and-fairness=false",
                    "--profiling=false",
                    "--v=1",
                ],
                path.join(logs, "kube-apiserver.log"),
            );
            const api = this.apiserver;
            await waitFor("kube-apiserver /readyz", async () => (await request(cluster, "GET", "/readyz", undefined, 5_000)).status === 200, {
                timeoutMs: 90_000,
                intervalMs: 250,
                proc: api,
            });
        },
        async startControllerManager() {
            // Only the garbage collector (foreground deletion, the provider's default, needs it to finish) and the
            // namespace controller (namespace deletion): no scheduler, no kubelet, so no workload ever runs.
            if (!kcmBin) throw new ClusterError("start kube-controller-manager", "the cluster was started with controllerManager: false");
            this.controllerManager = new Proc(
                "kube-controller-manager",
                kcmBin,
                [
                    `--kubeconfig=${kubeconfig}`,
                    "--controllers=garbage-collector-controller,namespace-controller",
                    "--leader-elect=false",
                    "--secure-port=0",
                    "--use-service-account-credentials=false",
                    "--concurrent-gc-syncs=5",
                    "--v=1",
                ],
                path.join(logs, "kube-controller-manager.log"),
            );
            // It has no health endpoint without a serving port: give it until its first log lines to crash early.
            const kcm = this.controllerManager;
            await waitFor("kube-controller-manager start", async () => /Started|Starting|garbage/i.test(kcm.tail(50)), { timeoutMs: 30_000, proc: kcm });
        },
        async stopApiServer() {
            if (this.apiserver) await this.apiserver.stop();
        },
        async stop() {
            live.delete(cluster);
            if (this.controllerManager) await this.controllerManager.stop();
            if (this.apiserver) await this.apiserver.stop();
            if (this.etcd) await this.etcd.stop();
            if (!opts.keepDir) fs.rmSync(dir, { recursive: true, force: true });
        },
        killNow() {
            if (this.controllerManager) this.controllerManager.killNow();
            if (this.apiserver) this.apiserver.killNow();
            if (this.etcd) this.etcd.killNow();
        },
        /** Environment for tools that talk to this cluster. */
        env() {
            return { KUBECONFIG: kubeconfig };
        },
    };
    live.add(cluster);
    hookExit();
    try {
        const t0 = Date.now();
        await cluster.startEtcd();
        await cluster.startApiServer();
        if (withControllers) await cluster.startControllerManager();
        say(`ready at ${server} in ${((Date.now() - t0) / 1000).toFixed(1)}s (kubeconfig ${kubeconfig})`);
    } catch (e) {
        await cluster.stop().catch(() => undefined);
        throw e;
    }
    return cluster;
}

// ---------------------------------------------------------------------------------------------------------------
// CLI: up | down | env | status

function stateDir() {
    const base = process.env.PULUMI_FLINK_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-flink");
    return path.join(base, "cluster");
}
const STATE = () => path.join(stateDir(), "state.json");

/** @returns {ClusterState | undefined} */
function readState() {
    try {
        return JSON.parse(fs.readFileSync(STATE(), "utf8"));
    } catch {
        return undefined;
    }
}

/** @param {number} pid */
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return /** @type {NodeJS.ErrnoException} */ (e).code === "EPERM";
    }
}

/** @returns {string} */
function binDirFromTools() {
    if (process.env.PULUMI_FLINK_BIN) return process.env.PULUMI_FLINK_BIN;
    // Warm `npm run tools` is fast; its last stdout line is the bin dir.
    const out = execFileSync(process.execPath, [path.join(__dirname, "toolchain.js")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    const binDir = out.trim().split("\n").pop();
    if (!binDir) throw new Error("cluster: up failed: tools/toolchain.js printed no bin directory");
    return binDir;
}

/** @param {{ binDir: string, kubeconfig: string, dir: string }} state @returns {Record<string, string>} */
function pulumiEnvFor(state) {
    return {
        PATH: `${state.binDir}${path.delimiter}${process.env.PATH}`,
        KUBECONFIG: state.kubeconfig,
        PULUMI_HOME: path.join(state.dir, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${path.join(state.dir, "pulumi-backend")}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_CREDENTIAL_STORE: "plaintext",
    };
}

/** @param {{ binDir: string, foreground: boolean }} args */
async function serve(args) {
    // The long-lived owner of an `up` cluster (or `up --foreground`).
    const binDir = args.binDir;
    const port = /** @param {string | undefined} v */ (v) => (v ? Number(v) : undefined);
    const c = await startCluster({
        binDir,
        keepDir: false,
        apiserverPort: port(process.env.PULUMI_FLINK_APISERVER_PORT),
        etcdPort: port(process.env.PULUMI_FLINK_ETCD_PORT),
    });
    const state = { pid: process.pid, dir: c.dir, server: c.server, kubeconfig: c.kubeconfig, binDir, startedAt: new Date().toISOString() };
    fs.mkdirSync(path.join(c.dir, "pulumi-home"), { recursive: true });
    fs.mkdirSync(path.join(c.dir, "pulumi-backend"), { recursive: true });
    fs.mkdirSync(stateDir(), { recursive: true });
    fs.writeFileSync(STATE(), JSON.stringify(state, null, 2));
    let stopping = false;
    /** @param {string} why */
    const shutdown = async (why) => {
        if (stopping) return;
        stopping = true;
        say(`stopping (${why})`);
        await c.stop();
        const s = readState();
        if (s && s.pid === process.pid) fs.rmSync(STATE(), { force: true });
        process.exit(0);
    };
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => shutdown(sig));
    // Exit if a server dies on its own.
    c.apiserver?.exited.then(() => shutdown("kube-apiserver exited"));
    c.etcd?.exited.then(() => shutdown("etcd exited"));
    if (process.send) process.send({ ready: true, state });
    if (args.foreground) {
        process.stdout.write(`export KUBECONFIG=${c.kubeconfig}\n`);
        say("running in the foreground; Ctrl-C stops it");
    }
    setInterval(() => undefined, 1 << 30); // keep the event loop alive until a signal
}

/** @param {string[]} argv */
async function main(argv) {
    const cmd = argv[0];
    if (cmd === "__serve") return serve({ binDir: argv[1], foreground: false });
    if (cmd === "up") {
        const s = readState();
        if (s && alive(s.pid)) {
            say(`already running (pid ${s.pid}) at ${s.server}`);
            process.stdout.write(`${s.kubeconfig}\n`);
            return;
        }
        const binDir = binDirFromTools();
        if (argv.includes("--foreground")) return serve({ binDir, foreground: true });
        const logFile = path.join(stateDir(), "owner.log");
        fs.mkdirSync(stateDir(), { recursive: true });
        const out = fs.openSync(logFile, "w");
        const child = spawn(process.execPath, [__filename, "__serve", binDir], { detached: true, stdio: ["ignore", out, out, "ipc"] });
        /** @type {{ ok: true, state: ClusterState } | { ok: false, code: number | null }} */
        const result = await new Promise((resolve) => {
            child.on("message", (m) => resolve({ ok: true, state: /** @type {{ state: ClusterState }} */ (m).state }));
            child.on("exit", (code) => resolve({ ok: false, code }));
        });
        if (!result.ok) {
            const tail = fs
                .readFileSync(logFile, "utf8")
                .trim()
                .split("\n")
                .filter((l) => l.startsWith("cluster:"))
                .pop();
            throw new Error(tail || `cluster: up failed: owner exited with ${result.code} (log: ${logFile})`);
        }
        child.disconnect();
        child.unref();
        say(`up (owner pid ${result.state.pid}); \`npm run cluster -- env\` prints the environment, \`npm run cluster -- down\` stops it`);
        process.stdout.write(`${result.state.kubeconfig}\n`);
        return;
    }
    if (cmd === "down") {
        const s = readState();
        if (!s || !alive(s.pid)) {
            fs.rmSync(STATE(), { force: true });
            say("not running");
            return;
        }
        process.kill(s.pid, "SIGTERM");
        const deadline = Date.now() + 30_000;
        while (alive(s.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (alive(s.pid)) throw new Error(`cluster: down failed: owner pid ${s.pid} still running after 30s`);
        fs.rmSync(STATE(), { force: true });
        say("stopped");
        return;
    }
    if (cmd === "env") {
        const s = readState();
        if (!s || !alive(s.pid)) throw new Error("cluster: env failed: no cluster running; `npm run cluster -- up` first");
        for (const [k, v] of Object.entries(pulumiEnvFor(s))) {
            // PATH: prepend the tool bin dir to the caller's PATH when evaluated (`eval "$(npm run -s cluster -- env)"`).
            process.stdout.write(k === "PATH" ? `export PATH=${JSON.stringify(s.binDir)}:"$PATH"\n` : `export ${k}=${JSON.stringify(v)}\n`);
        }
        return;
    }
    if (cmd === "status") {
        const s = readState();
        process.stdout.write(s && alive(s.pid) ? `running: ${s.server} (pid ${s.pid}, kubeconfig ${s.kubeconfig})\n` : "not running\n");
        return;
    }
    throw new Error("usage: npm run cluster -- up [--foreground] | down | env | status");
}

module.exports = { startCluster, request, ClusterError, pulumiEnvFor };

if (require.main === module) {
    main(process.argv.slice(2)).catch((e) => {
        process.stderr.write(`${e instanceof ClusterError || /^cluster: /.test(e.message) ? e.message : `cluster: failed: ${e.stack || e}`}\n`);
        process.exit(1);
    });
}
