// Case 15: several program runs in one Node.js process, as the Automation API makes them. An inline program's
// preview and its update run in this process one after the other, and two stacks run side by side; the components
// keep per-run state (the program's FlinkDeployments for session jobs' cross-checks, components named by URN), which
// must not leak from one run into another. Real engine, real Kubernetes provider, real API server.
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const h = require("./harness");

const GROUP = "/apis/flink.apache.org/v1beta1";
const NS = "program-runs";

const CLUSTER_SPEC = {
    image: "flink:1.20",
    flinkVersion: "v1_20",
    serviceAccount: "flink",
    jobManager: { resource: { memory: "2048m", cpu: 1 } },
    taskManager: { resource: { memory: "2048m", cpu: 1 } },
};
const APPLICATION_SPEC = {
    ...CLUSTER_SPEC,
    job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 2, upgradeMode: "stateless" },
};
const JOB_SPEC = { job: { jarURI: "https://repo.example.com/jobs/clicks.jar", parallelism: 2, upgradeMode: "stateless" } };

describe("e2e 15: program runs in one process keep their own state", function () {
    const cluster = () => h.state.cluster;
    const stacks = [];
    let flink;
    let k8s;

    /** An inline-program stack of project `program-runs` with the suite's environment. */
    async function inlineStack(stackName, program) {
        const env = h.pulumiEnv(cluster());
        const workDir = fs.mkdtempSync(path.join(h.state.root, `${stackName}-`));
        const stack = await LocalWorkspace.createOrSelectStack(
            { stackName, projectName: "program-runs", program },
            { envVars: env, pulumiHome: env.PULUMI_HOME, workDir, projectSettings: { name: "program-runs", runtime: "nodejs" } },
        );
        const logFile = path.join(h.state.root, "logs", `inline-${stackName}.log`);
        const onOutput = (out) => fs.appendFileSync(logFile, out.endsWith("\n") ? out : `${out}\n`);
        const entry = { stack, logFile, run: (op, o = {}) => stack[op]({ onOutput, color: "never", ...o }) };
        stacks.push(entry);
        return entry;
    }

    before(async function () {
        h.requireComponentsBuilt();
        // The inline programs run in this process: they load the components from here, once, for every run.
        flink = require(h.COMPONENTS);
        k8s = require("@pulumi/kubernetes");
        await h.flinkCrdsGone(cluster());
        for (const file of h.crdFiles()) {
            for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))) {
                const crd = doc.toJSON();
                if (!crd) continue;
                const res = await cluster().request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
                assert.ok(res.status === 201 || res.status === 409, `creating CRD ${crd.metadata.name}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
            }
        }
        await h.eventually("FlinkSessionJob endpoint served", async () => (await cluster().request("GET", `${GROUP}/flinksessionjobs`)).status === 200, 30_000);
        const res = await cluster().request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
        assert.ok(res.status === 201 || res.status === 409, `creating namespace ${NS}: HTTP ${res.status}`);
    });

    after(async function () {
        for (const { stack } of stacks.reverse()) {
            await stack.destroy({ color: "never" }).catch(() => undefined);
            await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
        }
        await h.flinkCrdsGone(cluster(), { remove: true });
    });

    afterEach(function () {
        if (this.currentTest.state !== "failed") return;
        for (const { logFile } of stacks) {
            if (fs.existsSync(logFile))
                process.stderr.write(`--- ${path.basename(logFile)} ---\n${fs.readFileSync(logFile, "utf8").split("\n").slice(-60).join("\n")}\n`);
        }
    });

    it("an inline program's preview then up: the update's session job is sent with its spec", async function () {
        // The session cluster's namespace comes from a resource created in the same update, so it is not known at
        // preview: the preview run records the cluster as pending, and the session job (naming its cluster by name)
        // waits for it. State shared between runs made the update's session job wait for the preview's pending
        // value, which never resolves there: the job was sent without its spec.
        const program = async () => {
            const marker = new k8s.core.v1.ConfigMap("marker", { metadata: { namespace: NS }, data: { run: "preview-then-up" } });
            // A created resource's id is not known at preview.
            const namespace = marker.id.apply(() => NS);
            new flink.FlinkDeployment("sessions", { metadata: { name: "sessions", namespace }, spec: CLUSTER_SPEC, skipAwait: true });
            new flink.FlinkSessionJob("clicks", {
                metadata: { name: "clicks", namespace: NS },
                spec: { ...JOB_SPEC, deploymentName: "sessions" },
                skipAwait: true,
            });
        };
        const s = await inlineStack("preview-then-up", program);
        await s.run("preview");
        await s.run("up");
        const job = await h.getObject(cluster(), `${GROUP}/namespaces/${NS}/flinksessionjobs/clicks`);
        assert.ok(job, "the session job was not created");
        assert.deepStrictEqual(job.spec, { ...JOB_SPEC, deploymentName: "sessions" }, "the session job's spec on the API server");
    });

    it("two stacks in one process, one after the other and side by side, see only their own deployments", async function () {
        // Stack "apps" holds an application cluster named "shared"; stack "jobs" holds a session job naming a
        // session cluster "shared" of its own namespace, which its program does not declare (it may exist outside).
        // If "apps"' deployment leaked into "jobs", the job would be refused: it would name an application cluster.
        const apps = await inlineStack("apps", async () => {
            new flink.FlinkDeployment("shared", { metadata: { name: "shared", namespace: NS }, spec: APPLICATION_SPEC, skipAwait: true });
        });
        const jobs = await inlineStack("jobs", async () => {
            new flink.FlinkSessionJob("orders", {
                metadata: { name: "orders", namespace: NS },
                spec: { ...JOB_SPEC, deploymentName: "shared" },
                skipAwait: true,
            });
        });
        // Control: in one program the same two resources are refused, so the check under test is live.
        const both = await inlineStack("both", async () => {
            new flink.FlinkDeployment("shared", { metadata: { name: "shared", namespace: NS }, spec: APPLICATION_SPEC, skipAwait: true });
            new flink.FlinkSessionJob("orders", {
                metadata: { name: "orders", namespace: NS },
                spec: { ...JOB_SPEC, deploymentName: "shared" },
                skipAwait: true,
            });
        });
        await assert.rejects(both.run("preview"), (err) => /FlinkSessionJob "orders"/.test(err.message) && /shared/.test(err.message));

        await apps.run("up");
        await jobs.run("preview");
        // Side by side: both runs in this process at once.
        const [appsPreview, jobsUp] = await Promise.all([apps.run("preview"), jobs.run("up")]);
        assert.deepStrictEqual(h.changes(appsPreview.changeSummary), [], "the apps stack's preview after its update plans no change");
        assert.strictEqual(jobsUp.summary.result, "succeeded");
        const job = await h.getObject(cluster(), `${GROUP}/namespaces/${NS}/flinksessionjobs/orders`);
        assert.ok(job && job.spec.deploymentName === "shared", "the session job was not created with its spec");
    });
});
