// Case 6: the policy pack (policies/) through the real CLI: `pulumi preview --policy-pack policies` passes a compliant
// program made with the components and fails a non-compliant one made of raw resources, naming the mandatory
// policies; at level "remediate", flink-operator-ha fixes a raw operator release during `up`, which the API server
// and the state then show. The pack runs as a plugin started by the Node.js language host (RunPlugin).
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const h = require("./harness");

const PACK = path.join(h.REPO, "policies");
const CHART = path.resolve(h.CRD_DIR, "..");

const COMPLIANT = `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(h.COMPONENTS)});
const ns = new k8s.core.v1.Namespace("jobs", { metadata: { name: "policy-compliant" } });
const operator = new flink.FlinkOperator("flink-operator", {
    namespace: "policy-operator",
    chartPath: ${JSON.stringify(CHART)}, // image: pinned by default, which flink-image-pinned checks
    webhook: flink.OperatorWebhook.Disabled,
    skipAwait: true,
});
new flink.FlinkDeployment("orders", {
    // Unknown until the namespace exists: the policies must not guess.
    metadata: { name: "orders", namespace: ns.metadata.name },
    spec: {
        image: "flink:2.2.0",
        flinkVersion: "v2_2",
        jobManager: { replicas: 2, resource: { memory: "2048m", cpu: 1 } },
        taskManager: { resource: { memory: "2048m", cpu: 1 } },
        job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 2, upgradeMode: "savepoint" },
    },
    highAvailability: { storageDir: "s3://flink/ha" },
    checkpoints: { dir: "s3://flink/checkpoints" },
    savepoints: { dir: "s3://flink/savepoints" },
    skipAwait: true,
}, { operator });
`;

// What a team writes without the package: the chart with its defaults, a FlinkDeployment without high availability.
function rawRelease(name, namespace) {
    return `new k8s.helm.v3.Release(${JSON.stringify(name)}, {
    name: ${JSON.stringify(name)},
    chart: ${JSON.stringify(CHART)},
    namespace: ${JSON.stringify(namespace)},
    createNamespace: true,
    skipAwait: true,
    values: { image: { tag: "1.15.0" }, webhook: { create: false } },
})`;
}

const NON_COMPLIANT = `
"use strict";
const k8s = require("@pulumi/kubernetes");
${rawRelease("raw-operator", "policy-raw")};
new k8s.apiextensions.CustomResource("raw-orders", {
    apiVersion: "flink.apache.org/v1beta1",
    kind: "FlinkDeployment",
    metadata: { name: "raw-orders", namespace: "default" },
    spec: {
        image: "flink:2.2.0",
        flinkVersion: "v2_2",
        serviceAccount: "flink",
        jobManager: { replicas: 1, resource: { memory: "2048m", cpu: 1 } },
        taskManager: { resource: { memory: "2048m", cpu: 1 } },
        job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 2, upgradeMode: "stateless" },
    },
});
`;

const REMEDIATED = `
"use strict";
const k8s = require("@pulumi/kubernetes");
const release = ${rawRelease("remediated-operator", "policy-remediate")};
exports.values = release.values;
`;

/** `pulumi preview --policy-pack <pack>` exactly as a user runs it, in the project's directory. */
function cliPreview(project, pack = PACK) {
    const r = spawnSync("pulumi", ["preview", "--policy-pack", pack, "--stack", "e2e", "--non-interactive", "--color", "never"], {
        cwd: project.dir,
        env: { ...process.env, ...h.pulumiEnv(h.state.cluster) },
        encoding: "utf8",
        maxBuffer: 64 << 20,
        timeout: 240_000,
    });
    fs.appendFileSync(project.logFile, `\n===== pulumi preview --policy-pack (exit ${r.status}) =====\n${r.stdout}\n${r.stderr}\n`);
    return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

describe("e2e 6: the policy pack with the real CLI", function () {
    const projects = [];
    const cluster = () => h.state.cluster;

    before(function () {
        h.requireComponentsBuilt();
        assert.ok(fs.existsSync(path.join(h.REPO, "dist", "policies", "index.js")), "dist/policies/index.js is missing: run `npm run build`");
    });

    afterEach(function () {
        const last = projects[projects.length - 1];
        if (this.currentTest.state === "failed" && last) process.stderr.write(`--- pulumi output (${last.logFile}) ---\n${last.tailLog(80)}\n`);
    });

    after(async function () {
        this.timeout(120_000);
        for (const p of projects) await p.remove();
        // The raw Helm release of the remediation case installed the chart's CRDs, which Helm never deletes: the
        // suites after this one apply their own and wait for these to be gone.
        await h.flinkCrdsGone(h.state.cluster, { remove: true });
    });

    it("preview --policy-pack passes a compliant program made with the components", async function () {
        const project = await h.newProject("policy-compliant", COMPLIANT);
        projects.push(project);
        const r = cliPreview(project);
        assert.strictEqual(r.status, 0, `preview failed:\n${r.output.slice(-3000)}`);
        assert.match(r.output, /pulumi-flink@v?0\.1\.0/, "the pack did not run");
        assert.doesNotMatch(r.output, /mandatory/, "a mandatory violation was reported");
    });

    it("preview --policy-pack fails a non-compliant program of raw resources, naming the mandatory policies", async function () {
        const project = await h.newProject("policy-raw", NON_COMPLIANT);
        projects.push(project);
        const r = cliPreview(project);
        assert.notStrictEqual(r.status, 0, `preview passed a non-compliant program:\n${r.output.slice(-3000)}`);
        for (const policy of ["flink-operator-ha", "flink-deployment-ha"]) {
            assert.match(r.output, new RegExp(`\\[mandatory\\]\\s+${policy}`), `${policy} not reported as mandatory:\n${r.output.slice(-3000)}`);
        }
        // The messages say what to set.
        assert.match(r.output, /Set values\.replicas: 2/);
        assert.match(r.output, /high-availability\.storageDir/);
        // Nothing was created.
        assert.strictEqual(await h.getObject(cluster(), "/api/v1/namespaces/policy-raw"), undefined);
    });

    it("the self-contained build for `pulumi policy publish` gives the same verdict", async function () {
        const { packPolicies } = require("../../tools/pack-policies");
        const project = projects.find((p) => p.dir.includes("policy-raw-"));
        assert.ok(project, "runs after the non-compliant preview");
        const out = packPolicies(path.join(h.state.root, "policy-pack"));
        const manifest = JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8"));
        assert.ok(fs.existsSync(path.join(out, manifest.main)), "the pack's main must be inside the pack");
        // Stands in for the `npm install` Pulumi Cloud runs for a published pack.
        fs.symlinkSync(path.join(h.REPO, "node_modules"), path.join(out, "node_modules"), "dir");
        const r = cliPreview(project, out);
        assert.notStrictEqual(r.status, 0, `preview passed a non-compliant program:\n${r.output.slice(-3000)}`);
        for (const policy of ["flink-operator-ha", "flink-deployment-ha"]) assert.match(r.output, new RegExp(`\\[mandatory\\]\\s+${policy}`));
    });

    it("at level remediate, flink-operator-ha fixes a raw operator release during up", async function () {
        const project = await h.newProject("policy-remediate", REMEDIATED);
        projects.push(project);
        const configFile = path.join(project.dir, "policy-config.json");
        fs.writeFileSync(configFile, JSON.stringify({ "flink-operator-ha": { enforcementLevel: "remediate" } }));
        const res = await project.up({ policyPacks: [PACK], policyPackConfigs: [configFile] });
        assert.strictEqual(res.summary.result, "succeeded");
        assert.match(res.stdout, /\[remediate\]\s+flink-operator-ha/, "the CLI does not report the remediation");
        // The state holds the remediated inputs.
        const state = (await project.exportStack()).deployment;
        const release = state.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
        assert.strictEqual(release.inputs.values.replicas, 2);
        assert.match(release.inputs.values.defaultConfiguration["flink-conf.yaml"], /kubernetes\.operator\.leader-election\.enabled: true/);
        // And so does the cluster.
        const deployments = await h.listItems(
            cluster(),
            "/apis/apps/v1/namespaces/policy-remediate/deployments?labelSelector=app.kubernetes.io%2Fname%3Dflink-kubernetes-operator",
        );
        assert.strictEqual(deployments.length, 1);
        assert.strictEqual(deployments[0].spec.replicas, 2);
        const cm = await h.getObject(cluster(), "/api/v1/namespaces/policy-remediate/configmaps/flink-operator-config");
        assert.match(cm.data["flink-conf.yaml"], /kubernetes\.operator\.leader-election\.enabled: true/);
        assert.match(cm.data["flink-conf.yaml"], /kubernetes\.operator\.leader-election\.lease-name: flink-operator-lease/);
        assert.match(cm.data["flink-conf.yaml"], /kubernetes\.operator\.reconcile\.interval: 15 s/, "the chart's own settings were dropped");

        const destroyed = await project.destroy();
        assert.strictEqual(destroyed.summary.result, "succeeded");
        assert.deepStrictEqual(await h.listItems(cluster(), "/apis/apps/v1/namespaces/policy-remediate/deployments"), []);
    });
});
