// Case 2: the Flink Kubernetes Operator CRDs (upstream 1.15.0) applied through Pulumi, then a session cluster, a
// session job and an application FlinkDeployment from this package's components (readiness waits off: no operator
// runs here). They are read back from the API server with their specs intact, then destroyed cleanly.
"use strict";

const assert = require("assert");
const h = require("./harness");

const NS = "flink-e2e";
const GROUP = "/apis/flink.apache.org/v1beta1";

// Specs as a user writes them (the upstream examples, plus nested fields that a structural schema would prune if the
// CRD did not know them: pod templates, ingress, logging, job args).
const SESSION_SPEC = {
    image: "flink:2.2",
    flinkVersion: "v2_2",
    flinkConfiguration: { "taskmanager.numberOfTaskSlots": "2", "state.backend.type": "hashmap" },
    serviceAccount: "flink",
    jobManager: { resource: { memory: "2048m", cpu: 1 } },
    taskManager: {
        resource: { memory: "2048m", cpu: 1 },
        podTemplate: {
            metadata: { labels: { tier: "taskmanager" } },
            spec: {
                containers: [
                    {
                        name: "flink-main-container",
                        env: [{ name: "EXTRA", value: "1" }],
                        volumeMounts: [{ name: "scratch", mountPath: "/scratch" }],
                    },
                ],
                volumes: [{ name: "scratch", emptyDir: { sizeLimit: "1Gi" } }],
            },
        },
    },
};

const SESSION_JOB_SPEC = {
    job: {
        jarURI: "https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/2.2.0/flink-examples-streaming-2.2.0-TopSpeedWindowing.jar",
        parallelism: 2,
        upgradeMode: "stateless",
        args: ["--output", "print"],
    },
};

const APP_SPEC = {
    image: "flink:2.2",
    flinkVersion: "v2_2",
    flinkConfiguration: { "taskmanager.numberOfTaskSlots": "2" },
    serviceAccount: "flink",
    logConfiguration: { "log4j-console.properties": "rootLogger.level = INFO\n" },
    ingress: { template: "{{name}}.{{namespace}}.flink.example.com", className: "nginx", annotations: { "nginx.ingress.kubernetes.io/rewrite-target": "/$2" } },
    podTemplate: {
        spec: {
            securityContext: { runAsUser: 9999, fsGroup: 9999 },
            containers: [{ name: "flink-main-container", resources: { limits: { "ephemeral-storage": "2Gi" } } }],
        },
    },
    jobManager: { replicas: 1, resource: { memory: "2048m", cpu: 1 } },
    taskManager: { resource: { memory: "2048m", cpu: 1 } },
    job: {
        jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar",
        parallelism: 2,
        upgradeMode: "stateless",
        state: "running",
    },
};

function program(crdFiles) {
    return `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(h.COMPONENTS)});
const crds = ${JSON.stringify(crdFiles)}.map((file) => {
    const doc = require("yaml").parse(require("fs").readFileSync(file, "utf8"));
    return new k8s.apiextensions.v1.CustomResourceDefinition(doc.metadata.name, doc);
});
const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: ${JSON.stringify(NS)} } });
const session = new flink.FlinkDeployment("session-cluster", {
    metadata: { name: "session-cluster", namespace: ns.metadata.name },
    spec: ${JSON.stringify(SESSION_SPEC)},
    skipAwait: true,
}, { dependsOn: crds });
const job = new flink.FlinkSessionJob("session-job", {
    metadata: { name: "session-job" },
    spec: ${JSON.stringify(SESSION_JOB_SPEC)},
    skipAwait: true,
}, { deployment: session, dependsOn: crds });
const app = new flink.FlinkDeployment("basic-example", {
    metadata: { name: "basic-example", namespace: ns.metadata.name },
    spec: ${JSON.stringify(APP_SPEC)},
    skipAwait: true,
}, { dependsOn: crds });
exports.sessionName = session.name;
exports.sessionNamespace = session.namespace;
exports.jobDeploymentName = job.deploymentName;
exports.appName = app.name;
`;
}

/** `want` is contained in `got` (every field of want is in got with an equal value; arrays element-wise). */
function assertSubset(got, want, where) {
    if (want === null || typeof want !== "object") {
        assert.deepStrictEqual(got, want, `${where}: expected ${JSON.stringify(want)}, API server holds ${JSON.stringify(got)}`);
        return;
    }
    assert.ok(got !== null && typeof got === "object", `${where}: missing on the API server (pruned?)`);
    if (Array.isArray(want)) {
        assert.ok(Array.isArray(got) && got.length === want.length, `${where}: expected ${want.length} items, got ${JSON.stringify(got)}`);
        want.forEach((w, i) => assertSubset(got[i], w, `${where}[${i}]`));
        return;
    }
    for (const [k, v] of Object.entries(want)) assertSubset(got[k], v, `${where}.${k}`);
}

describe("e2e 2: Flink operator CRDs and Flink resources from the components", function () {
    let project;
    const cluster = () => h.state.cluster;
    const CRD_NAMES = h.FLINK_CRD_NAMES;

    before(async function () {
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before these are applied
        project = await h.newProject("flink", program(h.crdFiles()));
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog()}\n`);
    });

    it("preview plans the CRDs, the namespace and the three Flink resources", async function () {
        const pv = await project.preview();
        // 4 CRDs, the namespace, 3 components + 3 CustomResources, the stack, the provider.
        assert.ok(pv.changeSummary.create >= 4 + 1 + 3 + 3, `too few creates planned: ${JSON.stringify(pv.changeSummary)}`);
        assert.strictEqual(
            await h.getObject(cluster(), `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAMES[1]}`),
            undefined,
            "preview must not create anything",
        );
    });

    it("up installs the CRDs and creates the resources", async function () {
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded");
        for (const name of CRD_NAMES) {
            const crd = await h.getObject(cluster(), `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
            assert.ok(crd, `CRD ${name} missing`);
            const established = (crd.status.conditions || []).find((c) => c.type === "Established");
            assert.ok(established && established.status === "True", `CRD ${name} not established`);
        }
        assert.strictEqual(res.outputs.sessionNamespace.value, NS);
        assert.strictEqual(res.outputs.jobDeploymentName.value, "session-cluster");
    });

    it("the API server holds the specs intact (nothing pruned)", async function () {
        const session = await h.getObject(cluster(), `${GROUP}/namespaces/${NS}/flinkdeployments/session-cluster`);
        const job = await h.getObject(cluster(), `${GROUP}/namespaces/${NS}/flinksessionjobs/session-job`);
        const app = await h.getObject(cluster(), `${GROUP}/namespaces/${NS}/flinkdeployments/basic-example`);
        assert.ok(session && job && app, "a Flink resource is missing");
        assertSubset(session.spec, SESSION_SPEC, "session-cluster.spec");
        assertSubset(job.spec, { ...SESSION_JOB_SPEC, deploymentName: "session-cluster" }, "session-job.spec");
        assertSubset(app.spec, APP_SPEC, "basic-example.spec");
        for (const obj of [session, job, app]) {
            assert.strictEqual(obj.metadata.annotations["pulumi.com/skipAwait"], "true", `${obj.metadata.name}: skipAwait annotation`);
        }
        // Exactly what Pulumi sent: the CustomResources' inputs in the state equal the stored specs, so the API
        // server's structural-schema pruning removed nothing the components rendered.
        const deployment = (await project.exportStack()).deployment;
        const crs = deployment.resources.filter((r) => /^kubernetes:flink\.apache\.org\/v1beta1:/.test(r.type));
        assert.strictEqual(crs.length, 3, `expected 3 Flink custom resources in the state, found ${crs.map((r) => r.type)}`);
        const byName = { "session-cluster": session, "session-job": job, "basic-example": app };
        for (const cr of crs) {
            const stored = byName[cr.inputs.metadata.name];
            assert.ok(stored, `unexpected custom resource ${cr.inputs.metadata.name}`);
            assert.deepStrictEqual(stored.spec, cr.inputs.spec, `${cr.inputs.metadata.name}: API server spec differs from what Pulumi sent`);
        }
    });

    it("a second preview shows no changes to the namespace and the Flink resources", async function () {
        const { steps } = await h.previewSteps(project);
        const flinkSteps = steps.filter((s) => /flink|Namespace/.test(s.type));
        assert.ok(flinkSteps.length >= 7, `expected the namespace, 3 components and 3 custom resources: ${JSON.stringify(flinkSteps)}`);
        const changed = flinkSteps.filter((s) => s.op !== "same");
        assert.deepStrictEqual(changed, [], "the components' resources should not change on a second preview");
        // Known and not ours: this provider build reports a perpetual diff on CRDs whose additionalPrinterColumns omit
        // `priority` (the API server defaults it to 0). Only that diff is tolerated on the CRDs.
        for (const s of steps.filter((x) => x.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition" && x.op !== "same")) {
            assert.strictEqual(s.op, "update", `CRD ${s.urn}: unexpected ${s.op}`);
            assert.ok(
                s.detailedDiff.length > 0 && s.detailedDiff.every((p) => /^spec\.versions\[\d+\]\.additionalPrinterColumns\[\d+\]\.priority$/.test(p)),
                `CRD ${s.urn}: unexpected diff ${JSON.stringify(s)}`,
            );
        }
    });

    it("destroy removes the Flink resources and the CRDs", async function () {
        const res = await project.destroy();
        assert.strictEqual(res.summary.result, "succeeded");
        for (const p of ["flinkdeployments/session-cluster", "flinksessionjobs/session-job", "flinkdeployments/basic-example"]) {
            const res2 = await cluster().request("GET", `${GROUP}/namespaces/${NS}/${p}`);
            assert.strictEqual(res2.status, 404, `${p} still exists (HTTP ${res2.status})`);
        }
        // CRD deletion is finished by the API server itself (no controller needed).
        await h.flinkCrdsGone(cluster());
        assert.strictEqual(await h.getObject(cluster(), `/api/v1/namespaces/${NS}`), undefined, "namespace still exists");
        await project.remove();
    });
});
