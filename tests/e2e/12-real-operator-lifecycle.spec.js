// Case 12 (lifecycle): the package's components deployed with `pulumi up` while the real Flink Kubernetes Operator
// 1.15.0 and its webhook run (./operator-process.js). The operator reconciles what Pulumi creates: it adds its
// finalizer, creates the JobManager Deployment and writes status; `pulumi refresh` brings that status into the
// components' outputs; a parallelism and image change is reconciled as a new generation; `pulumi destroy` completes because the
// operator removes its finalizers. No kubelet runs here: JobManager pods never start, so jobs never run -- the states
// the operator does reach are asserted, and a readiness wait fails after awaitTimeoutSeconds naming the last state.
// Then the webhook on, the package's checks off: a spec the package refuses, sent raw through the API server as a
// plain CustomResource, is refused by the webhook with the message the package's rule mirrors.
"use strict";

const assert = require("assert");
const path = require("path");
const h = require("./harness");
const op = require("./operator-process");

const NS = "flink-lifecycle-e2e";
const GROUP = "/apis/flink.apache.org/v1beta1";
const AWAIT_SECONDS = 25;

const APP_SPEC = (parallelism, image = "flink:1.20") => ({
    image,
    flinkVersion: "v1_20",
    serviceAccount: "flink",
    flinkConfiguration: { "taskmanager.numberOfTaskSlots": "2" },
    jobManager: { resource: { memory: "1024m", cpu: 0.5 } },
    taskManager: { resource: { memory: "1024m", cpu: 0.5 } },
    job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism, upgradeMode: "stateless" },
});

function deploymentProgram(parallelism, image) {
    return `
"use strict";
const flink = require(${JSON.stringify(path.join(h.REPO, "dist"))});
const app = new flink.FlinkDeployment("orders", {
    metadata: { name: "orders", namespace: ${JSON.stringify(NS)} },
    spec: ${JSON.stringify(APP_SPEC(parallelism, image))},
    skipAwait: true,
});
exports.lifecycleState = app.lifecycleState;
exports.jobManagerDeploymentStatus = app.jobManagerDeploymentStatus;
exports.jobState = app.jobState;
exports.status = app.status;
`;
}

// A session cluster, a session job and an application cluster, both waiting for RUNNING (no job runs here).
function sessionProgram() {
    return `
"use strict";
const flink = require(${JSON.stringify(path.join(h.REPO, "dist"))});
const waiting = new flink.FlinkDeployment("waiting", {
    metadata: { name: "waiting", namespace: ${JSON.stringify(NS)} },
    spec: ${JSON.stringify(APP_SPEC(1))},
    skipAwait: false,
    awaitTimeoutSeconds: ${AWAIT_SECONDS},
});
const sessions = new flink.FlinkDeployment("sessions", {
    metadata: { name: "sessions", namespace: ${JSON.stringify(NS)} },
    spec: {
        image: "flink:1.20", flinkVersion: "v1_20", serviceAccount: "flink",
        jobManager: { resource: { memory: "1024m", cpu: 0.5 } },
        taskManager: { resource: { memory: "1024m", cpu: 0.5 } },
    },
    skipAwait: true,
});
const job = new flink.FlinkSessionJob("clicks", {
    metadata: { name: "clicks", namespace: ${JSON.stringify(NS)} },
    spec: { job: { jarURI: "https://repo.example.com/jobs/clicks.jar", parallelism: 1, upgradeMode: "stateless" } },
    skipAwait: false,
    awaitTimeoutSeconds: ${AWAIT_SECONDS},
}, { deployment: sessions });
exports.sessionsState = sessions.lifecycleState;
exports.jobLifecycleState = job.lifecycleState;
exports.jobState = job.jobState;
`;
}

function snapshotProgram() {
    return `
"use strict";
const flink = require(${JSON.stringify(path.join(h.REPO, "dist"))});
const sp = new flink.FlinkStateSnapshot("clicks-sp", {
    metadata: { name: "clicks-sp", namespace: ${JSON.stringify(NS)} },
    spec: { jobReference: { kind: "FlinkSessionJob", name: "clicks" }, savepoint: { path: "s3://bucket/savepoints/clicks" }, backoffLimit: 0 },
    skipAwait: true,
});
exports.state = sp.state;
exports.error = sp.error;
`;
}

// The package's checks off: a plain CustomResource of @pulumi/kubernetes, exactly the manifest given.
function rawProgram(spec) {
    return `
"use strict";
const k8s = require("@pulumi/kubernetes");
new k8s.apiextensions.CustomResource("raw", {
    apiVersion: "flink.apache.org/v1beta1",
    kind: "FlinkDeployment",
    metadata: { name: "raw", namespace: ${JSON.stringify(NS)}, annotations: { "pulumi.com/skipAwait": "true" } },
    spec: ${JSON.stringify(spec)},
});
`;
}

describe("e2e 12: the real operator reconciles what the components create through Pulumi", function () {
    const cluster = () => h.state.cluster;
    let operator;
    const projects = [];
    const get = (p) => h.getObject(cluster(), `${GROUP}/namespaces/${NS}/${p}`);

    before(async function () {
        this.timeout(10 * 60 * 1000);
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before these are applied
        await op.applyCrds(cluster());
        operator = await op.startOperator({
            cluster: cluster(),
            namespaces: [NS],
            dir: path.join(h.state.root, "operator-12-lifecycle"),
            hosts: { "repo.example.com": "203.0.113.10" },
            // Deleting a session cluster, the operator asks its JobManager (which never starts here) for running jobs,
            // with Flink's REST client retrying 20 times 3 s apart by default: one attempt is enough to learn it is not there.
            config: { "rest.retry.max-attempts": "1", "rest.retry.delay": "1 s" },
        });
    });

    afterEach(function () {
        if (this.currentTest.state !== "failed") return;
        for (const p of projects) process.stderr.write(`--- pulumi output (${p.logFile}) ---\n${p.tailLog(40)}\n`);
        if (operator) process.stderr.write(`--- operator and webhook logs ---\n${operator.tails(60)}\n`);
    });

    after(async function () {
        this.timeout(5 * 60 * 1000);
        await op.cleanUp([
            ...projects.map((p) => async () => {
                // A stack a test destroyed already needs no second destroy.
                if (!p.destroyed) await p.destroy().catch(() => undefined);
                await p.remove();
            }),
            () => operator && op.deleteFlinkResources(cluster(), [NS]),
            () => operator && operator.stop(),
            () => op.deleteNamespaces(cluster(), [NS]),
            () => h.flinkCrdsGone(cluster(), { remove: true }),
        ]);
    });

    describe("a FlinkDeployment", function () {
        let project;
        before(async function () {
            project = await h.newProject("real-operator", deploymentProgram(2));
            projects.push(project);
        });

        it("up creates it; the operator adds its finalizer, creates the JobManager Deployment and writes status", async function () {
            this.timeout(4 * 60 * 1000);
            const res = await project.up();
            assert.strictEqual(res.summary.result, "succeeded");
            const cr = await h.eventually(
                "the operator's finalizer and status on FlinkDeployment orders",
                async () => {
                    const o = await get("flinkdeployments/orders");
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
            assert.strictEqual(cr.status.jobManagerDeploymentStatus, "DEPLOYING", "no kubelet: the JobManager never gets ready");
            const jm = await h.eventually(
                "the JobManager Deployment",
                () => h.getObject(cluster(), `/apis/apps/v1/namespaces/${NS}/deployments/orders`),
                60_000,
                500,
            );
            assert.ok(
                jm.metadata.ownerReferences.some((r) => r.kind === "FlinkDeployment" && r.name === "orders"),
                "the JobManager Deployment is owned by the FlinkDeployment",
            );
            const container = jm.spec.template.spec.containers.find((c) => c.name === "flink-main-container");
            assert.strictEqual(container.image, "flink:1.20");
            for (const svc of ["orders", "orders-rest"]) {
                assert.ok(await h.getObject(cluster(), `/api/v1/namespaces/${NS}/services/${svc}`), `Service ${svc} missing`);
            }
        });

        it("refresh brings the operator's status into the component's outputs", async function () {
            this.timeout(3 * 60 * 1000);
            await project.refresh();
            // Outputs are computed by the program: the next up reads the refreshed custom resource.
            const res = await project.up();
            assert.strictEqual(res.summary.result, "succeeded");
            assert.deepStrictEqual(h.changes(res.summary.resourceChanges), [], "the operator's status alone must not make Pulumi change anything");
            assert.strictEqual(res.outputs.lifecycleState.value, "DEPLOYED");
            assert.strictEqual(res.outputs.jobManagerDeploymentStatus.value, "DEPLOYING");
            assert.strictEqual(res.outputs.status.value.reconciliationStatus.state, "DEPLOYED");
        });

        it("a parallelism and image change is reconciled by the operator as a new generation", async function () {
            this.timeout(4 * 60 * 1000);
            const before = await get("flinkdeployments/orders");
            // The same project and stack; only the program changes.
            require("fs").writeFileSync(path.join(project.dir, "index.js"), deploymentProgram(3, "flink:1.20.1"));
            const res = await project.up();
            assert.strictEqual(res.summary.result, "succeeded");
            const cr = await h.eventually(
                "the operator to reconcile generation 2",
                async () => {
                    const o = await get("flinkdeployments/orders");
                    const spec = o && o.status && o.status.reconciliationStatus && o.status.reconciliationStatus.lastReconciledSpec;
                    return (
                        o &&
                        o.metadata.generation > before.metadata.generation &&
                        o.status.observedGeneration === o.metadata.generation &&
                        // lastReconciledSpec is the JSON of {spec, resource_metadata}.
                        spec &&
                        (JSON.parse(spec).spec || JSON.parse(spec)).job.parallelism === 3 &&
                        (JSON.parse(spec).spec || JSON.parse(spec)).image === "flink:1.20.1" &&
                        o
                    );
                },
                120_000,
                500,
            );
            assert.strictEqual(cr.spec.job.parallelism, 3);
            // The new image reaches the JobManager: the operator redeployed the cluster (a stateless upgrade).
            await h.eventually(
                "the JobManager Deployment on flink:1.20.1",
                async () => {
                    const jm = await h.getObject(cluster(), `/apis/apps/v1/namespaces/${NS}/deployments/orders`);
                    return jm && jm.spec.template.spec.containers.find((c) => c.name === "flink-main-container").image === "flink:1.20.1";
                },
                120_000,
                500,
            );
        });

        it("destroy completes: the operator removes its finalizer", async function () {
            this.timeout(4 * 60 * 1000);
            const { result: res, seen } = await op.observeDeletion(cluster(), `${GROUP}/namespaces/${NS}/flinkdeployments/orders`, project.destroy());
            assert.strictEqual(res.summary.result, "succeeded");
            project.destroyed = true;
            assert.strictEqual(await get("flinkdeployments/orders"), undefined, "the FlinkDeployment is still there");
            // It waited on the operator's finalizer while being deleted; the operator removed it.
            assert.ok(
                seen.heldByFinalizer && seen.finalizers.has("flinkdeployments.flink.apache.org/finalizer"),
                "the deletion was not held by the operator's finalizer",
            );
            // The JobManager Deployment goes with its owner (the garbage collector).
            await h.eventually(
                "the JobManager Deployment gone",
                async () => (await h.getObject(cluster(), `/apis/apps/v1/namespaces/${NS}/deployments/orders`)) === undefined,
                60_000,
                500,
            );
        });
    });

    describe("a session job and a savepoint (no JobManager answers here)", function () {
        let sessions;
        let snapshot;
        before(async function () {
            sessions = await h.newProject("real-operator-sessions", sessionProgram());
            projects.push(sessions);
        });

        it("readiness waiting fails after awaitTimeoutSeconds, the output naming the last state the operator reported", async function () {
            this.timeout(4 * 60 * 1000);
            const t0 = Date.now();
            let error;
            try {
                await sessions.up();
            } catch (e) {
                error = e;
            }
            const secs = (Date.now() - t0) / 1000;
            assert.ok(error, "up must fail: no job reaches RUNNING without a kubelet");
            const output = String(error.message);
            assert.ok(secs >= AWAIT_SECONDS, `failed after ${secs.toFixed(0)}s, before awaitTimeoutSeconds (${AWAIT_SECONDS})`);
            for (const name of ["waiting", "clicks"]) {
                assert.match(
                    output,
                    new RegExp(`${name}[\\s\\S]*(timed out waiting for the condition|failed to fully initialize)`),
                    `no readiness failure for ${name}`,
                );
            }
            // The application cluster: the operator reports jobStatus.state (RECONCILING while the JobManager does not
            // start); the wait's last progress line names it.
            const app = await get("flinkdeployments/waiting");
            const last = app && app.status && app.status.jobStatus && app.status.jobStatus.state;
            assert.ok(last, `the operator wrote no job state for waiting: ${JSON.stringify(app && app.status)}`);
            assert.ok(
                output.includes(`Waiting for {.status.jobStatus.state}=RUNNING (found "${last}")`),
                `the output does not name the last state the operator reported (${last}):\n${output.slice(-2000)}`,
            );
            // The session job: the operator takes it (finalizer) but writes no job state while its cluster is not ready.
            const job = await get("flinksessionjobs/clicks");
            assert.ok(
                job && (job.metadata.finalizers || []).includes("flinksessionjobs.flink.apache.org/finalizer"),
                "the operator did not take the session job",
            );
            assert.strictEqual(
                job.status && job.status.jobStatus && job.status.jobStatus.state,
                undefined,
                `unexpected job state: ${JSON.stringify(job.status)}`,
            );
            assert.ok(output.includes("{.status.jobStatus.state} selected nothing"), "the wait does not say the session job has no state yet");
            process.stderr.write(
                `[e2e 12] readiness failed after ${secs.toFixed(0)}s (awaitTimeoutSeconds ${AWAIT_SECONDS}); last states: waiting ${last}, clicks none\n`,
            );
        });

        it("the states the session cluster and the job reach: the operator deploys the cluster and keeps the job waiting for it", async function () {
            this.timeout(3 * 60 * 1000);
            const cluster_ = await h.eventually(
                "the session cluster DEPLOYED",
                async () => {
                    const o = await get("flinkdeployments/sessions");
                    return o && o.status && o.status.lifecycleState === "DEPLOYED" && o;
                },
                60_000,
                500,
            );
            assert.strictEqual(cluster_.status.jobManagerDeploymentStatus, "DEPLOYING");
            const job = await get("flinksessionjobs/clicks");
            assert.ok((job.metadata.finalizers || []).includes("flinksessionjobs.flink.apache.org/finalizer"), "the operator took the session job");
            assert.notStrictEqual(job.status && job.status.jobStatus && job.status.jobStatus.state, "RUNNING");
        });

        it("a savepoint of the job: the operator abandons it (the job is not running) and the outputs say so", async function () {
            this.timeout(3 * 60 * 1000);
            snapshot = await h.newProject("real-operator-snapshot", snapshotProgram());
            projects.push(snapshot);
            const res = await snapshot.up();
            assert.strictEqual(res.summary.result, "succeeded");
            const sp = await h.eventually(
                "the operator to process the snapshot",
                async () => {
                    const o = await get("flinkstatesnapshots/clicks-sp");
                    return o && o.status && o.status.state && o;
                },
                90_000,
                500,
            );
            process.stderr.write(`[e2e 12] snapshot status: ${JSON.stringify(sp.status)}\n`);
            // The operator gives the savepoint up at once: its job is not running (backoffLimit 0, no retries).
            assert.strictEqual(sp.status.state, "ABANDONED", JSON.stringify(sp.status));
            assert.match(sp.status.error, /clicks \(FlinkSessionJob\) for savepoint clicks-sp is not running/);
            // The component's outputs show it after a refresh (the next up reads the refreshed resource).
            await snapshot.refresh();
            const again = await snapshot.up();
            assert.strictEqual(again.outputs.state.value, "ABANDONED");
            assert.match(again.outputs.error.value, /is not running/);
        });

        it("destroy of the snapshot and of the session cluster with its job completes", async function () {
            this.timeout(4 * 60 * 1000);
            assert.strictEqual((await snapshot.destroy()).summary.result, "succeeded");
            snapshot.destroyed = true;
            assert.strictEqual((await sessions.destroy()).summary.result, "succeeded");
            sessions.destroyed = true;
            for (const p of ["flinkstatesnapshots/clicks-sp", "flinksessionjobs/clicks", "flinkdeployments/sessions"]) {
                assert.strictEqual(await get(p), undefined, `${p} is still there`);
            }
        });
    });

    describe("the webhook on, the package's checks off", function () {
        it("a spec the package refuses, sent raw as a CustomResource, is refused by the webhook with the message the package's rule mirrors", async function () {
            this.timeout(3 * 60 * 1000);
            const spec = APP_SPEC(0);
            // The package: refused by job-parallelism, the rule that mirrors the operator's parallelism check.
            const pkg = require(path.join(h.REPO, "dist"));
            const doc = { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeployment", metadata: { name: "raw", namespace: NS }, spec };
            const findings = pkg.validate([{ doc }]).findings.filter((f) => f.severity === "error");
            assert.deepStrictEqual(
                findings.map((f) => f.rule),
                ["job-parallelism"],
            );
            // The same manifest through Pulumi and the API server, no package check on the way.
            const raw = await h.newProject("real-operator-raw", rawProgram(spec));
            projects.push(raw);
            let error;
            try {
                await raw.up();
            } catch (e) {
                error = e;
            }
            assert.ok(error, "the webhook must refuse the manifest");
            const m = /admission webhook "validationwebhook\.flink\.apache\.org" denied the request: ([^\n"]+)/.exec(String(error.message));
            assert.ok(m, `not refused by the webhook:\n${String(error.message).slice(-1500)}`);
            const theirs = m[1].trim().replace(/\.$/, "");
            assert.ok(
                findings[0].message.includes(theirs),
                `the package's message does not carry the operator's:\n  operator: ${theirs}\n  package:  ${findings[0].message}`,
            );
            assert.strictEqual(await get("flinkdeployments/raw"), undefined, "nothing was created");
        });
    });
});
