// Case 5: FlinkOperator installs the real operator chart (upstream 1.15.0, from its local path) through the real
// engine and Kubernetes provider (Helm embedded in it), with a FlinkDeployment ordered after it. Readiness waits are
// off and the webhook is disabled: this API server runs no pods and has no cert-manager. Then a new chart release
// with a changed CRD is rolled out (the CRDs must follow it), and destroy must leave nothing behind.
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const yaml = require("js-yaml");
const h = require("./harness");

const UPSTREAM_CHART = path.resolve(h.CRD_DIR, "..");
const OPERATOR_NS = "flink-operator-e2e";
const JOBS_NS = "flink-jobs-e2e";
const NEXT_VERSION = "1.15.1-e2e";
// The field the "next release" adds to the FlinkDeployment CRD's spec schema, as a real release adds fields.
const NEW_FIELD = "e2eAddedInNextRelease";
const CRD_NAMES = h.FLINK_CRD_NAMES;

/** A copy of the chart as the next release would ship it: a new Chart.yaml version and a FlinkDeployment CRD field. */
function nextRelease(dir) {
    fs.cpSync(UPSTREAM_CHART, dir, { recursive: true });
    const chartFile = path.join(dir, "Chart.yaml");
    fs.writeFileSync(chartFile, fs.readFileSync(chartFile, "utf8").replace(/^version: .*$/m, `version: ${NEXT_VERSION}`));
    const crdFile = path.join(dir, "crds", "flinkdeployments.flink.apache.org-v1.yml");
    const crd = yaml.load(fs.readFileSync(crdFile, "utf8"));
    for (const v of crd.spec.versions) {
        v.schema.openAPIV3Schema.properties.spec.properties[NEW_FIELD] = { type: "string", description: "Added by the e2e test's next release." };
    }
    fs.writeFileSync(crdFile, yaml.dump(crd, { lineWidth: -1 }));
    return dir;
}

function program(chartPath) {
    return `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(h.COMPONENTS)});
// The chart creates the job service account and its RBAC in each watched namespace: it must exist first.
const jobs = new k8s.core.v1.Namespace("jobs", { metadata: { name: ${JSON.stringify(JOBS_NS)} } });
const operator = new flink.FlinkOperator("flink-operator", {
    namespace: ${JSON.stringify(OPERATOR_NS)},
    chartPath: ${JSON.stringify(chartPath)},
    watchNamespaces: [${JSON.stringify(JOBS_NS)}],
    webhook: flink.OperatorWebhook.Disabled,
    skipAwait: true,
    crds: { retainOnDelete: false },
}, { dependsOn: [jobs] });
const app = new flink.FlinkDeployment("orders", {
    metadata: { name: "orders", namespace: ${JSON.stringify(JOBS_NS)} },
    spec: {
        image: "flink:2.2",
        flinkVersion: "v2_2",
        jobManager: { resource: { memory: "2048m", cpu: 1 } },
        taskManager: { resource: { memory: "2048m", cpu: 1 } },
        job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 2, upgradeMode: "stateless" },
    },
    skipAwait: true,
}, { operator });
exports.namespace = operator.namespace;
exports.releaseName = operator.releaseName;
exports.chartVersion = operator.chartVersion;
exports.status = operator.status;
exports.webhookEnabled = operator.webhookEnabled;
exports.watchNamespaces = operator.watchNamespaces;
exports.jobServiceAccount = operator.jobServiceAccount;
exports.appName = app.name;
`;
}

/** Parses a flat `key: value` Flink configuration file. */
function flatConf(text) {
    const out = {};
    for (const line of text.split("\n")) {
        const m = /^\s*([^#\s][^:]*):\s*(.*)$/.exec(line);
        if (m) out[m[1].trim()] = m[2].trim();
    }
    return out;
}

describe("e2e 5: FlinkOperator installs the operator chart, upgrades its CRDs, and destroys cleanly", function () {
    let project;
    const cluster = () => h.state.cluster;
    const byLabel = "labelSelector=app.kubernetes.io%2Fname%3Dflink-kubernetes-operator";

    before(async function () {
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before these are applied
        project = await h.newProject("operator", program(UPSTREAM_CHART));
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog()}\n`);
    });

    after(async function () {
        if (project) await project.remove();
    });

    it("up installs the release, creating the FlinkDeployment only after the CRDs and the release", async function () {
        // The engine's own event stream gives the order of operations.
        const events = [];
        const onEvent = (e) => {
            if (e.resourcePreEvent)
                events.push({ phase: "pre", type: e.resourcePreEvent.metadata.type, urn: e.resourcePreEvent.metadata.urn, op: e.resourcePreEvent.metadata.op });
            if (e.resOutputsEvent) events.push({ phase: "done", type: e.resOutputsEvent.metadata.type, urn: e.resOutputsEvent.metadata.urn });
        };
        const res = await project.up({ onEvent });
        assert.strictEqual(res.summary.result, "succeeded");
        const crStart = events.findIndex((e) => e.phase === "pre" && e.type === "kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
        assert.ok(crStart >= 0, "the FlinkDeployment custom resource was not created");
        const crdsDone = events.filter((e) => e.phase === "done" && e.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition");
        assert.strictEqual(crdsDone.length, 4, `expected 4 CRDs created: ${JSON.stringify(crdsDone)}`);
        const releaseDone = events.findIndex((e) => e.phase === "done" && e.type === "kubernetes:helm.sh/v3:Release");
        assert.ok(releaseDone >= 0 && releaseDone < crStart, "the FlinkDeployment started before the Helm release finished");
        for (const crd of crdsDone) assert.ok(events.indexOf(crd) < crStart, `the FlinkDeployment started before ${crd.urn} finished`);

        const o = res.outputs;
        assert.strictEqual(o.namespace.value, OPERATOR_NS);
        assert.strictEqual(o.releaseName.value, "flink-operator");
        assert.strictEqual(o.chartVersion.value, "1.15.0");
        assert.strictEqual(o.status.value, "deployed");
        assert.strictEqual(o.webhookEnabled.value, false);
        assert.deepStrictEqual(o.watchNamespaces.value, [JOBS_NS]);
        assert.strictEqual(o.jobServiceAccount.value, "flink");
    });

    it("the operator Deployment runs 2 replicas with leader election configured in its ConfigMap", async function () {
        const deployments = await h.listItems(cluster(), `/apis/apps/v1/namespaces/${OPERATOR_NS}/deployments?${byLabel}`);
        assert.strictEqual(deployments.length, 1, `expected the operator Deployment: ${deployments.map((d) => d.metadata.name)}`);
        const dep = deployments[0];
        assert.strictEqual(dep.spec.replicas, 2);
        assert.strictEqual(dep.spec.strategy.type, "RollingUpdate", "two replicas with leader election roll, not recreate");
        // The pod mounts the flink-conf.yaml key only (the chart mounts config.yaml instead when that key is absent).
        const volume = dep.spec.template.spec.volumes.find((v) => v.name === "flink-operator-config-volume");
        assert.deepStrictEqual(
            volume.configMap.items.map((i) => i.key).filter((k) => /yaml$/.test(k)),
            ["flink-conf.yaml"],
        );
        const cm = await h.getObject(cluster(), `/api/v1/namespaces/${OPERATOR_NS}/configmaps/flink-operator-config`);
        assert.ok(cm, "ConfigMap flink-operator-config missing");
        const conf = flatConf(cm.data["flink-conf.yaml"]);
        assert.strictEqual(conf["kubernetes.operator.leader-election.enabled"], "true");
        assert.strictEqual(conf["kubernetes.operator.leader-election.lease-name"], "flink-operator-lease");
        assert.strictEqual(conf["kubernetes.operator.watched.namespaces"], JOBS_NS);
    });

    it("the operator's RBAC, the job service account in the watched namespace and all four CRDs exist", async function () {
        // With watchNamespaces the chart grants the operator namespaced Roles, not a ClusterRole.
        const operatorSa = await h.listItems(cluster(), `/api/v1/namespaces/${OPERATOR_NS}/serviceaccounts?${byLabel}`);
        assert.strictEqual(operatorSa.length, 1, "operator ServiceAccount");
        const saName = operatorSa[0].metadata.name;
        const grants = async (ns, group, resource) => {
            const roles = await h.listItems(cluster(), `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`);
            const bindings = await h.listItems(cluster(), `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`);
            return bindings.some(
                (b) =>
                    b.subjects.some((s) => s.kind === "ServiceAccount" && s.name === saName && s.namespace === OPERATOR_NS) &&
                    roles.some(
                        (r) =>
                            r.metadata.name === b.roleRef.name &&
                            r.rules.some((rule) => (rule.apiGroups || []).includes(group) && (rule.resources || []).includes(resource)),
                    ),
            );
        };
        assert.ok(await grants(JOBS_NS, "flink.apache.org", "flinkdeployments"), "the operator may manage FlinkDeployments in the watched namespace");
        assert.ok(await grants(OPERATOR_NS, "coordination.k8s.io", "leases"), "the operator may hold its leader-election lease");

        assert.ok(await h.getObject(cluster(), `/api/v1/namespaces/${JOBS_NS}/serviceaccounts/flink`), "job ServiceAccount flink");
        const jobBindings = await h.listItems(cluster(), `/apis/rbac.authorization.k8s.io/v1/namespaces/${JOBS_NS}/rolebindings`);
        assert.ok(
            jobBindings.some((b) => b.subjects.some((s) => s.name === "flink")),
            "a RoleBinding grants the job service account",
        );

        for (const name of CRD_NAMES) {
            const crd = await h.getObject(cluster(), `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
            assert.ok(crd, `CRD ${name} missing`);
            const managers = (crd.metadata.managedFields || []).map((f) => f.manager);
            assert.ok(
                managers.some((m) => m.startsWith("pulumi-kubernetes")) && !managers.some((m) => /helm/i.test(m)),
                `CRD ${name} must be written by Pulumi, not Helm (field managers: ${managers.join(", ")})`,
            );
        }
        // The FlinkDeployment took its service account from the operator.
        const app = await h.getObject(cluster(), `/apis/flink.apache.org/v1beta1/namespaces/${JOBS_NS}/flinkdeployments/orders`);
        assert.ok(app, "FlinkDeployment orders missing");
        assert.strictEqual(app.spec.serviceAccount, "flink");
    });

    it("a second preview shows no changes: release, CRDs, namespaces and the FlinkDeployment are as applied", async function () {
        const { steps } = await h.previewSteps(project);
        assert.ok(
            steps.some((s) => s.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition"),
            "the CRDs are in the preview",
        );
        const changed = steps.filter((s) => s.op !== "same").map((s) => ({ urn: s.urn, op: s.op, diff: s.detailedDiff }));
        assert.deepStrictEqual(changed, [], "nothing should change on a second preview");
    });

    it("a new chart release updates the CRDs in place and keeps the Flink resources", async function () {
        const before = await h.getObject(cluster(), `/apis/flink.apache.org/v1beta1/namespaces/${JOBS_NS}/flinkdeployments/orders`);
        const next = nextRelease(path.join(project.dir, "chart-next"));
        fs.writeFileSync(path.join(project.dir, "index.js"), program(next));
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(res.outputs.chartVersion.value, NEXT_VERSION);
        const crd = await h.getObject(cluster(), "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/flinkdeployments.flink.apache.org");
        for (const v of crd.spec.versions) {
            assert.ok(
                v.schema.openAPIV3Schema.properties.spec.properties[NEW_FIELD],
                `CRD version ${v.name} lacks the next release's field: the CRD was not upgraded`,
            );
        }
        const deployments = await h.listItems(cluster(), `/apis/apps/v1/namespaces/${OPERATOR_NS}/deployments?${byLabel}`);
        assert.strictEqual(deployments[0].metadata.labels["helm.sh/chart"], `flink-kubernetes-operator-${NEXT_VERSION}`, "the release was upgraded");
        const after = await h.getObject(cluster(), `/apis/flink.apache.org/v1beta1/namespaces/${JOBS_NS}/flinkdeployments/orders`);
        assert.ok(after, "the FlinkDeployment was lost in the upgrade");
        assert.strictEqual(after.metadata.uid, before.metadata.uid, "the FlinkDeployment was replaced by the upgrade");
    });

    it("destroy removes the FlinkDeployment before the operator and its CRDs, and leaves nothing behind", async function () {
        const events = [];
        const onEvent = (e) => {
            if (e.resourcePreEvent) events.push({ phase: "pre", type: e.resourcePreEvent.metadata.type });
            if (e.resOutputsEvent) events.push({ phase: "done", type: e.resOutputsEvent.metadata.type });
        };
        const res = await project.destroy({ onEvent });
        assert.strictEqual(res.summary.result, "succeeded");
        // The operator must still be there to remove the custom resource's finalizers.
        const crDone = events.findIndex((e) => e.phase === "done" && e.type === "kubernetes:flink.apache.org/v1beta1:FlinkDeployment");
        const firstOperatorDelete = events.findIndex((e) => e.phase === "pre" && /Release|CustomResourceDefinition/.test(e.type));
        assert.ok(crDone >= 0 && firstOperatorDelete > crDone, `the operator or a CRD was deleted before the FlinkDeployment: ${JSON.stringify(events)}`);
        await h.flinkCrdsGone(cluster());
        for (const ns of [OPERATOR_NS, JOBS_NS]) {
            // The namespace controller empties the namespaces, including what the chart keeps (job RBAC, helm.sh/resource-policy: keep).
            await h.eventually(`namespace ${ns} gone`, async () => (await h.getObject(cluster(), `/api/v1/namespaces/${ns}`)) === undefined, 120_000);
        }
        const state = (await project.exportStack()).deployment;
        assert.deepStrictEqual(
            (state.resources || []).filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:")),
            [],
            "resources left in the state",
        );
    });
});

// The webhook path: cert-manager's CRDs stand in for cert-manager (no controller runs here), and the test itself does
// what cert-manager's CA injector does, so the wait on the webhook configurations' caBundle is exercised for real.
const WEBHOOK_NS = "flink-operator-webhook-e2e";
const WEBHOOK_CONFIG = `flink-operator-${WEBHOOK_NS}-webhook-configuration`;

function webhookProgram() {
    return `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(h.COMPONENTS)});
// Only the CRDs of cert-manager: the chart's Issuer and Certificate need them at install.
const certManager = ["Certificate", "Issuer"].map((kind) => new k8s.apiextensions.v1.CustomResourceDefinition(kind, {
    metadata: { name: kind.toLowerCase() + "s.cert-manager.io" },
    spec: {
        group: "cert-manager.io", scope: "Namespaced",
        names: { kind, plural: kind.toLowerCase() + "s", singular: kind.toLowerCase(), listKind: kind + "List" },
        versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
}));
const operator = new flink.FlinkOperator("flink-operator", {
    namespace: ${JSON.stringify(WEBHOOK_NS)},
    chartPath: ${JSON.stringify(UPSTREAM_CHART)},
    webhookAwaitTimeoutSeconds: 120,
    crds: { retainOnDelete: false },
    // No pods run here: the release must not wait for them; the webhook's CA bundle is still awaited.
    helmOptions: { skipAwait: true },
}, { dependsOn: certManager });
const dependant = new k8s.core.v1.ConfigMap("after-webhook", { metadata: { name: "after-webhook", namespace: "default" }, data: { ok: "1" } }, { dependsOn: [operator] });
exports.webhookEnabled = operator.webhookEnabled;
`;
}

describe("e2e 5b: with the webhook on, dependants wait for the webhook's CA bundle", function () {
    let project;
    const cluster = () => h.state.cluster;
    const kinds = ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"];
    const caBundle = () => Buffer.from(cluster().pki.ca).toString("base64");

    before(async function () {
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before these are applied
        project = await h.newProject("operator-webhook", webhookProgram());
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog()}\n`);
    });

    after(async function () {
        if (project) await project.remove();
    });

    it("up holds the dependant until the CA bundle is injected, then completes", async function () {
        const up = project.up();
        up.catch(() => undefined); // awaited below; keeps an early failure from being an unhandled rejection
        const path = (kind) => `/apis/admissionregistration.k8s.io/v1/${kind}/${WEBHOOK_CONFIG}`;
        // The release has created both webhook configurations, and the patches have annotated them.
        for (const kind of kinds) {
            await h.eventually(
                `${kind} annotated by the wait`,
                async () => {
                    const obj = await h.getObject(cluster(), path(kind));
                    return (
                        obj && obj.metadata.annotations && obj.metadata.annotations["pulumi.com/waitFor"] === "jsonpath={.webhooks[*].clientConfig.caBundle}"
                    );
                },
                120_000,
            );
        }
        // Nothing has injected a CA yet, so the dependant cannot have been created.
        assert.strictEqual(
            await h.getObject(cluster(), "/api/v1/namespaces/default/configmaps/after-webhook"),
            undefined,
            "the dependant was created before the webhook had a CA bundle",
        );
        // Now act as cert-manager's CA injector.
        for (const kind of kinds) {
            const obj = await h.getObject(cluster(), path(kind));
            for (const w of obj.webhooks) w.clientConfig.caBundle = caBundle();
            const res = await cluster().request("PUT", path(kind), obj);
            assert.strictEqual(res.status, 200, `injecting the CA bundle into ${kind}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
        }
        const res = await up;
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(res.outputs.webhookEnabled.value, true);
        assert.ok(await h.getObject(cluster(), "/api/v1/namespaces/default/configmaps/after-webhook"), "the dependant was not created");
        // The chart's cert-manager resources were installed with it.
        assert.ok(
            await h.getObject(cluster(), `/apis/cert-manager.io/v1/namespaces/${WEBHOOK_NS}/certificates/flink-operator-serving-cert`),
            "Certificate missing",
        );
    });

    it("destroy leaves nothing behind", async function () {
        const res = await project.destroy();
        assert.strictEqual(res.summary.result, "succeeded");
        for (const kind of kinds) {
            assert.strictEqual(
                await h.getObject(cluster(), `/apis/admissionregistration.k8s.io/v1/${kind}/${WEBHOOK_CONFIG}`),
                undefined,
                `${kind} left behind`,
            );
        }
        await h.flinkCrdsGone(cluster());
        await h.eventually(
            `namespace ${WEBHOOK_NS} gone`,
            async () => (await h.getObject(cluster(), `/api/v1/namespaces/${WEBHOOK_NS}`)) === undefined,
            120_000,
        );
    });
});

// The default path users take: the chart from a Helm repository at a version, the CRDs read from URLs by the
// provider (a ConfigGroup). A local HTTP server on 127.0.0.1 plays the Apache repository and the GitHub source tree.
const REPO_NS = "flink-operator-repo-e2e";

/** Serves `dir` over HTTP on 127.0.0.1; resolves to { url, close }. */
function serveDirectory(dir) {
    const http = require("http");
    const server = http.createServer((req, res) => {
        const file = path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
        if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { "Content-Type": file.endsWith(".tgz") ? "application/gzip" : "text/yaml" });
        fs.createReadStream(file).pipe(res);
    });
    return new Promise((resolve) =>
        server.listen(0, "127.0.0.1", () =>
            resolve({
                url: `http://127.0.0.1:${server.address().port}/`,
                close: () => new Promise((r) => server.close(r)),
            }),
        ),
    );
}

/** A Helm repository (index.yaml + packaged charts) and the crds/ of each release under release-<version>/crds/. */
function chartRepository(dir, url, charts) {
    const { execFileSync } = require("child_process");
    const entries = [];
    for (const chartDir of charts) {
        const meta = yaml.load(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8"));
        const stage = fs.mkdtempSync(path.join(dir, "stage-"));
        fs.cpSync(chartDir, path.join(stage, meta.name), { recursive: true });
        const tgz = `${meta.name}-${meta.version}.tgz`;
        execFileSync("tar", ["-czf", path.join(dir, tgz), "-C", stage, meta.name]);
        fs.rmSync(stage, { recursive: true, force: true });
        fs.cpSync(path.join(chartDir, "crds"), path.join(dir, `release-${meta.version}`, "crds"), { recursive: true });
        entries.push({ ...meta, urls: [url + tgz], created: new Date().toISOString() });
    }
    fs.writeFileSync(
        path.join(dir, "index.yaml"),
        yaml.dump({ apiVersion: "v1", entries: { [entries[0].name]: entries }, generated: new Date().toISOString() }),
    );
}

function repositoryProgram(repoUrl, version) {
    return `
"use strict";
const flink = require(${JSON.stringify(h.COMPONENTS)});
const operator = new flink.FlinkOperator("flink-operator", {
    namespace: ${JSON.stringify(REPO_NS)},
    version: ${JSON.stringify(version)},
    repository: ${JSON.stringify(repoUrl)},
    // A mirror of the chart's crds/ at each release (the default is GitHub's release-<version> tag).
    crds: { source: ${JSON.stringify(`${repoUrl}release-${version}/crds/`)} },
    webhook: flink.OperatorWebhook.Disabled,
    skipAwait: true,
});
exports.chartVersion = operator.chartVersion;
exports.status = operator.status;
`;
}

describe("e2e 5c: FlinkOperator from a chart repository, with the CRDs read from URLs", function () {
    let project;
    let server;
    const cluster = () => h.state.cluster;
    const crdPath = h.crdPath;

    before(async function () {
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before these are applied
        const dir = fs.mkdtempSync(path.join(h.state.root, "chart-repo-"));
        server = await serveDirectory(dir);
        chartRepository(dir, server.url, [UPSTREAM_CHART, nextRelease(fs.mkdtempSync(path.join(h.state.root, "chart-next-")))]);
        project = await h.newProject("operator-repo", repositoryProgram(server.url, "1.15.0"));
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog()}\n`);
    });

    after(async function () {
        if (project) await project.remove();
        if (server) await server.close();
        // The CRDs are retained on destroy by design; this suite's cluster is shared, so remove them here.
        await h.flinkCrdsGone(cluster(), { remove: true });
    });

    it("up installs the chart from the repository and the CRDs from their URLs", async function () {
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(res.outputs.chartVersion.value, "1.15.0");
        assert.strictEqual(res.outputs.status.value, "deployed");
        for (const name of CRD_NAMES) {
            const crd = await h.getObject(cluster(), crdPath(name));
            assert.ok(crd, `CRD ${name} missing`);
            const managers = (crd.metadata.managedFields || []).map((f) => f.manager);
            assert.ok(managers.some((m) => m.startsWith("pulumi-kubernetes")) && !managers.some((m) => /helm/i.test(m)), `CRD ${name} managers: ${managers}`);
        }
        const deployments = await h.listItems(
            cluster(),
            `/apis/apps/v1/namespaces/${REPO_NS}/deployments?labelSelector=app.kubernetes.io%2Fname%3Dflink-kubernetes-operator`,
        );
        assert.strictEqual(deployments.length, 1);
        assert.strictEqual(deployments[0].metadata.labels["helm.sh/chart"], "flink-kubernetes-operator-1.15.0");
    });

    it("a second preview shows no changes (the CRDs read from URLs included)", async function () {
        const { steps } = await h.previewSteps(project);
        assert.ok(
            steps.some((s) => s.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition"),
            "the CRDs are in the preview",
        );
        const changed = steps.filter((s) => s.op !== "same").map((s) => ({ urn: s.urn, op: s.op, diff: s.detailedDiff }));
        assert.deepStrictEqual(changed, [], "nothing should change on a second preview");
    });

    it("changing version upgrades the release and the CRDs", async function () {
        fs.writeFileSync(path.join(project.dir, "index.js"), repositoryProgram(server.url, NEXT_VERSION));
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(res.outputs.chartVersion.value, NEXT_VERSION);
        const crd = await h.getObject(cluster(), crdPath("flinkdeployments.flink.apache.org"));
        for (const v of crd.spec.versions) {
            assert.ok(v.schema.openAPIV3Schema.properties.spec.properties[NEW_FIELD], `CRD version ${v.name} was not upgraded`);
        }
        const deployments = await h.listItems(
            cluster(),
            `/apis/apps/v1/namespaces/${REPO_NS}/deployments?labelSelector=app.kubernetes.io%2Fname%3Dflink-kubernetes-operator`,
        );
        assert.strictEqual(deployments[0].metadata.labels["helm.sh/chart"], `flink-kubernetes-operator-${NEXT_VERSION}`);
    });

    it("destroy removes the release but keeps the CRDs (the default), so other programs' Flink resources survive", async function () {
        const res = await project.destroy();
        assert.strictEqual(res.summary.result, "succeeded");
        await h.eventually(`namespace ${REPO_NS} gone`, async () => (await h.getObject(cluster(), `/api/v1/namespaces/${REPO_NS}`)) === undefined, 120_000);
        for (const name of CRD_NAMES)
            assert.ok(await h.getObject(cluster(), crdPath(name)), `CRD ${name} was deleted although retainOnDelete defaults to true`);
    });
});
