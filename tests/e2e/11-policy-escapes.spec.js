// Case 11: every way to make the operator and the Flink resources is held to the policy pack, with the real engine.
// One program makes them with helm.v3.Chart, helm.v4.Chart (a provider-side component: its children are registered
// by the Kubernetes provider), apiextensions.CustomResourcePatch, yaml.ConfigFile / ConfigGroup and yaml.v2.ConfigFile /
// ConfigGroup; `pulumi preview` runs the real pack (policies/) beside a recorder pack that writes what CrossGuard hands
// a policy (type token, props, provider) for each resource, so the test can assert the engine's view of each form as
// well as the verdicts. Nothing is created but the CRDs (yaml.v2 asks the API server whether a kind is namespaced).
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");
const h = require("./harness");

const PACK = path.join(h.REPO, "policies");
const CHART = path.resolve(h.CRD_DIR, "..");
const GOOD_OPERATOR_VALUES = {
    replicas: 2,
    image: { tag: "1.15.0" },
    webhook: { create: false },
    defaultConfiguration: {
        "flink-conf.yaml": "kubernetes.operator.leader-election.enabled: true\nkubernetes.operator.leader-election.lease-name: flink-operator-lease\n",
    },
};

// A FlinkDeployment with one JobManager and no HA: flink-deployment-ha must report it however it is made.
function flinkDeployment(name) {
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkDeployment",
        metadata: { name, namespace: "esc-flink" },
        spec: {
            image: "flink:1.20.1",
            flinkVersion: "v1_20",
            serviceAccount: "flink",
            jobManager: { replicas: 1, resource: { memory: "2048m", cpu: 1 } },
            taskManager: { resource: { memory: "2048m", cpu: 1 } },
        },
    };
}

function program(dir) {
    const yamlFile = (name) => {
        const file = path.join(dir, `${name}.yaml`);
        fs.writeFileSync(file, YAML.stringify(flinkDeployment(name)));
        return file;
    };
    return `
"use strict";
const k8s = require("@pulumi/kubernetes");
// The operator chart with its defaults (1 replica, no leader election, image tag latest), two ways.
new k8s.helm.v3.Chart("op-v3", { path: ${JSON.stringify(CHART)}, namespace: "esc-v3", values: { webhook: { create: false } } });
new k8s.helm.v4.Chart("op-v4", { chart: ${JSON.stringify(CHART)}, namespace: "esc-v4", values: { webhook: { create: false } } });
// The same chart made compliant: none of the operator policies may fire on it.
new k8s.helm.v4.Chart("op-good", { chart: ${JSON.stringify(CHART)}, namespace: "esc-good", values: ${JSON.stringify(GOOD_OPERATOR_VALUES)} });
// A patch raising replicas without HA, and one that only sets an image (leaves the rest to the object it patches).
new k8s.apiextensions.CustomResourcePatch("patch-replicas", { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeployment", metadata: { name: "patched", namespace: "esc-flink" }, spec: { jobManager: { replicas: 2 } } });
new k8s.apiextensions.CustomResourcePatch("patch-image", { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeployment", metadata: { name: "patched", namespace: "esc-flink" }, spec: { image: "flink:1.20.1" } });
// Flink resources from YAML, four ways.
new k8s.yaml.ConfigFile("yaml-v1-file", { file: ${JSON.stringify(yamlFile("yaml-v1-file"))} });
new k8s.yaml.ConfigGroup("yaml-v1-group", { objs: [${JSON.stringify(flinkDeployment("yaml-v1-group"))}] });
new k8s.yaml.v2.ConfigFile("yaml-v2-file", { file: ${JSON.stringify(yamlFile("yaml-v2-file"))} });
new k8s.yaml.v2.ConfigGroup("yaml-v2-group", { objs: [${JSON.stringify(flinkDeployment("yaml-v2-group"))}] });
`;
}

/** A policy pack that records what the engine hands each policy, one JSON line per resource and one per stack. */
function recorderPack(dir, out) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "recorder", version: "0.0.1", main: "index.js" }));
    fs.symlinkSync(path.join(h.REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        `
"use strict";
const fs = require("fs");
const { PolicyPack } = require("@pulumi/policy");
const raw = (v) => (v && v.__isSpecialProxy === true ? v.__getSpecialProxyTarget : v);
const provider = (p) => (p ? { type: p.type, urn: p.urn, props: raw(p.props) } : undefined);
const write = (entry) => fs.appendFileSync(${JSON.stringify(out)}, JSON.stringify(entry) + "\\n");
new PolicyPack("recorder", { policies: [
    { name: "record-resource", description: "records each resource", enforcementLevel: "advisory",
      validateResource: (args) => write({ kind: "resource", type: args.type, urn: args.urn, name: args.name, props: raw(args.props), provider: provider(args.provider) }) },
    { name: "record-stack", description: "records the stack", enforcementLevel: "advisory",
      validateStack: (args) => write({ kind: "stack", resources: args.resources.map((r) => ({ type: r.type, urn: r.urn, provider: provider(r.provider) })) }) },
] });
`,
    );
}

describe("e2e 11: no way around the policy pack (helm charts, patches, yaml)", function () {
    let project;
    let violations = [];
    let seen = [];
    let stackView;
    const createdCrds = [];
    const cluster = () => h.state.cluster;

    before(async function () {
        this.timeout(600_000);
        h.requireComponentsBuilt();
        assert.ok(fs.existsSync(path.join(h.REPO, "dist", "policies", "index.js")), "dist/policies/index.js is missing: run `npm run build`");
        // Another suite may have left the CRDs installed (fine: they are the same) or be deleting them: wait until
        // none is terminating, then create what is missing and delete only those afterwards.
        for (const name of h.FLINK_CRD_NAMES) {
            await h.eventually(
                `CRD ${name} not terminating`,
                async () => {
                    const crd = await h.getObject(cluster(), h.crdPath(name));
                    return !crd || !crd.metadata.deletionTimestamp;
                },
                120_000,
            );
        }
        for (const file of h.crdFiles()) {
            for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))) {
                const crd = doc.toJSON();
                if (!crd) continue;
                const res = await cluster().request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
                assert.ok(res.status === 201 || res.status === 409, `creating CRD ${crd.metadata.name}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
                if (res.status === 201) createdCrds.push(crd.metadata.name);
            }
        }
        await h.eventually(
            "FlinkDeployment CRD established",
            async () => {
                const crd = await h.getObject(cluster(), h.crdPath("flinkdeployments.flink.apache.org"));
                return crd && (crd.status.conditions || []).some((c) => c.type === "Established" && c.status === "True");
            },
            30_000,
        );

        project = await h.newProject("policy-escapes", "");
        fs.writeFileSync(path.join(project.dir, "index.js"), program(project.dir));
        const recorded = path.join(project.dir, "recorded.jsonl");
        recorderPack(path.join(project.dir, "recorder"), recorded);
        const events = [];
        try {
            await project.preview({ policyPacks: [PACK, path.join(project.dir, "recorder")], onEvent: (e) => e.policyEvent && events.push(e.policyEvent) });
        } catch (e) {
            // Mandatory violations fail the preview; the events were collected all the same.
            if (!/mandatory|policy/i.test(String(e && e.message))) throw e;
        }
        violations = events.filter((e) => e.policyPackName === "pulumi-flink");
        const lines = fs.existsSync(recorded)
            ? fs
                  .readFileSync(recorded, "utf8")
                  .trim()
                  .split("\n")
                  .map((l) => JSON.parse(l))
            : [];
        seen = lines.filter((l) => l.kind === "resource");
        stackView = lines.find((l) => l.kind === "stack");
        fs.writeFileSync(path.join(h.state.root, "logs", "policy-escapes-engine-view.json"), JSON.stringify({ seen, stackView, violations }, null, 2));
    });

    after(async function () {
        this.timeout(120_000);
        for (const name of createdCrds) {
            const res = await cluster().request("DELETE", h.crdPath(name));
            assert.ok([200, 202, 404].includes(res.status), `DELETE CRD ${name}: HTTP ${res.status}`);
        }
        for (const name of createdCrds)
            await h.eventually(`CRD ${name} gone`, async () => (await h.getObject(cluster(), h.crdPath(name))) === undefined, 60_000);
        if (project) await project.remove();
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) {
            process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog(80)}\n`);
            process.stderr.write(`--- violations ---\n${violations.map((v) => `${v.policyName} ${v.resourceUrn}: ${v.message.slice(0, 160)}`).join("\n")}\n`);
        }
    });

    // How each form names the operator's objects in their URNs (recorded from the engine): helm.v3.Chart names its
    // children "<namespace>/<name>" without the chart's name; helm.v4.Chart "<chart>:<namespace>/<name>".
    const CHARTS = { "op-v3": "::esc-v3/", "op-v4": "::op-v4:esc-v4/", "op-good": "::op-good:esc-good/" };

    /** The recorded resources of a type whose URN contains the fragment. */
    const recordedFor = (type, fragment) => seen.filter((r) => r.type === type && r.urn.includes(fragment));
    const violationsOf = (policy, fragment) => violations.filter((v) => v.policyName === policy && (v.resourceUrn || "").includes(fragment));

    it("the engine shows the charts' operator Deployment and ConfigMap with their usual type tokens and rendered props", function () {
        for (const chart of ["op-v3", "op-v4"]) {
            const [deployment] = recordedFor("kubernetes:apps/v1:Deployment", CHARTS[chart]);
            assert.ok(deployment, `${chart}: no kubernetes:apps/v1:Deployment seen; seen: ${seen.map((r) => r.type + " " + r.urn).join("\n")}`);
            assert.strictEqual(deployment.props.metadata.labels["helm.sh/chart"], "flink-kubernetes-operator-1.15.0");
            assert.strictEqual(deployment.props.spec.template.spec.containers[0].name, "flink-kubernetes-operator");
            const [configMap] = recordedFor("kubernetes:core/v1:ConfigMap", CHARTS[chart]).filter((r) => r.props.metadata.name === "flink-operator-config");
            assert.ok(configMap, `${chart}: the operator ConfigMap was not seen`);
            assert.ok("flink-conf.yaml" in configMap.props.data);
        }
    });

    it("the default provider is handed to the policies without a namespace: resources without one are in the kubeconfig's", function () {
        const [patched] = recordedFor("kubernetes:flink.apache.org/v1beta1:FlinkDeploymentPatch", "patch-replicas");
        assert.strictEqual(patched.provider.type, "pulumi:providers:kubernetes");
        assert.strictEqual(patched.provider.props.namespace, undefined);
        // Every object the policies read (not the components: helm.v3.Chart, yaml.ConfigGroup, ... have no provider).
        const read = stackView.resources.filter((r) => /:(FlinkDeployment|FlinkDeploymentPatch|Deployment|ConfigMap)$/.test(r.type));
        assert.ok(read.length >= 11, String(read.length));
        for (const r of read) assert.strictEqual(r.provider && r.provider.urn, patched.provider.urn, r.urn);
    });

    it("the engine shows patches as <Kind>Patch and YAML-made Flink objects as the CustomResource type", function () {
        assert.strictEqual(recordedFor("kubernetes:flink.apache.org/v1beta1:FlinkDeploymentPatch", "patch-replicas").length, 1);
        for (const form of ["yaml-v1-file", "yaml-v1-group", "yaml-v2-file", "yaml-v2-group"]) {
            const found = recordedFor("kubernetes:flink.apache.org/v1beta1:FlinkDeployment", form);
            assert.strictEqual(
                found.length,
                1,
                `${form}: ${seen
                    .filter((r) => r.urn.includes(form))
                    .map((r) => r.type)
                    .join(", ")}`,
            );
            assert.strictEqual(found[0].props.spec.jobManager.replicas, 1);
        }
    });

    it("flink-operator-ha, flink-operator-leader-election and flink-image-pinned report the operator from helm.v3.Chart and helm.v4.Chart", function () {
        for (const chart of ["op-v3", "op-v4"]) {
            assert.ok(
                violationsOf("flink-operator-ha", CHARTS[chart]).some((v) => /runs 1 replica/.test(v.message)),
                `${chart}: flink-operator-ha`,
            );
            assert.ok(
                violationsOf("flink-operator-leader-election", CHARTS[chart]).some((v) => /does not enable leader election/.test(v.message)),
                `${chart}: leader election`,
            );
            assert.ok(
                violationsOf("flink-image-pinned", CHARTS[chart]).some((v) => /:latest/.test(v.message)),
                `${chart}: image`,
            );
        }
    });

    it("a compliant chart made with helm.v4.Chart passes the operator policies", function () {
        for (const policy of ["flink-operator-ha", "flink-operator-leader-election", "flink-image-pinned"]) {
            assert.deepStrictEqual(
                violationsOf(policy, CHARTS["op-good"]).map((v) => v.message),
                [],
                policy,
            );
        }
    });

    it("a FlinkDeploymentPatch raising replicas without HA is reported; one setting only an image is not", function () {
        assert.ok(violationsOf("flink-engine-rules", "patch-replicas").some((v) => /standby-jobmanagers-require-ha/.test(v.message)));
        assert.deepStrictEqual(
            violations.filter((v) => (v.resourceUrn || "").includes("patch-image")).map((v) => `${v.policyName}: ${v.message}`),
            [],
        );
    });

    it("FlinkDeployments from yaml.ConfigFile, ConfigGroup, yaml.v2.ConfigFile and yaml.v2.ConfigGroup are held to flink-deployment-ha", function () {
        for (const form of ["yaml-v1-file", "yaml-v1-group", "yaml-v2-file", "yaml-v2-group"]) {
            assert.ok(
                violationsOf("flink-deployment-ha", form).some((v) => /runs without high availability/.test(v.message)),
                form,
            );
        }
    });
});
