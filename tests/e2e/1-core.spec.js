// Case 1: a Namespace, a ConfigMap and a Secret built from a Pulumi secret, through the real engine and API server.
"use strict";

const assert = require("assert");
const crypto = require("crypto");
const h = require("./harness");

const NS = "e2e-core";

const PROGRAM = `
"use strict";
const pulumi = require("@pulumi/pulumi");
const k8s = require("@pulumi/kubernetes");
const cfg = new pulumi.Config();
const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: ${JSON.stringify(NS)} } });
const cm = new k8s.core.v1.ConfigMap("settings", {
    metadata: { name: "settings", namespace: ns.metadata.name },
    data: { mode: "e2e", replicas: "3" },
});
const secret = new k8s.core.v1.Secret("credentials", {
    metadata: { name: "credentials", namespace: ns.metadata.name },
    stringData: { password: cfg.requireSecret("password") },
});
exports.namespace = ns.metadata.name;
exports.secretName = secret.metadata.name;
exports.configMapName = cm.metadata.name;
`;

/** JSON paths of string values in `v` that contain `needle`. */
function findStrings(v, needle, at) {
    if (typeof v === "string") return v.includes(needle) ? [at] : [];
    if (Array.isArray(v)) return v.flatMap((x, i) => findStrings(x, needle, `${at}[${i}]`));
    if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => findStrings(x, needle, `${at}.${k}`));
    return [];
}

describe("e2e 1: Namespace, ConfigMap and a Secret from a Pulumi secret", function () {
    const password = `pw-${crypto.randomBytes(12).toString("hex")}`;
    let project;
    const cluster = () => h.state.cluster;

    before(async function () {
        project = await h.newProject("core", PROGRAM, { config: { password: { value: password, secret: true } } });
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog()}\n`);
    });

    it("up creates the three objects", async function () {
        const res = await project.up();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(res.outputs.namespace.value, NS);
        const ns = await h.getObject(cluster(), `/api/v1/namespaces/${NS}`);
        assert.ok(ns, "namespace missing");
        assert.strictEqual(ns.metadata.labels["kubernetes.io/metadata.name"], NS);
        const cm = await h.getObject(cluster(), `/api/v1/namespaces/${NS}/configmaps/settings`);
        assert.deepStrictEqual(cm.data, { mode: "e2e", replicas: "3" });
        const secret = await h.getObject(cluster(), `/api/v1/namespaces/${NS}/secrets/credentials`);
        assert.ok(secret, "secret missing");
        assert.strictEqual(Buffer.from(secret.data.password, "base64").toString("utf8"), password);
    });

    it("a second preview shows no changes", async function () {
        const pv = await project.preview();
        assert.deepStrictEqual(h.changes(pv.changeSummary), [], `unexpected changes: ${JSON.stringify(pv.changeSummary)}`);
        assert.ok((pv.changeSummary.same || 0) >= 4, `expected stack + 3 objects unchanged: ${JSON.stringify(pv.changeSummary)}`);
    });

    it("refresh finds no drift", async function () {
        const res = await project.refresh();
        assert.strictEqual(res.summary.result, "succeeded");
        const changed = Object.entries(res.summary.resourceChanges || {}).filter(([op, n]) => op !== "same" && n > 0);
        assert.deepStrictEqual(changed, [], `refresh changed: ${JSON.stringify(res.summary.resourceChanges)}`);
    });

    it("the exported state holds no plaintext secret value", async function () {
        const deployment = await project.exportStack();
        const text = JSON.stringify(deployment);
        assert.ok(text.includes("credentials"), "the secret resource should be in the state");
        const b64 = Buffer.from(password).toString("base64");
        const leaks = [...findStrings(deployment, password, "$"), ...findStrings(deployment, b64, "$")];
        assert.deepStrictEqual(leaks, [], "the secret (plain or base64) is readable in `pulumi stack export`");
        assert.ok(!text.includes(password) && !text.includes(b64));
        const secretRes = deployment.deployment.resources.find((r) => r.type === "kubernetes:core/v1:Secret");
        assert.ok(secretRes, "Secret resource missing from the state");
        // The provider marks the secret's data as secret in both inputs and outputs.
        assert.ok(JSON.stringify(secretRes.inputs).includes("4dabf18193072939515e22adb298388d"), "inputs.stringData should be a secret value");
        assert.ok(JSON.stringify(secretRes.outputs).includes("4dabf18193072939515e22adb298388d"), "outputs should hold secret values");
    });

    it("destroy removes them all", async function () {
        const res = await project.destroy();
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(await h.getObject(cluster(), `/api/v1/namespaces/${NS}/configmaps/settings`), undefined, "configmap still exists");
        assert.strictEqual(await h.getObject(cluster(), `/api/v1/namespaces/${NS}/secrets/credentials`), undefined, "secret still exists");
        // The provider waited for the namespace controller to finish the namespace.
        assert.strictEqual(await h.getObject(cluster(), `/api/v1/namespaces/${NS}`), undefined, "namespace still exists");
        const after = await project.exportStack();
        assert.deepStrictEqual(
            (after.deployment.resources || []).filter((r) => r.type !== "pulumi:pulumi:Stack"),
            [],
            "state still holds resources",
        );
        await project.remove();
    });
});
