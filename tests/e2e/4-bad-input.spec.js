// Case 4: bad input never reaches the cluster. A program with an invalid FlinkDeployment fails at preview with the
// field path in the message, `up` fails the same way, and the API server holds nothing from the program, although
// the CRDs are installed and the API server itself would accept the object (checked with a server-side dry run).
"use strict";

const assert = require("assert");
const fs = require("fs");
const YAML = require("yaml");
const h = require("./harness");

const NAME = "invalid-replicas";
const GROUP = "/apis/flink.apache.org/v1beta1";

const BAD_SPEC = {
    image: "flink:2.2",
    flinkVersion: "v2_2",
    serviceAccount: "flink",
    jobManager: { replicas: 0, resource: { memory: "2048m", cpu: 1 } },
    taskManager: { resource: { memory: "2048m", cpu: 1 } },
    job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 2, upgradeMode: "stateless" },
};

const PROGRAM = `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(h.COMPONENTS)});
new flink.FlinkDeployment(${JSON.stringify(NAME)}, {
    metadata: { name: ${JSON.stringify(NAME)}, namespace: "default" },
    spec: ${JSON.stringify(BAD_SPEC)},
    skipAwait: true,
});
new k8s.core.v1.ConfigMap("marker", { metadata: { name: "bad-input-marker", namespace: "default" }, data: { a: "b" } });
`;

async function assertNothingFromProgram(cluster) {
    const deps = await h.listItems(cluster, `${GROUP}/flinkdeployments`);
    assert.deepStrictEqual(
        deps.map((d) => `${d.metadata.namespace}/${d.metadata.name}`),
        [],
        "a FlinkDeployment reached the API server",
    );
    assert.strictEqual(
        await h.getObject(cluster, "/api/v1/namespaces/default/configmaps/bad-input-marker"),
        undefined,
        "the program's ConfigMap reached the API server",
    );
}

describe("e2e 4: an invalid FlinkDeployment never reaches the cluster", function () {
    let project;
    const cluster = () => h.state.cluster;
    const installed = [];

    before(async function () {
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before these are applied
        // Install the CRDs directly (not through the program under test), so the API server could store the object.
        for (const file of h.crdFiles()) {
            for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))) {
                const crd = doc.toJSON();
                if (!crd) continue;
                const res = await cluster().request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
                assert.ok(res.status === 201 || res.status === 409, `creating CRD ${crd.metadata.name}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
                installed.push(crd.metadata.name);
            }
        }
        await h.eventually(
            "FlinkDeployment CRD established",
            async () => {
                const crd = await h.getObject(cluster(), "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/flinkdeployments.flink.apache.org");
                return crd && (crd.status.conditions || []).some((c) => c.type === "Established" && c.status === "True");
            },
            30_000,
        );
        // Control: the API server's own schema validation would accept this object.
        await h.eventually(
            "FlinkDeployment endpoint served",
            async () => {
                const res = await cluster().request("POST", `${GROUP}/namespaces/default/flinkdeployments?dryRun=All`, {
                    apiVersion: "flink.apache.org/v1beta1",
                    kind: "FlinkDeployment",
                    metadata: { name: NAME },
                    spec: BAD_SPEC,
                });
                if (res.status === 404) return false;
                assert.strictEqual(res.status, 201, `server-side dry run should accept the object: HTTP ${res.status} ${res.text.slice(0, 300)}`);
                return true;
            },
            30_000,
        );
        project = await h.newProject("badinput", PROGRAM);
    });

    after(async function () {
        if (installed.length) await h.flinkCrdsGone(cluster(), { remove: true });
        if (project) await project.remove();
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog()}\n`);
    });

    it("preview fails with the field path in the message", async function () {
        let err;
        try {
            await project.preview();
        } catch (e) {
            err = e;
        }
        assert.ok(err, "preview should fail");
        const text = String(err.message);
        assert.match(text, /spec\.jobManager\.replicas/, `field path missing from the error:\n${text.slice(0, 2000)}`);
        assert.match(text, /FlinkDeployment/);
        // A Pulumi error, printed as Pulumi prints its own: the issues alone, no stack trace, no dump of the error object.
        assert.doesNotMatch(text, /unhandled exception/, `the refusal was reported as a crash:\n${text.slice(0, 2000)}`);
        assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, `the refusal carries a stack trace:\n${text.slice(0, 2000)}`);
        assert.doesNotMatch(text, /findings:|issues: \[/, `the refusal dumps the error object:\n${text.slice(0, 2000)}`);
        const line = text.split("\n").find((l) => /spec\.jobManager\.replicas/.test(l));
        process.stderr.write(`      [e2e] preview failed as expected: ${line.trim().slice(0, 300)}\n`);
        await assertNothingFromProgram(cluster());
    });

    it("up fails the same way and creates nothing", async function () {
        let err;
        try {
            await project.up();
        } catch (e) {
            err = e;
        }
        assert.ok(err, "up should fail");
        assert.match(String(err.message), /spec\.jobManager\.replicas/);
        await assertNothingFromProgram(cluster());
        const state = (await project.exportStack()).deployment;
        // Only the stack itself and the ConfigMap's provider may be there: not the component, not the custom resource.
        const kinds = (state.resources || [])
            .map((r) => r.type)
            .filter((t) => t !== "pulumi:pulumi:Stack" && !t.startsWith("pulumi:providers:") && t !== "kubernetes:core/v1:ConfigMap");
        assert.deepStrictEqual(kinds, [], "nothing of the refused FlinkDeployment may be in the state");
    });
});
