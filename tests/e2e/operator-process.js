// The real Flink Kubernetes Operator 1.15.0 and its real admission webhook as processes of the e2e suite, built by
// tools/flink-operator.js (Maven, from the upstream source release) and run outside the cluster against the suite's
// local kube-apiserver, as the operator's README says they can:
//   - the operator: `java -cp <operator jar>:<log4j> org.apache.flink.kubernetes.operator.FlinkOperator`, KUBECONFIG set,
//     FLINK_CONF_DIR with a config.yaml that watches the test namespaces, a short reconcile interval and a health
//     probe on a free port (readiness = the probe answers 200: its informers are up);
//   - the webhook: `java -cp <operator jar>:<webhook jar>:<log4j> ...admission.FlinkOperatorWebhook` on a free port,
//     TLS from a PKCS12 keystore whose certificate the cluster's CA signs (openssl), registered with the API server by a
//     ValidatingWebhookConfiguration and a MutatingWebhookConfiguration (the chart's rules and namespace selector) whose
//     clientConfig.url is https://127.0.0.1:<port>/validate and /mutate with that CA as caBundle (readiness = a TLS
//     request to it is answered).
// Each runs under a shell watchdog in its own process group (killed when this Node process is gone, even by SIGKILL),
// is killed on process exit, and stop() removes the webhook registrations first, so nothing outlives a failed run.
// What is simulated: nothing of the operator. What is missing: a kubelet (pods never start, so a JobManager never
// answers and a job never runs) -- the operator's own view of that is what the tests assert.
"use strict";

const fs = require("fs");
const os = require("os");
const net = require("net");
const path = require("path");
const crypto = require("crypto");
const assert = require("assert");
const { spawn, spawnSync } = require("child_process");
const yaml = require("js-yaml");
const { ensureFlinkOperator } = require("../../tools/flink-operator");

const CRD_DIR =
    process.env.FLINK_OPERATOR_CRDS_DIR ||
    path.resolve(__dirname, "..", "..", "..", "shared", "upstream", "flink-kubernetes-operator-1.15.0", "helm", "flink-kubernetes-operator", "crds");
const FLINK_RESOURCES = ["flinkdeployments", "flinksessionjobs", "flinkstatesnapshots", "flinkbluegreendeployments"];

function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

// A shell watchdog: run the JVM in the background and kill it once the owner (this Node process) is gone.
const WATCHDOG = [
    'owner="$1"; shift',
    '"$@" & child=$!',
    "trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM INT HUP",
    'owner_alive() { if [ -r /proc/$$/stat ]; then set -- $(cat /proc/$$/stat); [ "$4" = "$owner" ]; else kill -0 "$owner" 2>/dev/null; fi; }',
    'while owner_alive && kill -0 "$child" 2>/dev/null; do sleep 1 & wait $!; done',
    'if kill -0 "$child" 2>/dev/null; then kill -TERM "$child"; n=0; while kill -0 "$child" 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n+1)); done; kill -KILL "$child" 2>/dev/null; fi',
    'wait "$child"',
].join("\n");

const live = new Set();
let exitHooked = false;
function hookExit() {
    if (exitHooked) return;
    exitHooked = true;
    process.on("exit", () => {
        for (const p of live) p.killNow();
    });
}

class JavaProcess {
    constructor(name, java, args, { env, stdoutLog, log }) {
        this.name = name;
        this.log = log; // the log4j file
        this.stdoutLog = stdoutLog; // the JVM's own stdout/stderr (crashes before logging starts)
        const fd = fs.openSync(stdoutLog, "a");
        fs.writeSync(fd, `$ ${java} ${args.join(" ")}\n`);
        this.child = spawn("/bin/sh", ["-c", WATCHDOG, "watchdog", String(process.pid), java, ...args], {
            stdio: ["ignore", fd, fd],
            env,
            detached: true,
        });
        fs.closeSync(fd);
        this.exited = new Promise((resolve) =>
            this.child.on("exit", (code, signal) => {
                this.exitCode = code;
                this.exitSignal = signal;
                live.delete(this);
                resolve();
            }),
        );
        live.add(this);
        hookExit();
    }

    get running() {
        return this.exitCode === undefined && this.exitSignal === undefined;
    }

    async stop(timeoutMs = 15_000) {
        if (this.running) {
            try {
                process.kill(-this.child.pid, "SIGTERM");
            } catch {
                /* gone */
            }
            const timer = setTimeout(() => {
                try {
                    process.kill(-this.child.pid, "SIGKILL");
                } catch {
                    /* gone */
                }
            }, timeoutMs);
            await this.exited;
            clearTimeout(timer);
        }
        // The group may still hold the JVM if the shell went first.
        try {
            process.kill(-this.child.pid, "SIGKILL");
        } catch {
            /* gone */
        }
        live.delete(this);
    }

    killNow() {
        try {
            process.kill(-this.child.pid, "SIGKILL");
        } catch {
            /* gone */
        }
    }

    tail(n = 40) {
        const read = (f) => {
            try {
                return fs.readFileSync(f, "utf8");
            } catch {
                return "";
            }
        };
        const lines = `${read(this.stdoutLog)}\n${read(this.log)}`.trim().split("\n");
        return lines.slice(-n).join("\n");
    }
}

function openssl(args, cwd) {
    const r = spawnSync("openssl", args, { cwd, encoding: "utf8" });
    if (r.error) throw new Error(`openssl is needed for the webhook's keystore: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`openssl ${args.slice(0, 2).join(" ")} failed: ${(r.stderr || "").trim().slice(0, 300)}`);
}

/** A serving certificate for 127.0.0.1 signed by the cluster's CA, as a PKCS12 keystore. */
function webhookKeystore(dir, pkiDir) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
        path.join(dir, "webhook.ext"),
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n",
    );
    openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "webhook.key", "-out", "webhook.csr", "-subj", "/CN=flink-operator-webhook"], dir);
    openssl(
        [
            "x509",
            "-req",
            "-in",
            "webhook.csr",
            "-CA",
            path.join(pkiDir, "ca.crt"),
            "-CAkey",
            path.join(pkiDir, "ca.key"),
            "-CAcreateserial",
            "-CAserial",
            path.join(dir, "ca.srl"),
            "-out",
            "webhook.crt",
            "-days",
            "2",
            "-extfile",
            "webhook.ext",
        ],
        dir,
    );
    const password = crypto.randomBytes(12).toString("hex");
    openssl(
        ["pkcs12", "-export", "-in", "webhook.crt", "-inkey", "webhook.key", "-name", "webhook", "-out", "keystore.p12", "-passout", `pass:${password}`],
        dir,
    );
    return { file: path.join(dir, "keystore.p12"), type: "PKCS12", password };
}

/** A TLS handshake with the webhook, verified against the CA that signed its certificate (no request is sent). */
function tlsAnswers(port, ca) {
    return new Promise((resolve) => {
        const socket = require("tls").connect({ host: "127.0.0.1", port, ca, servername: "localhost", timeout: 3000 }, () => {
            socket.end();
            resolve(socket.authorized);
        });
        socket.on("timeout", () => socket.destroy());
        socket.on("error", () => resolve(false));
    });
}

function httpStatus(port, urlPath) {
    return new Promise((resolve) => {
        const req = require("http").request({ host: "127.0.0.1", port, method: "GET", path: urlPath, timeout: 3000 }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode));
        });
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", () => resolve(undefined));
        req.end();
    });
}

async function until(what, fn, { timeoutMs, proc, intervalMs = 250 }) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
        for (const p of [].concat(proc || [])) {
            if (!p.running) throw new Error(`${p.name} exited with ${p.exitSignal || p.exitCode} while waiting for ${what}:\n${p.tail(30)}`);
        }
        try {
            const v = await fn();
            if (v) return v;
        } catch (e) {
            last = e;
        }
        if (Date.now() > deadline) {
            const tails = []
                .concat(proc || [])
                .map((p) => `--- ${p.name} ---\n${p.tail(30)}`)
                .join("\n");
            throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? ` (${last.message})` : ""}\n${tails}`);
        }
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}

/** The four CRDs of the operator's chart, applied (created, or replaced when present) and waited for until Established. */
async function applyCrds(cluster) {
    const files = fs
        .readdirSync(CRD_DIR)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(CRD_DIR, f));
    const names = [];
    for (const file of files) {
        const crd = yaml.load(fs.readFileSync(file, "utf8"));
        const p = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`;
        const res = await cluster.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        assert.ok([201, 409].includes(res.status), `create CRD ${crd.metadata.name}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
        if (res.status === 409) {
            const cur = (await cluster.request("GET", p)).body;
            const put = await cluster.request("PUT", p, { ...crd, metadata: { ...crd.metadata, resourceVersion: cur.metadata.resourceVersion } });
            assert.strictEqual(put.status, 200, `replace CRD ${crd.metadata.name}: HTTP ${put.status} ${put.text.slice(0, 300)}`);
        }
        names.push(crd.metadata.name);
    }
    for (const name of names) {
        await until(
            `CRD ${name} Established`,
            async () => {
                const c = (await cluster.request("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`)).body;
                return c && (c.status?.conditions || []).some((x) => x.type === "Established" && x.status === "True");
            },
            { timeoutMs: 30_000 },
        );
    }
    return names;
}

async function ensureNamespace(cluster, name) {
    const res = await cluster.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    assert.ok([201, 409].includes(res.status), `create namespace ${name}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
    await until(`namespace ${name} active`, async () => (await cluster.request("GET", `/api/v1/namespaces/${name}`)).body?.status?.phase === "Active", {
        timeoutMs: 30_000,
    });
}

/**
 * Starts the operator and the webhook. Options:
 *   cluster            the harness's cluster (request(), kubeconfig, pki.dir with the CA key)
 *   namespaces         the namespaces the operator watches (created if missing)
 *   webhookNamespaces  the namespaces the webhook is registered for and whose resources its informers see (default:
 *                      `namespaces`); one the operator does not watch holds resources nobody reconciles or finalizes
 *   dir                work directory (config, keystore, logs); logs go to <dir>/logs/{operator,webhook}.log
 *   config             extra operator configuration entries (flat keys)
 *   hosts              { hostName: address }: the JVMs resolve names from this table only (-Djdk.net.hosts.file), so
 *                      the webhook's DNS look-up of a session job's jarURI host is the same on every machine
 *   webhook            false: start only the operator
 * Returns { operator, webhook, webhookPort, healthPort, confDir, logs, namespaces, stop(), tails() }.
 */
async function startOperator({ cluster, namespaces, webhookNamespaces = namespaces, dir, config = {}, webhook = true, hosts }) {
    const t0 = Date.now();
    const jars = await ensureFlinkOperator();
    fs.mkdirSync(dir, { recursive: true });
    const logs = path.join(dir, "logs");
    fs.mkdirSync(logs, { recursive: true });
    for (const ns of new Set([...namespaces, ...webhookNamespaces])) await ensureNamespace(cluster, ns);

    const healthPort = await freePort();
    const confDir = path.join(dir, "conf");
    fs.mkdirSync(confDir, { recursive: true });
    const conf = {
        "kubernetes.operator.watched.namespaces": namespaces.join(","),
        "kubernetes.operator.reconcile.interval": "5 s",
        "kubernetes.operator.observer.progress-check.interval": "2 s",
        "kubernetes.operator.health.probe.enabled": "true",
        "kubernetes.operator.health.probe.port": String(healthPort),
        "kubernetes.operator.leader-election.enabled": "false",
        ...config,
    };
    const writeConf = (d, entries) => {
        fs.mkdirSync(d, { recursive: true });
        fs.writeFileSync(
            path.join(d, "config.yaml"),
            Object.entries(entries)
                .map(([k, v]) => `${k}: ${v}`)
                .join("\n") + "\n",
        );
    };
    writeConf(confDir, conf);
    // The webhook reads the same configuration (its validators use the operator's defaults), with its own namespaces.
    const webhookConfDir = path.join(dir, "conf-webhook");
    writeConf(webhookConfDir, { ...conf, "kubernetes.operator.watched.namespaces": webhookNamespaces.join(",") });

    const env = (extra) => ({
        PATH: process.env.PATH,
        HOME: process.env.HOME || os.homedir(),
        KUBECONFIG: cluster.kubeconfig,
        FLINK_CONF_DIR: confDir,
        // Outside a pod: the operator's own namespace and name (used for events and leader election).
        OPERATOR_NAMESPACE: namespaces[0],
        OPERATOR_NAME: "flink-kubernetes-operator-e2e",
        ...extra,
    });
    let hostsFile;
    if (hosts) {
        hostsFile = path.join(dir, "hosts");
        fs.writeFileSync(
            hostsFile,
            Object.entries({ localhost: "127.0.0.1", ...hosts })
                .map(([n, a]) => `${a} ${n}`)
                .join("\n") + "\n",
        );
    }
    const jvm = (kind, logFile) => [
        "-Xmx384m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-Xshare:auto",
        ...(hostsFile ? [`-Djdk.net.hosts.file=${hostsFile}`] : []),
        `-Dlog4j.configurationFile=${jars.log4jConfig}`,
        `-Dflink.operator.log.file=${logFile}`,
        "-cp",
        jars.classpath(kind),
    ];

    const handle = {
        dir,
        confDir,
        logs,
        namespaces,
        webhookNamespaces,
        healthPort,
        operator: undefined,
        webhook: undefined,
        webhookPort: undefined,
        webhookConfigs: [],
        /** The last lines of both processes' logs (for a failed test's output). */
        tails(n = 60) {
            return [this.operator, this.webhook]
                .filter(Boolean)
                .map((p) => `--- ${p.name} (${p.log}) ---\n${p.tail(n)}`)
                .join("\n");
        },
        async stop() {
            // Registrations first: with the webhook gone, a left-over registration would refuse every write.
            for (const p of this.webhookConfigs) await cluster.request("DELETE", p).catch(() => undefined);
            this.webhookConfigs = [];
            if (this.webhook) await this.webhook.stop();
            if (this.operator) await this.operator.stop();
        },
    };
    try {
        const operatorLog = path.join(logs, "operator.log");
        handle.operator = new JavaProcess(
            "flink-operator",
            jars.java,
            [...jvm("operator", operatorLog), "org.apache.flink.kubernetes.operator.FlinkOperator"],
            { env: env({}), stdoutLog: path.join(logs, "operator.stdout"), log: operatorLog },
        );
        if (webhook) {
            const ks = webhookKeystore(path.join(dir, "tls"), cluster.pki.dir);
            handle.webhookPort = await freePort();
            const webhookLog = path.join(logs, "webhook.log");
            handle.webhook = new JavaProcess(
                "flink-webhook",
                jars.java,
                [...jvm("webhook", webhookLog), "org.apache.flink.kubernetes.operator.admission.FlinkOperatorWebhook"],
                {
                    env: env({
                        FLINK_CONF_DIR: webhookConfDir,
                        WEBHOOK_SERVER_PORT: String(handle.webhookPort),
                        WEBHOOK_KEYSTORE_FILE: ks.file,
                        WEBHOOK_KEYSTORE_TYPE: ks.type,
                        WEBHOOK_KEYSTORE_PASSWORD: ks.password,
                    }),
                    stdoutLog: path.join(logs, "webhook.stdout"),
                    log: webhookLog,
                },
            );
        }
        const procs = [handle.operator, handle.webhook].filter(Boolean);
        // Readiness by polling: the health probe answers 200 once the operator's informers run; the webhook answers TLS.
        await until("the operator's health probe", async () => (await httpStatus(healthPort, "/")) === 200, { timeoutMs: 120_000, proc: procs });
        if (webhook) {
            const ca = fs.readFileSync(path.join(cluster.pki.dir, "ca.crt"));
            await until("the webhook's TLS handshake", () => tlsAnswers(handle.webhookPort, ca), { timeoutMs: 120_000, proc: procs });
            const caBundle = ca.toString("base64");
            const selector = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: webhookNamespaces }] };
            const rules = (resources) => [
                { apiGroups: ["flink.apache.org"], apiVersions: ["*"], scope: "Namespaced", operations: ["CREATE", "UPDATE"], resources },
            ];
            const name = `flink-operator-e2e-${process.pid}`;
            const configs = [
                [
                    "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
                    {
                        apiVersion: "admissionregistration.k8s.io/v1",
                        kind: "ValidatingWebhookConfiguration",
                        metadata: { name },
                        webhooks: [
                            {
                                name: "validationwebhook.flink.apache.org",
                                admissionReviewVersions: ["v1"],
                                sideEffects: "None",
                                failurePolicy: "Fail",
                                timeoutSeconds: 15,
                                clientConfig: { url: `https://127.0.0.1:${handle.webhookPort}/validate`, caBundle },
                                rules: rules(["flinkdeployments", "flinksessionjobs", "flinkstatesnapshots"]),
                                namespaceSelector: selector,
                            },
                        ],
                    },
                ],
                [
                    "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
                    {
                        apiVersion: "admissionregistration.k8s.io/v1",
                        kind: "MutatingWebhookConfiguration",
                        metadata: { name },
                        webhooks: [
                            {
                                name: "mutationwebhook.flink.apache.org",
                                admissionReviewVersions: ["v1"],
                                sideEffects: "None",
                                failurePolicy: "Fail",
                                timeoutSeconds: 15,
                                clientConfig: { url: `https://127.0.0.1:${handle.webhookPort}/mutate`, caBundle },
                                rules: rules(["flinksessionjobs", "flinkdeployments"]),
                                namespaceSelector: selector,
                            },
                        ],
                    },
                ],
            ];
            for (const [collection, body] of configs) {
                const res = await cluster.request("POST", collection, body);
                assert.strictEqual(res.status, 201, `register ${body.kind}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
                handle.webhookConfigs.push(`${collection}/${name}`);
            }
        }
        process.stderr.write(
            `[e2e] flink operator${webhook ? ` + webhook (port ${handle.webhookPort})` : ""} ready in ${((Date.now() - t0) / 1000).toFixed(1)}s; logs ${logs}\n`,
        );
        return handle;
    } catch (e) {
        await handle.stop().catch(() => undefined);
        throw e;
    }
}

/**
 * Leaves no Flink resource behind in `namespaces`: deletes them (the operator, when running, removes its finalizers),
 * waits for them to be gone, and strips finalizers of any that remain after `graceMs` (an operator that is not running).
 */
async function deleteFlinkResources(cluster, namespaces, { graceMs = 60_000 } = {}) {
    const list = async () => {
        const out = [];
        for (const ns of namespaces) {
            for (const r of FLINK_RESOURCES) {
                for (const version of ["v1beta1"]) {
                    const res = await cluster.request("GET", `/apis/flink.apache.org/${version}/namespaces/${ns}/${r}`);
                    if (res.status === 200)
                        for (const it of res.body.items) out.push(`/apis/flink.apache.org/${version}/namespaces/${ns}/${r}/${it.metadata.name}`);
                }
            }
        }
        return out;
    };
    for (const p of await list()) await cluster.request("DELETE", p);
    const deadline = Date.now() + graceMs;
    for (;;) {
        const left = await list();
        if (!left.length) return;
        if (Date.now() > deadline) {
            for (const p of left) await cluster.request("PATCH", p, { metadata: { finalizers: null } });
        }
        await new Promise((r) => setTimeout(r, 250));
    }
}

/** Deletes namespaces and waits until they are gone (the namespace controller empties them). */
async function deleteNamespaces(cluster, namespaces, timeoutMs = 90_000) {
    for (const ns of namespaces) await cluster.request("DELETE", `/api/v1/namespaces/${ns}`);
    for (const ns of namespaces) {
        await until(`namespace ${ns} deleted`, async () => (await cluster.request("GET", `/api/v1/namespaces/${ns}`)).status === 404, { timeoutMs });
    }
}

/**
 * Polls the object at `apiPath` while `work` (a promise: a destroy) runs and reports what deletion looked like:
 * { heldByFinalizer: seen with a deletionTimestamp while a finalizer held it, states: lifecycle states seen, gone }.
 */
async function observeDeletion(cluster, apiPath, work) {
    const seen = { heldByFinalizer: false, finalizers: new Set(), states: new Set(), gone: false };
    let done = false;
    const poll = (async () => {
        while (!done) {
            const res = await cluster.request("GET", apiPath).catch(() => undefined);
            if (res && res.status === 404) seen.gone = true;
            else if (res && res.status === 200) {
                const o = res.body;
                if (o.status && o.status.lifecycleState) seen.states.add(o.status.lifecycleState);
                if (o.metadata.deletionTimestamp && (o.metadata.finalizers || []).length) {
                    seen.heldByFinalizer = true;
                    for (const f of o.metadata.finalizers) seen.finalizers.add(f);
                }
            }
            await new Promise((r) => setTimeout(r, 100));
        }
    })();
    try {
        return { result: await work, seen };
    } finally {
        done = true;
        await poll;
    }
}

/**
 * Runs every clean-up step even when one fails (a failed step must not leave a JVM, a webhook registration or the
 * CRDs behind for the suites after this one), then throws the first failure.
 * @param {Array<() => Promise<unknown>>} steps
 */
async function cleanUp(steps) {
    let first;
    for (const step of steps) {
        try {
            await step();
        } catch (e) {
            if (first === undefined) first = e;
        }
    }
    if (first !== undefined) throw first;
}

module.exports = {
    cleanUp,
    observeDeletion,
    startOperator,
    applyCrds,
    ensureNamespace,
    deleteFlinkResources,
    deleteNamespaces,
    until,
    CRD_DIR,
    FLINK_RESOURCES,
};
