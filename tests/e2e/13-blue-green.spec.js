// Case 13: FlinkBlueGreenDeployment from the component, on the local API server with the operator's real CRDs (no
// operator runs). One resource with readiness off is created, read back intact and destroyed; one with readiness on
// is seen through by `up` only once the test, playing the operator, reports it ACTIVE_GREEN with its job RUNNING (and
// a third one, reported INITIALIZING_BLUE, makes `up` time out: the readiness condition holds for the active states
// only). A program with a bad template fails at preview, and at up, with nothing created, although the API server
// itself would store the object (checked with a server-side dry run).
// Then with the real operator 1.15.0 and its webhook running: the operator makes `<name>-blue` of the component's
// template exactly as the package's checks assume (name, namespace, type label, owner, spec, blue- ingress prefix), and
// a template the package refuses at preview, applied raw, is stored by the API server and refused by the real webhook
// only when the operator creates the child (the blue/green deployment stays INITIALIZING_BLUE).
// Last, the same from Python through the generated SDK.
"use strict";

const assert = require("assert");
const path = require("path");
const h = require("./harness");

const NS = "flink-bg-e2e";
const GROUP = "/apis/flink.apache.org/v1beta1";
const BG = (name) => `${GROUP}/namespaces/${NS}/flinkbluegreendeployments/${name}`;

// The upstream last-state example's spec, plus the fields a structural schema would prune if the CRD did not know
// them (template metadata, a pod template, the parent's ingress).
const SPEC = {
    configuration: {
        "kubernetes.operator.bluegreen.abort.grace-period": "15 min",
        "kubernetes.operator.bluegreen.deployment-deletion.delay": "1 min",
    },
    ingress: { template: "{{name}}.{{namespace}}.flink.example.com", className: "nginx", annotations: { "nginx.ingress.kubernetes.io/rewrite-target": "/" } },
    template: {
        spec: {
            image: "flink:1.20",
            flinkVersion: "v1_20",
            flinkConfiguration: {
                "rest.port": "8081",
                "execution.checkpointing.interval": "10s",
                "state.checkpoints.dir": "file:///opt/flink/volume/flink-cp",
                "state.savepoints.dir": "file:///opt/flink/volume/flink-sp",
                "taskmanager.numberOfTaskSlots": "1",
            },
            serviceAccount: "flink",
            jobManager: {
                resource: { memory: "1G", cpu: 1 },
                podTemplate: {
                    spec: {
                        containers: [{ name: "flink-main-container", volumeMounts: [{ mountPath: "/opt/flink/volume", name: "flink-volume" }] }],
                        volumes: [{ name: "flink-volume", persistentVolumeClaim: { claimName: "flink-bg-laststate" } }],
                    },
                },
            },
            taskManager: { resource: { memory: "2G", cpu: 1 } },
            job: {
                jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar",
                parallelism: 1,
                entryClass: "org.apache.flink.streaming.examples.statemachine.StateMachineExample",
                args: ["--error-rate", "0.15"],
                upgradeMode: "last-state",
            },
            mode: "native",
        },
    },
};

const CRDS = `
const crds = ${JSON.stringify(h.crdFiles())}.map((file) => {
    const doc = require("yaml").parse(require("fs").readFileSync(file, "utf8"));
    return new k8s.apiextensions.v1.CustomResourceDefinition(doc.metadata.name, doc);
});
const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: ${JSON.stringify(NS)} } });
`;

const GOOD = `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(h.COMPONENTS)});
${CRDS}
const quiet = new flink.FlinkBlueGreenDeployment("orders-bg", {
    metadata: { namespace: ns.metadata.name },
    spec: ${JSON.stringify(SPEC)},
    skipAwait: true,
}, { dependsOn: crds });
const ready = new flink.FlinkBlueGreenDeployment("orders-bg-ready", {
    metadata: { namespace: ns.metadata.name, labels: { team: "orders" } },
    spec: ${JSON.stringify(SPEC)},
    awaitTimeoutSeconds: 240,
}, { dependsOn: crds });
exports.name = quiet.name;
exports.namespace = quiet.namespace;
exports.readyState = ready.blueGreenState;
exports.readyJobState = ready.jobState;
exports.readyActive = ready.activeDeploymentName;
`;

// awaitTimeoutSeconds bounds every wait of the provider, deletion included: the test turns waiting off (config
// skipAwait) before it destroys, so a slow garbage collector cannot fail the destroy.
const NOT_ACTIVE = `
"use strict";
const pulumi = require("@pulumi/pulumi");
const flink = require(${JSON.stringify(h.COMPONENTS)});
new flink.FlinkBlueGreenDeployment("orders-bg-init", {
    metadata: { namespace: ${JSON.stringify(NS)} },
    spec: ${JSON.stringify(SPEC)},
    awaitTimeoutSeconds: 5,
    skipAwait: new pulumi.Config().getBoolean("skipAwait") === true,
});
`;

// A template the operator would refuse only when it creates the child: two JobManagers without high availability.
const BAD_SPEC = JSON.parse(JSON.stringify(SPEC));
BAD_SPEC.template.spec.jobManager.replicas = 2;

const badProgram = (ns) => `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(h.COMPONENTS)});
new flink.FlinkBlueGreenDeployment("orders-bg-bad", {
    metadata: { namespace: ${JSON.stringify(ns)} },
    spec: ${JSON.stringify(BAD_SPEC)},
    skipAwait: true,
});
new k8s.core.v1.ConfigMap("marker", { metadata: { name: "bg-bad-marker", namespace: ${JSON.stringify(ns)} }, data: { a: "b" } });
`;
const BAD = badProgram(NS);

/** \`want\` is contained in \`got\` (every field of want is in got with an equal value; arrays element-wise), but for \`skip\` keys. */
function assertSubset(got, want, where, skip = []) {
    if (want === null || typeof want !== "object") {
        assert.deepStrictEqual(got, want, `${where}: expected ${JSON.stringify(want)}, API server holds ${JSON.stringify(got)}`);
        return;
    }
    assert.ok(got !== null && typeof got === "object", `${where}: missing`);
    if (Array.isArray(want)) {
        assert.ok(Array.isArray(got) && got.length === want.length, `${where}: expected ${want.length} items, got ${JSON.stringify(got)}`);
        want.forEach((w, i) => assertSubset(got[i], w, `${where}[${i}]`));
        return;
    }
    for (const [k, v] of Object.entries(want)) if (!skip.includes(k)) assertSubset(got[k], v, `${where}.${k}`);
}

describe("e2e 13: FlinkBlueGreenDeployment from the component", function () {
    let project;
    const cluster = () => h.state.cluster;
    const others = [];

    before(async function () {
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before these are applied
        project = await h.newProject("bluegreen", GOOD);
    });

    after(async function () {
        for (const p of others) await p.remove();
    });

    afterEach(function () {
        if (this.currentTest.state === "failed") {
            for (const p of [project, ...others]) if (p) process.stderr.write(`--- pulumi output (${p.logFile}) ---\n${p.tailLog()}\n`);
        }
    });

    it("preview plans the CRDs and both blue/green deployments and creates nothing", async function () {
        const pv = await project.preview();
        assert.ok(pv.changeSummary.create >= 4 + 1 + 2 + 2, `too few creates planned: ${JSON.stringify(pv.changeSummary)}`);
        assert.strictEqual(
            await h.getObject(cluster(), h.crdPath("flinkbluegreendeployments.flink.apache.org")),
            undefined,
            "preview must not create anything",
        );
    });

    it("up creates both; it waits for the one with readiness on until it is reported ACTIVE_GREEN with the job RUNNING", async function () {
        let done = false;
        const up = project.up().finally(() => (done = true));
        // Play the operator: once the object exists, report it mid-switch first (not ready), then active.
        await h.eventually("orders-bg-ready created", async () => (await h.getObject(cluster(), BG("orders-bg-ready"))) !== undefined, 120_000, 250);
        const status = async (s) => {
            const res = await cluster().request("PATCH", `${BG("orders-bg-ready")}/status`, { status: s });
            assert.strictEqual(res.status, 200, `PATCH status: HTTP ${res.status} ${res.text.slice(0, 300)}`);
        };
        await status({ blueGreenState: "TRANSITIONING_TO_GREEN", jobStatus: { state: "RUNNING" } });
        // The object with readiness off was created alongside; up still waits for this one.
        await h.eventually("orders-bg created", async () => (await h.getObject(cluster(), BG("orders-bg"))) !== undefined, 60_000, 250);
        assert.strictEqual(done, false, "up finished before the blue/green deployment was active");
        await status({ blueGreenState: "ACTIVE_GREEN", jobStatus: { state: "RUNNING" } });
        const res = await up;
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(res.outputs.name.value, "orders-bg");
        assert.strictEqual(res.outputs.namespace.value, NS);
        assert.strictEqual(res.outputs.readyState.value, "ACTIVE_GREEN");
        assert.strictEqual(res.outputs.readyJobState.value, "RUNNING");
        assert.strictEqual(res.outputs.readyActive.value, "orders-bg-ready-green");
    });

    it("the API server holds exactly what Pulumi sent: the spec intact, nothing pruned, the readiness annotations", async function () {
        const quiet = await h.getObject(cluster(), BG("orders-bg"));
        const ready = await h.getObject(cluster(), BG("orders-bg-ready"));
        assert.deepStrictEqual(quiet.spec, SPEC);
        assert.deepStrictEqual(ready.spec, SPEC);
        assert.strictEqual(quiet.metadata.annotations["pulumi.com/skipAwait"], "true");
        assert.strictEqual(
            ready.metadata.annotations["pulumi.com/waitFor"],
            'jsonpath={$[?@.blueGreenState=="ACTIVE_BLUE" || @.blueGreenState=="ACTIVE_GREEN"].jobStatus.state}=RUNNING',
        );
        assert.strictEqual(ready.metadata.annotations["pulumi.com/timeoutSeconds"], "240");
        assert.strictEqual(ready.metadata.labels.team, "orders");
        const state = (await project.exportStack()).deployment;
        const crs = state.resources.filter((r) => r.type === "kubernetes:flink.apache.org/v1beta1:FlinkBlueGreenDeployment");
        assert.deepStrictEqual(crs.map((r) => r.inputs.metadata.name).sort(), ["orders-bg", "orders-bg-ready"]);
        for (const cr of crs) assert.deepStrictEqual(cr.inputs.spec, SPEC, `${cr.inputs.metadata.name}: what Pulumi sent`);
        assert.deepStrictEqual(
            state.resources
                .filter((r) => r.type === "flink:index:FlinkBlueGreenDeployment")
                .map((r) => r.urn.split("::").pop())
                .sort(),
            ["orders-bg", "orders-bg-ready"],
        );
    });

    it("a second preview changes nothing of the namespace and the blue/green deployments", async function () {
        const { steps } = await h.previewSteps(project);
        const ours = steps.filter((s) => /FlinkBlueGreenDeployment|Namespace/.test(s.type));
        assert.strictEqual(ours.length, 5, `the namespace, 2 components and 2 custom resources: ${JSON.stringify(ours)}`);
        assert.deepStrictEqual(
            ours.filter((s) => s.op !== "same"),
            [],
        );
        // As in e2e 2: this provider build reports a perpetual diff on CRDs whose printer columns omit `priority`.
        for (const s of steps.filter((x) => x.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition" && x.op !== "same")) {
            assert.ok(
                s.detailedDiff.every((p) => /^spec\.versions\[\d+\]\.additionalPrinterColumns\[\d+\]\.priority$/.test(p)),
                `CRD ${s.urn}: ${JSON.stringify(s)}`,
            );
        }
    });

    it("readiness holds for the active states only: reported INITIALIZING_BLUE with the job RUNNING, up times out", async function () {
        const p = await h.newProject("bluegreen-init", NOT_ACTIVE);
        others.push(p);
        const up = p.up().then(
            () => undefined,
            (e) => e,
        );
        await h.eventually("orders-bg-init created", async () => (await h.getObject(cluster(), BG("orders-bg-init"))) !== undefined, 120_000, 250);
        const res = await cluster().request("PATCH", `${BG("orders-bg-init")}/status`, {
            status: { blueGreenState: "INITIALIZING_BLUE", jobStatus: { state: "RUNNING" } },
        });
        assert.strictEqual(res.status, 200, `PATCH status: HTTP ${res.status} ${res.text.slice(0, 300)}`);
        const err = await up;
        assert.ok(err, "up should fail: the resource never became active");
        assert.match(String(err.message), /orders-bg-init/);
        assert.match(String(err.message), /timed out|timeout/i, String(err.message).slice(0, 2000));
        // Deletion would be held to the same 5 s (the foregroundDeletion finalizer takes longer on a loaded machine).
        await p.stack.setConfig("skipAwait", { value: "true" });
        await p.up();
        const destroyed = await p.destroy();
        assert.strictEqual(destroyed.summary.result, "succeeded");
        await h.eventually("orders-bg-init gone", async () => (await h.getObject(cluster(), BG("orders-bg-init"))) === undefined, 60_000);
    });

    it("a bad template fails at preview and at up, naming its field, with nothing created; the API server would have stored it", async function () {
        const dryRun = await cluster().request("POST", `${GROUP}/namespaces/${NS}/flinkbluegreendeployments?dryRun=All`, {
            apiVersion: "flink.apache.org/v1beta1",
            kind: "FlinkBlueGreenDeployment",
            metadata: { name: "orders-bg-bad" },
            spec: BAD_SPEC,
        });
        assert.strictEqual(dryRun.status, 201, `server-side dry run should accept the object: HTTP ${dryRun.status} ${dryRun.text.slice(0, 300)}`);
        const p = await h.newProject("bluegreen-bad", BAD);
        others.push(p);
        for (const op of ["preview", "up"]) {
            let err;
            try {
                await p[op]();
            } catch (e) {
                err = e;
            }
            assert.ok(err, `${op} should fail`);
            const text = String(err.message);
            assert.match(text, /FlinkBlueGreenDeployment "orders-bg-bad" is invalid/, text.slice(0, 2000));
            assert.match(
                text,
                /spec\.template\.spec\.jobManager\.replicas: High availability should be enabled when starting standby JobManagers/,
                text.slice(0, 2000),
            );
            assert.doesNotMatch(text, /unhandled exception/, text.slice(0, 2000));
            assert.strictEqual(await h.getObject(cluster(), BG("orders-bg-bad")), undefined, `${op}: the FlinkBlueGreenDeployment reached the API server`);
            assert.strictEqual(
                await h.getObject(cluster(), `/api/v1/namespaces/${NS}/configmaps/bg-bad-marker`),
                undefined,
                `${op}: the program's ConfigMap was created`,
            );
        }
        const kinds = ((await p.exportStack()).deployment.resources || [])
            .map((r) => r.type)
            .filter((t) => t !== "pulumi:pulumi:Stack" && !t.startsWith("pulumi:providers:"));
        assert.deepStrictEqual(kinds, [], "nothing of the refused program may be in the state");
    });

    it("destroy removes the blue/green deployments, the namespace and the CRDs", async function () {
        const res = await project.destroy();
        assert.strictEqual(res.summary.result, "succeeded");
        for (const name of ["orders-bg", "orders-bg-ready"]) assert.strictEqual(await h.getObject(cluster(), BG(name)), undefined, `${name} left behind`);
        await h.flinkCrdsGone(cluster());
        await h.eventually("namespace gone", async () => (await h.getObject(cluster(), `/api/v1/namespaces/${NS}`)) === undefined, 120_000);
        await project.remove();
    });
});

// With the real operator 1.15.0 and its webhook running (./operator-process.js; no kubelet, so jobs never run): what
// the package assumes about the operator's children holds, and a template the package refuses at preview is refused
// by the real webhook only later, when the operator creates the child.
const OP_NS = "flink-bg-operator-e2e";
const OP_BG = (name) => `${GROUP}/namespaces/${OP_NS}/flinkbluegreendeployments/${name}`;
const OP_FD = (name) => `${GROUP}/namespaces/${OP_NS}/flinkdeployments/${name}`;

// The template with an ingress of its own: the operator puts blue-/green- in front of its template for each child.
const OP_SPEC = JSON.parse(JSON.stringify(SPEC));
OP_SPEC.template.spec.ingress = { template: "{{name}}.{{namespace}}.flink.example.com", className: "nginx" };

const OPERATOR_PROGRAM = `
"use strict";
const flink = require(${JSON.stringify(h.COMPONENTS)});
const bg = new flink.FlinkBlueGreenDeployment("orders-bg", {
    metadata: { namespace: ${JSON.stringify(OP_NS)} },
    spec: ${JSON.stringify(OP_SPEC)},
    skipAwait: true,
});
exports.name = bg.name;
`;

// The package's checks off: a plain CustomResource, exactly the manifest given.
const RAW_BAD = `
"use strict";
const k8s = require("@pulumi/kubernetes");
new k8s.apiextensions.CustomResource("raw-bad", {
    apiVersion: "flink.apache.org/v1beta1",
    kind: "FlinkBlueGreenDeployment",
    metadata: { name: "raw-bad", namespace: ${JSON.stringify(OP_NS)}, annotations: { "pulumi.com/skipAwait": "true" } },
    spec: ${JSON.stringify(BAD_SPEC)},
});
`;

describe("e2e 13: FlinkBlueGreenDeployment with the real operator and webhook", function () {
    const cluster = () => h.state.cluster;
    const op = require("./operator-process");
    let operator;
    const projects = [];

    before(async function () {
        this.timeout(10 * 60 * 1000);
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster());
        await op.applyCrds(cluster());
        operator = await op.startOperator({ cluster: cluster(), namespaces: [OP_NS], dir: path.join(h.state.root, "operator-13-bluegreen") });
    });

    afterEach(function () {
        if (this.currentTest.state !== "failed") return;
        for (const p of projects) process.stderr.write(`--- pulumi output (${p.logFile}) ---\n${p.tailLog(40)}\n`);
        if (operator) process.stderr.write(`--- operator and webhook logs ---\n${operator.tails(80)}\n`);
    });

    after(async function () {
        this.timeout(5 * 60 * 1000);
        for (const p of projects) {
            await p.destroy().catch(() => undefined);
            await p.remove();
        }
        if (operator) {
            await op.deleteFlinkResources(cluster(), [OP_NS]);
            await operator.stop();
        }
        await op.deleteNamespaces(cluster(), [OP_NS]);
        await h.flinkCrdsGone(cluster(), { remove: true });
    });

    it("the operator makes <name>-blue of the template, as the package's checks assume: name, namespace, label, owner, spec, ingress prefix", async function () {
        this.timeout(5 * 60 * 1000);
        const project = await h.newProject("bluegreen-operator", OPERATOR_PROGRAM);
        projects.push(project);
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded");
        const child = await h.eventually("the operator's blue child", () => h.getObject(cluster(), OP_FD("orders-bg-blue")), 180_000, 500);
        assert.deepStrictEqual(child.metadata.labels, { "flink/blue-green-deployment-type": "BLUE" });
        assert.ok(
            child.metadata.ownerReferences.some((r) => r.kind === "FlinkBlueGreenDeployment" && r.name === "orders-bg"),
            JSON.stringify(child.metadata.ownerReferences),
        );
        assertSubset(child.spec, OP_SPEC.template.spec, "orders-bg-blue.spec", ["ingress"]);
        assert.strictEqual(child.spec.ingress.template, `blue-${OP_SPEC.template.spec.ingress.template}`);
        assert.strictEqual(await h.getObject(cluster(), OP_FD("orders-bg-green")), undefined, "no green child before a change");
        const bg = await h.eventually(
            "the blue/green state",
            async () => {
                const o = await h.getObject(cluster(), OP_BG("orders-bg"));
                return o && o.status && o.status.blueGreenState === "TRANSITIONING_TO_BLUE" && o;
            },
            120_000,
            500,
        );
        assert.strictEqual(bg.status.jobStatus.state, "RECONCILING", "no kubelet: the job never runs");
    });

    it("a template the package refuses at preview is stored by the API server and refused by the real webhook only when the operator creates the child", async function () {
        this.timeout(5 * 60 * 1000);
        const project = await h.newProject("bluegreen-raw-bad", RAW_BAD);
        projects.push(project);
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded", "the API server takes the blue/green deployment: nothing checks its template");
        const fs = require("fs");
        const log = () => fs.readFileSync(operator.operator.log, "utf8");
        // The operator's create of the child is refused by the webhook; the reconciliation error names the webhook's reason.
        const denial = /denied the request: High availability should be enabled when starting standby JobManagers/;
        await h
            .eventually("the webhook's refusal of the child, in the operator's log", () => denial.test(log()), 180_000, 500)
            .catch((e) => {
                const lines = log()
                    .split("\n")
                    .filter((l) => /raw-bad|denied|Exception|ERROR/.test(l));
                throw new Error(`${e.message}\n${lines.slice(-40).join("\n")}`);
            });
        const bg = await h.getObject(cluster(), OP_BG("raw-bad"));
        assert.strictEqual(
            bg.status && bg.status.blueGreenState,
            "INITIALIZING_BLUE",
            `the operator is stuck before its first child: ${JSON.stringify(bg.status)}`,
        );
        assert.strictEqual(await h.getObject(cluster(), OP_FD("raw-bad-blue")), undefined, "the webhook refused the child");
        // The package says the same at preview, at the template's field.
        const p = await h.newProject("bluegreen-bad-again", badProgram(OP_NS));
        projects.push(p);
        await assert.rejects(p.preview(), /spec\.template\.spec\.jobManager\.replicas: High availability should be enabled when starting standby JobManagers/);
    });

    it("destroy removes the blue/green deployment and, with it, its child (the operator lets go of its finalizer)", async function () {
        this.timeout(5 * 60 * 1000);
        for (const p of projects) {
            const res = await p.destroy();
            assert.strictEqual(res.summary.result, "succeeded");
        }
        await h.eventually(
            "orders-bg and raw-bad gone",
            async () => (await h.getObject(cluster(), OP_BG("orders-bg"))) === undefined && (await h.getObject(cluster(), OP_BG("raw-bad"))) === undefined,
            120_000,
            500,
        );
        await h.eventually("the child orders-bg-blue gone", async () => (await h.getObject(cluster(), OP_FD("orders-bg-blue"))) === undefined, 180_000, 500);
    });
});

// From Python, through the generated SDK (sdk/python, pulumi_flink) and the component provider (this checkout's
// PulumiPlugin.yaml): snake_case args reach the CRD's camelCase fields, the configuration's dotted keys and
// flinkConfiguration keys stay as written, and a bad template fails at preview with the package's message.
const PY_PROGRAM = `import pulumi
import pulumi_flink as flink

config = pulumi.Config()
template = {
    "image": "flink:1.20",
    "flink_version": "v1_20",
    "service_account": "flink",
    "flink_configuration": {"execution.checkpointing.dir": "s3://b/cp", "execution.checkpointing.savepoint-dir": "s3://b/sp"},
    "job_manager": {"replicas": 2 if config.get_bool("bad") else 1, "resource": {"memory": "2048m", "cpu": 1}},
    "task_manager": {"resource": {"memory": "2048m", "cpu": 1}},
    "job": {"jar_uri": "local:///opt/flink/examples/streaming/StateMachineExample.jar", "parallelism": 1, "upgrade_mode": "last-state"},
}
bg = flink.FlinkBlueGreenDeployment(
    "payments",
    metadata={"namespace": "default"},
    spec={"configuration": {"kubernetes.operator.bluegreen.abort.grace-period": "15 min"}, "template": {"spec": template}},
    skip_await=True,
)
pulumi.export("name", bg.name)
`;

describe("e2e 13 (python): FlinkBlueGreenDeployment through the generated SDK", function () {
    const fs = require("fs");
    const cluster = () => h.state.cluster;
    const op = require("./operator-process");
    let project;

    before(async function () {
        this.timeout(10 * 60 * 1000);
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster());
        await op.applyCrds(cluster());
        const dir = fs.mkdtempSync(path.join(h.state.root, "bluegreen-python-"));
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            `name: bluegreen-python\nruntime:\n  name: python\n  options:\n    virtualenv: venv\npackages:\n  flink: ${JSON.stringify(h.REPO)}\n`,
        );
        fs.writeFileSync(path.join(dir, "__main__.py"), PY_PROGRAM);
        // pip builds in the source tree: install from a copy, so the checkout stays clean.
        const sdk = path.join(dir, "sdk-python");
        fs.cpSync(path.join(h.REPO, "sdk", "python"), sdk, { recursive: true });
        h.pythonVenv(dir, { install: [sdk] });
        project = await h.openProject(dir);
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog()}\n`);
    });

    after(async function () {
        this.timeout(5 * 60 * 1000);
        if (project) {
            await project.destroy().catch(() => undefined);
            await project.remove();
        }
        await h.flinkCrdsGone(cluster(), { remove: true });
    });

    it("up creates it with the fields the CRD names, keys as written", async function () {
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(res.outputs.name.value, "payments");
        const o = await h.getObject(cluster(), `${GROUP}/namespaces/default/flinkbluegreendeployments/payments`);
        assert.deepStrictEqual(o.spec.configuration, { "kubernetes.operator.bluegreen.abort.grace-period": "15 min" });
        const t = o.spec.template.spec;
        assert.strictEqual(t.flinkVersion, "v1_20");
        assert.strictEqual(t.serviceAccount, "flink");
        assert.deepStrictEqual(t.flinkConfiguration, { "execution.checkpointing.dir": "s3://b/cp", "execution.checkpointing.savepoint-dir": "s3://b/sp" });
        assert.deepStrictEqual(t.job, { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 1, upgradeMode: "last-state" });
        assert.deepStrictEqual(t.jobManager, { replicas: 1, resource: { memory: "2048m", cpu: 1 } });
    });

    it("a bad template fails at preview with the package's message, naming the template's field", async function () {
        await project.stack.setConfig("bad", { value: "true" });
        const err = await project.preview().then(
            () => undefined,
            (e) => e,
        );
        assert.ok(err, "preview should fail");
        const text = String(err.message);
        assert.match(text, /FlinkBlueGreenDeployment "payments" is invalid \(1 error\)/, text.slice(-3000));
        assert.match(text, /spec\.template\.spec\.jobManager\.replicas: High availability should be enabled when starting standby JobManagers/);
        assert.match(text, /\[standby-jobmanagers-require-ha\]/);
        await project.stack.removeConfig("bad");
        const res = await project.destroy();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(await h.getObject(cluster(), `${GROUP}/namespaces/default/flinkbluegreendeployments/payments`), undefined);
    });
});
