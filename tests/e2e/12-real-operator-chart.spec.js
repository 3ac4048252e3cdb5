// Case 12 (FlinkOperator ordering): FlinkOperator installs the operator's chart (upstream 1.15.0: CRDs through Pulumi,
// the Helm release) with a FlinkDeployment ordered after it, as e2e 5 does; no kubelet runs the chart's operator pod,
// so the real operator runs as a process (./operator-process.js) watching the same namespace, in the pod's place. It
// takes the FlinkDeployment (finalizer, status). `pulumi destroy` then completes only because FlinkOperator's ordering
// deletes the FlinkDeployment while the CRDs and the operator are still there, and the operator removes its finalizer.
"use strict";

const assert = require("assert");
const path = require("path");
const h = require("./harness");
const op = require("./operator-process");

const UPSTREAM_CHART = path.resolve(h.CRD_DIR, "..");
const OPERATOR_NS = "flink-operator-chart-e2e";
const JOBS_NS = "flink-jobs-chart-e2e";

function program() {
    return `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(path.join(h.REPO, "dist"))});
const jobs = new k8s.core.v1.Namespace("jobs", { metadata: { name: ${JSON.stringify(JOBS_NS)} } });
const operator = new flink.FlinkOperator("flink-operator", {
    namespace: ${JSON.stringify(OPERATOR_NS)},
    chartPath: ${JSON.stringify(UPSTREAM_CHART)},
    watchNamespaces: [${JSON.stringify(JOBS_NS)}],
    webhook: flink.OperatorWebhook.Disabled,
    skipAwait: true,
    crds: { retainOnDelete: false },
}, { dependsOn: [jobs] });
const app = new flink.FlinkDeployment("orders", {
    metadata: { name: "orders", namespace: ${JSON.stringify(JOBS_NS)} },
    spec: {
        image: "flink:1.20",
        flinkVersion: "v1_20",
        jobManager: { resource: { memory: "1024m", cpu: 0.5 } },
        taskManager: { resource: { memory: "1024m", cpu: 0.5 } },
        job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 1, upgradeMode: "stateless" },
    },
    skipAwait: true,
}, { operator });
exports.appName = app.name;
`;
}

describe("e2e 12: FlinkOperator's ordering with the real operator taking its FlinkDeployment", function () {
    const cluster = () => h.state.cluster;
    let project;
    let operator;

    before(async function () {
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before the chart's are applied
        project = await h.newProject("real-operator-chart", program());
    });

    afterEach(function () {
        if (this.currentTest.state !== "failed") return;
        if (project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog(60)}\n`);
        if (operator) process.stderr.write(`--- operator log ---\n${operator.tails(60)}\n`);
    });

    after(async function () {
        this.timeout(5 * 60 * 1000);
        await op.cleanUp([
            async () => {
                if (!project) return;
                await project.destroy().catch(() => undefined);
                await project.remove();
            },
            () => operator && op.deleteFlinkResources(cluster(), [JOBS_NS]),
            () => operator && operator.stop(),
            () => op.deleteNamespaces(cluster(), [JOBS_NS, OPERATOR_NS]),
            () => h.flinkCrdsGone(cluster(), { remove: true }),
        ]);
    });

    it("up installs the chart and the FlinkDeployment; the real operator takes it", async function () {
        this.timeout(6 * 60 * 1000);
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded");
        // In the place of the chart's operator pod (never started here): the same operator, watching the same namespace.
        operator = await op.startOperator({ cluster: cluster(), namespaces: [JOBS_NS], dir: path.join(h.state.root, "operator-12-chart"), webhook: false });
        const cr = await h.eventually(
            "the operator's finalizer and status on orders",
            async () => {
                const o = await h.getObject(cluster(), `/apis/flink.apache.org/v1beta1/namespaces/${JOBS_NS}/flinkdeployments/orders`);
                return (
                    o &&
                    (o.metadata.finalizers || []).includes("flinkdeployments.flink.apache.org/finalizer") &&
                    o.status &&
                    o.status.lifecycleState === "DEPLOYED" &&
                    o
                );
            },
            120_000,
            500,
        );
        // The chart's job service account, defaulted into the spec by FlinkOperator, is what the operator deployed with.
        assert.strictEqual(cr.spec.serviceAccount, "flink");
        const jm = await h.eventually(
            "the JobManager Deployment",
            () => h.getObject(cluster(), `/apis/apps/v1/namespaces/${JOBS_NS}/deployments/orders`),
            60_000,
            500,
        );
        assert.strictEqual(jm.spec.template.spec.serviceAccountName, "flink");
    });

    it("destroy deletes the FlinkDeployment first; the operator removes its finalizer; the release and the CRDs go after", async function () {
        this.timeout(6 * 60 * 1000);
        const events = [];
        const onEvent = (e) => {
            if (e.resourcePreEvent) events.push({ phase: "pre", type: e.resourcePreEvent.metadata.type, op: e.resourcePreEvent.metadata.op });
            if (e.resOutputsEvent) events.push({ phase: "done", type: e.resOutputsEvent.metadata.type, op: e.resOutputsEvent.metadata.op });
        };
        const crPath = `/apis/flink.apache.org/v1beta1/namespaces/${JOBS_NS}/flinkdeployments/orders`;
        const { result: res, seen } = await op.observeDeletion(cluster(), crPath, project.destroy({ onEvent }));
        assert.strictEqual(res.summary.result, "succeeded");
        // The operator did it: the resource waited on its finalizer while being deleted, then went.
        assert.ok(
            seen.heldByFinalizer && seen.finalizers.has("flinkdeployments.flink.apache.org/finalizer"),
            `the deletion was not held by the operator's finalizer: ${JSON.stringify([...seen.finalizers])}`,
        );
        assert.ok(seen.gone, "the FlinkDeployment did not go");
        const crDone = events.findIndex((e) => e.phase === "done" && e.type === "kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
        assert.ok(crDone >= 0, `the FlinkDeployment's deletion was not reported: ${JSON.stringify(events)}`);
        for (const type of ["kubernetes:helm.sh/v3:Release", "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition"]) {
            const started = events.findIndex((e) => e.phase === "pre" && e.type === type);
            assert.ok(started > crDone, `${type} was deleted before the FlinkDeployment was gone`);
        }
        await h.flinkCrdsGone(cluster());
        assert.strictEqual(await h.getObject(cluster(), `/api/v1/namespaces/${JOBS_NS}`), undefined, "the jobs namespace is still there");
    });
});
