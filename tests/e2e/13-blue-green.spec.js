// Case 13: FlinkBlueGreenDeployment from the component, on the local API server with the operator's real CRDs (no
// operator runs). One resource with readiness off is created, read back intact and destroyed; one with readiness on
// is seen through by `up` only once the test, playing the operator, reports it ACTIVE_GREEN with its job RUNNING (and
// a third one, reported INITIALIZING_BLUE, makes `up` time out: the readiness condition holds for the active states
// only). A program with a bad template fails at preview, and at up, with nothing created, although the API server
// itself would store the object (checked with a server-side dry run).
"use strict";

const assert = require("assert");
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

const NOT_ACTIVE = `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(h.COMPONENTS)});
new flink.FlinkBlueGreenDeployment("orders-bg-init", {
    metadata: { namespace: ${JSON.stringify(NS)} },
    spec: ${JSON.stringify(SPEC)},
    awaitTimeoutSeconds: 5,
});
`;

// A template the operator would refuse only when it creates the child: two JobManagers without high availability.
const BAD_SPEC = JSON.parse(JSON.stringify(SPEC));
BAD_SPEC.template.spec.jobManager.replicas = 2;

const BAD = `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(h.COMPONENTS)});
new flink.FlinkBlueGreenDeployment("orders-bg-bad", {
    metadata: { namespace: ${JSON.stringify(NS)} },
    spec: ${JSON.stringify(BAD_SPEC)},
    skipAwait: true,
});
new k8s.core.v1.ConfigMap("marker", { metadata: { name: "bg-bad-marker", namespace: ${JSON.stringify(NS)} }, data: { a: "b" } });
`;

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
        assert.strictEqual(await h.getObject(cluster(), h.crdPath("flinkbluegreendeployments.flink.apache.org")), undefined, "preview must not create anything");
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
        assert.strictEqual(ready.metadata.annotations["pulumi.com/waitFor"], 'jsonpath={$[?@.blueGreenState=="ACTIVE_BLUE" || @.blueGreenState=="ACTIVE_GREEN"].jobStatus.state}=RUNNING');
        assert.strictEqual(ready.metadata.annotations["pulumi.com/timeoutSeconds"], "240");
        assert.strictEqual(ready.metadata.labels.team, "orders");
        const state = (await project.exportStack()).deployment;
        const crs = state.resources.filter((r) => r.type === "kubernetes:flink.apache.org/v1beta1:FlinkBlueGreenDeployment");
        assert.deepStrictEqual(crs.map((r) => r.inputs.metadata.name).sort(), ["orders-bg", "orders-bg-ready"]);
        for (const cr of crs) assert.deepStrictEqual(cr.inputs.spec, SPEC, `${cr.inputs.metadata.name}: what Pulumi sent`);
        assert.deepStrictEqual(
            state.resources.filter((r) => r.type === "flink:index:FlinkBlueGreenDeployment").map((r) => r.urn.split("::").pop()).sort(),
            ["orders-bg", "orders-bg-ready"],
        );
    });

    it("a second preview changes nothing of the namespace and the blue/green deployments", async function () {
        const { steps } = await h.previewSteps(project);
        const ours = steps.filter((s) => /FlinkBlueGreenDeployment|Namespace/.test(s.type));
        assert.strictEqual(ours.length, 5, `the namespace, 2 components and 2 custom resources: ${JSON.stringify(ours)}`);
        assert.deepStrictEqual(ours.filter((s) => s.op !== "same"), []);
        // As in e2e 2: this provider build reports a perpetual diff on CRDs whose printer columns omit `priority`.
        for (const s of steps.filter((x) => x.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition" && x.op !== "same")) {
            assert.ok(s.detailedDiff.every((p) => /^spec\.versions\[\d+\]\.additionalPrinterColumns\[\d+\]\.priority$/.test(p)), `CRD ${s.urn}: ${JSON.stringify(s)}`);
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
        const res = await cluster().request("PATCH", `${BG("orders-bg-init")}/status`, { status: { blueGreenState: "INITIALIZING_BLUE", jobStatus: { state: "RUNNING" } } });
        assert.strictEqual(res.status, 200, `PATCH status: HTTP ${res.status} ${res.text.slice(0, 300)}`);
        const err = await up;
        assert.ok(err, "up should fail: the resource never became active");
        assert.match(String(err.message), /orders-bg-init/);
        assert.match(String(err.message), /timed out|timeout/i, String(err.message).slice(0, 2000));
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
            assert.match(text, /spec\.template\.spec\.jobManager\.replicas: High availability should be enabled when starting standby JobManagers/, text.slice(0, 2000));
            assert.doesNotMatch(text, /unhandled exception/, text.slice(0, 2000));
            assert.strictEqual(await h.getObject(cluster(), BG("orders-bg-bad")), undefined, `${op}: the FlinkBlueGreenDeployment reached the API server`);
            assert.strictEqual(await h.getObject(cluster(), `/api/v1/namespaces/${NS}/configmaps/bg-bad-marker`), undefined, `${op}: the program's ConfigMap was created`);
        }
        const kinds = ((await p.exportStack()).deployment.resources || []).map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack" && !t.startsWith("pulumi:providers:"));
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
