// Case 3: the API server stops in the middle of `up`. The run fails with a clear error; after a restart a second `up`
// converges, with no duplicates (auto-named objects are created once) and no orphans (the API server and the state
// agree), and destroy removes everything. Runs on its own control plane so the shared one stays up.
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const h = require("./harness");

const NS = "default";
const LABEL = "e2e.pulumi-flink/case=faults";
const PHASE_A = 6; // created before the API server stops
const PHASE_B = 6; // registered after it stopped

function program(gateFile) {
    return `
"use strict";
const fs = require("fs");
const k8s = require("@pulumi/kubernetes");
const labels = { "e2e.pulumi-flink/case": "faults" };
function configMap(name, explicit, phase, opts) {
    // Half the objects get explicit names, half are auto-named by Pulumi (where a retry could duplicate them).
    const metadata = { namespace: ${JSON.stringify(NS)}, labels: { ...labels, "e2e.pulumi-flink/logical": name, "e2e.pulumi-flink/phase": phase } };
    if (explicit) metadata.name = name;
    return new k8s.core.v1.ConfigMap(name, { metadata, data: { name } }, opts);
}
const a = [];
for (let i = 0; i < ${PHASE_A}; i++) a.push(configMap("a" + i, i % 2 === 0, "a"));
// The test stops the API server once phase A is stored, then opens the gate. A poll with a deadline, not a sleep.
async function gate() {
    const deadline = Date.now() + 120000;
    while (!fs.existsSync(${JSON.stringify(gateFile)})) {
        if (Date.now() > deadline) throw new Error("gate never opened");
        await new Promise((r) => setTimeout(r, 100));
    }
}
module.exports = gate().then(() => {
    for (let i = 0; i < ${PHASE_B}; i++) configMap("b" + i, i % 2 === 0, "b", { dependsOn: a });
    return { phaseA: a.length };
});
`;
}

describe("e2e 3: the API server stops in the middle of up", function () {
    let cluster;
    let project;
    let gateFile;

    before(async function () {
        this.timeout(120_000);
        cluster = await h.startCluster({ binDir: h.state.binDir });
        gateFile = path.join(h.state.root, `faults-gate-${process.pid}`);
        project = await h.newProject("faults", program(gateFile), { cluster });
    });

    after(async function () {
        this.timeout(120_000);
        if (project) await project.remove();
        if (cluster) await cluster.stop();
        if (gateFile) fs.rmSync(gateFile, { force: true });
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog(80)}\n`);
    });

    async function serverObjects() {
        const res = await cluster.request("GET", `/api/v1/namespaces/${NS}/configmaps?labelSelector=${encodeURIComponent(LABEL)}`);
        assert.strictEqual(res.status, 200, `list configmaps: HTTP ${res.status}`);
        return res.body.items;
    }

    it("up fails with a clear error when the API server goes away", async function () {
        const upPromise = project.up().then(
            () => undefined,
            (e) => e,
        );
        // Phase A is stored on the API server (poll with a deadline).
        await h.eventually("phase A on the API server", async () => (await serverObjects()).length >= PHASE_A, 90_000, 100);
        await cluster.stopApiServer();
        fs.writeFileSync(gateFile, "open\n");
        const err = await upPromise;
        assert.ok(err instanceof Error, "up should fail while the API server is down");
        const text = String(err.message);
        assert.match(
            text,
            /connection refused|failed to connect|unable to connect|no such host|dial tcp|unreachable|EOF/i,
            `the error should say the cluster is unreachable:\n${text.slice(-2500)}`,
        );
        assert.match(text, /update failed|error/i);
        const line = text.split("\n").find((l) => /connection refused|dial tcp|unreachable/i.test(l));
        process.stderr.write(`      [e2e] up failed as expected: ${line ? line.trim().slice(0, 300) : "(see log)"}\n`);
    });

    it("after a restart a second up converges with no duplicates and no orphans", async function () {
        await cluster.startApiServer();
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(res.outputs.phaseA.value, PHASE_A);

        const objects = await serverObjects();
        const byLogical = new Map();
        for (const o of objects) {
            const logical = o.metadata.labels["e2e.pulumi-flink/logical"];
            byLogical.set(logical, [...(byLogical.get(logical) || []), o.metadata.name]);
        }
        const dupes = [...byLogical.entries()].filter(([, names]) => names.length > 1);
        assert.deepStrictEqual(dupes, [], `duplicates on the API server: ${JSON.stringify(dupes)}`);
        assert.strictEqual(objects.length, PHASE_A + PHASE_B, `expected ${PHASE_A + PHASE_B} objects, found ${objects.map((o) => o.metadata.name)}`);

        // No orphans: the state and the API server name exactly the same objects.
        const state = (await project.exportStack()).deployment;
        const inState = state.resources
            .filter((r) => r.type === "kubernetes:core/v1:ConfigMap")
            .map((r) => r.outputs.metadata.name)
            .sort();
        assert.deepStrictEqual(objects.map((o) => o.metadata.name).sort(), inState, "API server and state disagree");
        assert.ok(!(state.pending_operations || []).length, `pending operations left: ${JSON.stringify(state.pending_operations)}`);

        const pv = await project.preview();
        assert.deepStrictEqual(h.changes(pv.changeSummary), [], `not converged: ${JSON.stringify(pv.changeSummary)}`);
    });

    it("destroy removes everything", async function () {
        const res = await project.destroy();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.deepStrictEqual(
            (await serverObjects()).map((o) => o.metadata.name),
            [],
        );
    });
});
