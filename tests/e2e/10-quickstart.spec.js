// Case 10: the quickstart exactly as the README writes it: `npm start`, then `npm stop`, run as child processes in the
// checkout with CI=true and no stdin. The quickstart starts a control plane of its own (not the suite's shared one),
// in a state directory of its own (PULUMI_FLINK_QUICKSTART_DIR) and under a stack name of its own, so a quickstart a
// developer left running in this checkout is not touched. KUBECONFIG points at a kubeconfig whose current context is
// unreachable: the quickstart must never use it unless asked with --context.
"use strict";

const assert = require("assert");
const fs = require("fs");
const os = require("os");
const path = require("path");
const net = require("net");
const { spawn } = require("child_process");
const h = require("./harness");
const { request } = require("../../tools/cluster");

// Unique per run: two runs of the suite in one checkout must not share the stack's config file at the root.
const STACK = `quickstart-e2e-${process.pid}`;
const NAMESPACE = "flink-quickstart";
const NO_NODES = "the local control plane has no nodes: the operator and Flink pods are scheduled but never run; use --context NAME for a real cluster";

/** Runs `npm <args>` in the checkout; resolves to { code, stdout, stderr, seconds }. */
function npm(args, env) {
    return new Promise((resolve, reject) => {
        const t0 = Date.now();
        const child = spawn("npm", args, { cwd: h.REPO, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => {
            stdout += d;
        });
        child.stderr.on("data", (d) => {
            stderr += d;
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - t0) / 1000 }));
    });
}

/** Processes whose command line mentions `needle`. */
function processesMentioning(needle) {
    const out = [];
    for (const e of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(e)) continue;
        try {
            const cmd = fs.readFileSync(`/proc/${e}/cmdline`, "utf8").split("\0").join(" ");
            if (cmd.includes(needle)) out.push({ pid: Number(e), cmd });
        } catch {
            /* gone */
        }
    }
    return out;
}

function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return e.code === "EPERM";
    }
}

/** The `Resources:` block of a pulumi up summary. */
function resourcesSummary(stdout) {
    const m = /Resources:\n((?:[ \t]+.*\n)+)/.exec(stdout);
    assert.ok(m, `no Resources: summary in the output:\n${stdout.slice(-3000)}`);
    return m[1];
}

describe("e2e 10: the quickstart (npm start, npm stop) as the README writes it", function () {
    this.timeout(15 * 60 * 1000);
    let work;
    let stateDir;
    let env;
    let state;
    const stackFile = path.join(h.REPO, `Pulumi.${STACK}.yaml`);
    const log = [];
    const record = (what, r) => log.push(`===== ${what} (exit ${r.code}, ${r.seconds.toFixed(1)}s) =====\n${r.stdout}\n--- stderr ---\n${r.stderr}`);

    before(function () {
        h.requireComponentsBuilt();
        work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-flink-quickstart-e2e-"));
        stateDir = path.join(work, "state");
        // The "user's" kubeconfig: its current context points at a port nothing listens on.
        const userKubeconfig = path.join(work, "user-kubeconfig");
        fs.writeFileSync(
            userKubeconfig,
            [
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: elsewhere",
                "  cluster: { server: 'https://127.0.0.1:1' }",
                "contexts:",
                "- name: somewhere",
                "  context: { cluster: elsewhere, user: nobody }",
                "current-context: somewhere",
                "users:",
                "- name: nobody",
                "  user: { token: not-a-token }",
                "",
            ].join("\n"),
        );
        env = {
            ...process.env,
            CI: "true",
            PULUMI_FLINK_QUICKSTART_DIR: stateDir,
            PULUMI_FLINK_QUICKSTART_STACK: STACK,
            KUBECONFIG: userKubeconfig,
        };
        assert.ok(!fs.existsSync(stackFile), `${stackFile} exists before the test`);
    });

    afterEach(function () {
        if (this.currentTest.state === "failed") process.stderr.write(`--- quickstart output ---\n${log.join("\n").slice(-8000)}\n`);
    });

    after(async function () {
        // Whatever happened, leave nothing behind.
        if (stateDir && fs.existsSync(stateDir)) await npm(["stop"], env);
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("npm start installs the operator, a session cluster and a session job on a control plane of its own", async function () {
        const r = await npm(["start"], env);
        record("npm start", r);
        assert.strictEqual(r.code, 0, `npm start failed:\n${r.stderr.slice(-3000)}`);
        assert.ok(r.stdout.includes(NO_NODES), "the output does not say that no pod runs on the local control plane");
        assert.match(r.stdout, /admission webhook off: the local control plane has no cert-manager/);
        assert.match(resourcesSummary(r.stdout), /\+ \d+ created/);
        // The outputs and what to try next.
        assert.match(r.stdout, /Stack outputs:/);
        assert.match(r.stdout, /^\s+operatorRelease\s+flink-operator$/m);
        assert.match(r.stdout, /^\s+operatorReleaseStatus\s+deployed$/m);
        assert.match(r.stdout, /^\s+operatorChartVersion\s+1\.15\.0$/m);
        assert.match(r.stdout, /^\s+webhookEnabled\s+false$/m);
        assert.match(r.stdout, /^\s+sessionCluster\s+quickstart-sessions$/m);
        assert.match(r.stdout, /^\s+sessionClusterRestAddress\s+quickstart-sessions-rest\.flink-quickstart:8081$/m);
        assert.match(r.stdout, /^\s+sessionJob\s+quickstart-top-speed$/m);
        assert.match(r.stdout, /Try next:[\s\S]*npm stop/);
        process.stderr.write(`[e2e 10] npm start: ${r.seconds.toFixed(1)}s\n`);

        state = JSON.parse(fs.readFileSync(path.join(stateDir, "state.json"), "utf8"));
        assert.strictEqual(state.mode, "local");
        assert.ok(alive(state.cluster.pid), "the control plane's owner is not running after npm start");
        assert.ok(fs.existsSync(stackFile), `${stackFile}: the stack's config file is missing`);
        const passphrase = fs.statSync(path.join(stateDir, "passphrase"));
        assert.strictEqual(passphrase.mode & 0o077, 0, "the generated passphrase is readable by others");
    });

    it("the API server of the quickstart's control plane holds the Helm release, the FlinkDeployment and the FlinkSessionJob", async function () {
        const pki = path.join(stateDir, "cluster", "pki");
        const c = {
            port: state.cluster.port,
            pki: {
                ca: fs.readFileSync(path.join(pki, "ca.crt")),
                cert: fs.readFileSync(path.join(pki, "admin.crt")),
                key: fs.readFileSync(path.join(pki, "admin.key")),
            },
        };
        // The kubeconfig in the state directory names that server.
        assert.ok(fs.readFileSync(state.cluster.kubeconfig, "utf8").includes(`server: ${state.cluster.server}`));
        const get = async (p) => {
            const res = await request(c, "GET", p);
            assert.strictEqual(res.status, 200, `GET ${p}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
            return res.body;
        };
        const releases = (await get(`/api/v1/namespaces/${NAMESPACE}-operator/secrets?labelSelector=owner%3Dhelm%2Cname%3Dflink-operator`)).items;
        assert.deepStrictEqual(
            releases.map((s) => s.metadata.labels.status),
            ["deployed"],
            "the operator's Helm release is not deployed",
        );
        const operator = await get(`/apis/apps/v1/namespaces/${NAMESPACE}-operator/deployments/flink-kubernetes-operator`);
        assert.strictEqual(operator.spec.replicas, 2);
        const crd = await get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/flinkdeployments.flink.apache.org");
        assert.ok(crd.spec.versions.some((v) => v.name === "v1beta1"));

        const sessions = await get(`/apis/flink.apache.org/v1beta1/namespaces/${NAMESPACE}/flinkdeployments/quickstart-sessions`);
        assert.strictEqual(sessions.spec.flinkVersion, "v2_2");
        assert.strictEqual(sessions.spec.job, undefined, "the session cluster has a job");
        assert.strictEqual(sessions.spec.serviceAccount, "flink", "serviceAccount was not filled in from the operator");
        assert.strictEqual(sessions.metadata.annotations["pulumi.com/skipAwait"], "true");
        const job = await get(`/apis/flink.apache.org/v1beta1/namespaces/${NAMESPACE}/flinksessionjobs/quickstart-top-speed`);
        assert.strictEqual(job.spec.deploymentName, "quickstart-sessions");
        assert.strictEqual(job.spec.job.upgradeMode, "stateless");
    });

    it("a second npm start finds the control plane running and changes nothing", async function () {
        const r = await npm(["start"], env);
        record("npm start (again)", r);
        assert.strictEqual(r.code, 0, `second npm start failed:\n${r.stderr.slice(-3000)}`);
        assert.match(r.stdout, /the local control plane is already running at/);
        const summary = resourcesSummary(r.stdout);
        assert.match(summary, /^\s+\d+ unchanged\s*$/m);
        assert.doesNotMatch(summary, /created|updated|deleted|replaced/, `the second run changed something:\n${summary}`);
        const again = JSON.parse(fs.readFileSync(path.join(stateDir, "state.json"), "utf8"));
        assert.strictEqual(again.cluster.pid, state.cluster.pid, "a second control plane was started");
        process.stderr.write(`[e2e 10] second npm start: ${r.seconds.toFixed(1)}s\n`);
    });

    it("bad environment: a kube context that does not exist, or cannot be reached, gets one line and nothing starts", async function () {
        const other = { ...env, PULUMI_FLINK_QUICKSTART_DIR: path.join(work, "other-state"), PULUMI_FLINK_QUICKSTART_STACK: `${STACK}-other` };
        const missing = await npm(["start", "--", "--context", "does-not-exist"], other);
        record("npm start -- --context does-not-exist", missing);
        assert.notStrictEqual(missing.code, 0);
        const lines = missing.stderr.split("\n").filter((l) => l.trim());
        assert.strictEqual(lines.length, 1, `expected one line on stderr, got:\n${missing.stderr}`);
        assert.match(
            lines[0],
            /^quickstart: kube context "does-not-exist" does not exist in .*user-kubeconfig \(contexts: somewhere\); pass one of them to --context$/,
        );

        const unreachable = await npm(["start", "--", "--context", "somewhere"], other);
        record("npm start -- --context somewhere", unreachable);
        assert.notStrictEqual(unreachable.code, 0);
        const lines2 = unreachable.stderr.split("\n").filter((l) => l.trim());
        assert.strictEqual(lines2.length, 1, `expected one line on stderr, got:\n${unreachable.stderr}`);
        assert.match(lines2[0], /^quickstart: kube context "somewhere" \(https:\/\/127\.0\.0\.1:1\) cannot be reached: .*pick another --context$/);

        assert.ok(!fs.existsSync(other.PULUMI_FLINK_QUICKSTART_DIR), "a failed start left a state directory");
        assert.ok(!fs.existsSync(path.join(h.REPO, `Pulumi.${STACK}-other.yaml`)), "a failed start left a stack config file");
    });

    it("bad environment: a port in use, or no Go to build the toolchain, gets one line and leaves nothing behind", async function () {
        const other = { ...env, PULUMI_FLINK_QUICKSTART_DIR: path.join(work, "other-state"), PULUMI_FLINK_QUICKSTART_STACK: `${STACK}-other` };
        const holder = net.createServer();
        await new Promise((resolve) => holder.listen(0, "127.0.0.1", resolve));
        const port = holder.address().port;
        try {
            const busy = await npm(["start", "--", "--port", String(port)], other);
            record(`npm start -- --port ${port} (in use)`, busy);
            assert.notStrictEqual(busy.code, 0);
            const lines = busy.stderr.split("\n").filter((l) => l.trim());
            assert.deepStrictEqual(lines, [`quickstart: port 127.0.0.1:${port} is in use: stop what listens there, or pass another --port`]);
        } finally {
            holder.close();
        }
        assert.ok(!fs.existsSync(other.PULUMI_FLINK_QUICKSTART_DIR), "a start refused for its port left a state directory");
        assert.deepStrictEqual(
            processesMentioning(other.PULUMI_FLINK_QUICKSTART_DIR).map((p) => p.cmd.slice(0, 120)),
            [],
            "a start refused for its port left processes",
        );

        // A machine without the toolchain and without Go: an empty tool cache, no tools on PATH, GO naming nothing.
        const noGo = {
            ...other,
            PULUMI_FLINK_CACHE: path.join(work, "empty-tool-cache"),
            GO: path.join(work, "no-such-go"),
            PATH: process.env.PATH.split(path.delimiter)
                .filter((d) => !d.includes("pulumi-flink"))
                .join(path.delimiter),
        };
        const cold = await npm(["start"], noGo);
        record("npm start (no Go)", cold);
        assert.notStrictEqual(cold.code, 0);
        const coldLines = cold.stderr.split("\n").filter((l) => l.trim());
        assert.strictEqual(coldLines.length, 1, `expected one line on stderr, got:\n${cold.stderr}`);
        assert.match(
            coldLines[0],
            /^quickstart: the toolchain is not built yet, and building it needs Go >= \d+\.\d+(\.\d+)? \(GO=.*no-such-go is not executable\): install Go \(https:\/\/go\.dev\/dl\/\) or put it on PATH, then run npm start again$/,
        );
        assert.match(
            cold.stdout,
            /first run on this machine: building the toolchain .* 25-45 minutes/,
            "the first run does not say up front that it builds the tools",
        );
        assert.ok(!fs.existsSync(other.PULUMI_FLINK_QUICKSTART_DIR), "a start without tools left a state directory");
    });

    it("npm stop destroys the stack, stops the control plane and removes the state directory", async function () {
        const servers = processesMentioning(path.join(stateDir, "cluster"));
        assert.ok(
            servers.length >= 3,
            `expected etcd, kube-apiserver and kube-controller-manager running: ${servers.map((p) => p.cmd.slice(0, 80)).join("; ")}`,
        );
        const r = await npm(["stop"], env);
        record("npm stop", r);
        assert.strictEqual(r.code, 0, `npm stop failed:\n${r.stderr.slice(-3000)}`);
        assert.match(r.stdout, /pulumi destroy/);
        assert.match(resourcesSummary(r.stdout), /- \d+ deleted/);
        assert.match(r.stdout, new RegExp(`stack ${STACK} removed`));
        process.stderr.write(`[e2e 10] npm stop: ${r.seconds.toFixed(1)}s\n`);

        assert.ok(!alive(state.cluster.pid), "the control plane's owner still runs");
        assert.deepStrictEqual(
            processesMentioning(stateDir).map((p) => p.cmd.slice(0, 120)),
            [],
            "control plane processes left behind",
        );
        for (const p of servers) assert.ok(!alive(p.pid), `pid ${p.pid} (${p.cmd.slice(0, 60)}) still runs`);
        assert.ok(!fs.existsSync(stateDir), `${stateDir} (backend, passphrase, control plane data) is left behind`);
        assert.ok(!fs.existsSync(stackFile), `${stackFile} is left behind`);
        // Nothing listens on the API server's port any more.
        const refused = await new Promise((resolve) => {
            const s = net.connect(state.cluster.port, "127.0.0.1", () => {
                s.destroy();
                resolve(false);
            });
            s.on("error", () => resolve(true));
        });
        assert.ok(refused, `127.0.0.1:${state.cluster.port} still accepts connections`);
    });

    it("npm stop again, with nothing left, succeeds and says so", async function () {
        const r = await npm(["stop"], env);
        record("npm stop (again)", r);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(r.stdout, /nothing to tear down/);
    });
});
