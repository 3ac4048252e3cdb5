// Case 14: Aiven for Apache Flink through the Aiven Kubernetes operator, on the local API server with the operator's
// real CRD (flinks.aiven.io of v0.44.0, with its CEL rules). No Aiven operator runs here: the test plays it, as the
// operator does once the service is up (it writes the connection Secret, then status.state RUNNING).
//  - AivenOperatorFlink creates the resource and `up` waits for RUNNING, then reads the connection from the Secret:
//    the password, URI and hosts are secrets in `pulumi stack export`.
//  - Each CEL transition rule of the CRD: the API server refuses a violating update, and the component refuses the
//    same change first, at preview, with the same meaning (the live object is left as it was).
//  - destroy with terminationProtection on is refused with a message that says what to do; off, it succeeds.
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");
const h = require("./harness");

const NS = "aiven-e2e";
const CRD_FILE = path.resolve(h.REPO, "..", "shared", "upstream", "aiven-operator-0.44.0", "crds", "aiven.io_flinks.yaml");
const CRD_NAME = "flinks.aiven.io";
const OBJ = `/apis/aiven.io/v1alpha1/namespaces/${NS}/flinks`;
const PASSWORD = "e2e-aiven-password-9f3b";

function program() {
    return `
"use strict";
const pulumi = require("@pulumi/pulumi");
const flink = require(${JSON.stringify(h.COMPONENTS)});
const cfg = new pulumi.Config();
const disabled = cfg.getBoolean("disabled");
const f = new flink.AivenOperatorFlink("my-flink", {
    namespace: ${JSON.stringify(NS)},
    project: cfg.get("project") || "my-aiven-project",
    plan: "business-4",
    cloudName: "google-europe-west1",
    authSecretRef: { name: "aiven-token", key: "token" },
    terminationProtection: cfg.getBoolean("protection"),
    userConfig: { flinkVersion: cfg.get("flinkVersion") || "1.20", customCode: cfg.getBoolean("customCode") || false, ipFilter: [{ network: "10.20.0.0/16" }] },
    connInfoSecretTarget: disabled ? undefined : { name: cfg.get("secretName") || "flink-secret", labels: { app: "orders" } },
    ...(disabled === undefined ? {} : { connInfoSecretTargetDisabled: disabled }),
    awaitTimeoutSeconds: 240,
});
exports.state = f.state;
exports.host = f.host;
exports.user = f.user;
exports.password = f.password;
exports.uri = f.uri;
exports.hosts = f.hosts;
exports.connectionSecretName = f.connectionSecretName;
`;
}

const b64 = (s) => Buffer.from(s).toString("base64");

/** Plays the Aiven operator for my-flink: once the resource exists, the connection Secret, then status RUNNING. */
async function playOperator(cluster) {
    const obj = await h.eventually("the Flink resource on the API server", () => h.getObject(cluster, `${OBJ}/my-flink`), 120_000);
    const prefix = "FLINK_";
    const data = {
        HOST: "my-flink-e2e.aivencloud.com",
        USER: "avnadmin",
        PASSWORD,
        URI: `https://avnadmin:${PASSWORD}@my-flink-e2e.aivencloud.com:443`,
        HOSTS: "my-flink-e2e-1.aivencloud.com:443,my-flink-e2e-2.aivencloud.com:443",
    };
    const secret = {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: obj.spec.connInfoSecretTarget.name, namespace: NS },
        type: "Opaque",
        data: Object.fromEntries(Object.entries(data).map(([k, v]) => [prefix + k, b64(v)])),
    };
    const res = await cluster.request("POST", `/api/v1/namespaces/${NS}/secrets`, secret);
    assert.ok([201, 409].includes(res.status), `POST Secret: HTTP ${res.status} ${res.text.slice(0, 300)}`);
    const st = await cluster.request("PATCH", `${OBJ}/my-flink/status`, {
        status: {
            state: "RUNNING",
            conditions: [
                {
                    type: "Running",
                    status: "True",
                    reason: "CheckRunning",
                    message: "Instance is running on Aiven side",
                    lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
                },
            ],
        },
    });
    assert.strictEqual(st.status, 200, `PATCH status: HTTP ${st.status} ${st.text.slice(0, 300)}`);
}

describe("e2e 14: Aiven for Apache Flink through the Aiven operator's Flink resource", function () {
    let project;
    const cluster = () => h.state.cluster;

    before(async function () {
        h.requireComponentsBuilt();
        assert.ok(fs.existsSync(CRD_FILE), `the Aiven operator's CRD is missing at ${CRD_FILE}`);
        const crd = YAML.parse(fs.readFileSync(CRD_FILE, "utf8"));
        const res = await cluster().request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        assert.ok([201, 409].includes(res.status), `POST CRD: HTTP ${res.status} ${res.text.slice(0, 300)}`);
        await h.eventually(
            "the Aiven Flink CRD established",
            async () => {
                const c = await h.getObject(cluster(), `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`);
                return c && (c.status.conditions || []).some((x) => x.type === "Established" && x.status === "True");
            },
            60_000,
        );
        const ns = await cluster().request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
        assert.ok([201, 409].includes(ns.status), `POST Namespace: HTTP ${ns.status}`);
        project = await h.newProject("aiven-operator", program());
    });

    after(async function () {
        if (project) await project.remove();
        await cluster().request("DELETE", `/api/v1/namespaces/${NS}`);
        await cluster().request("DELETE", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`);
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog(120)}\n`);
    });

    it("up creates the resource, waits for RUNNING (the test plays the operator) and reads the connection as secrets", async function () {
        const [res] = await Promise.all([project.up(), playOperator(cluster())]);
        assert.strictEqual(res.summary.result, "succeeded");
        const o = res.outputs;
        assert.strictEqual(o.state.value, "RUNNING");
        assert.strictEqual(o.host.value, "my-flink-e2e.aivencloud.com");
        assert.strictEqual(o.host.secret, false);
        assert.strictEqual(o.user.value, "avnadmin");
        assert.strictEqual(o.connectionSecretName.value, "flink-secret");
        for (const k of ["password", "uri", "hosts"]) assert.strictEqual(o[k].secret, true, `${k} is a secret`);
        assert.strictEqual(o.password.value, PASSWORD);
        assert.deepStrictEqual(o.hosts.value, ["my-flink-e2e-1.aivencloud.com:443", "my-flink-e2e-2.aivencloud.com:443"]);

        const live = await h.getObject(cluster(), `${OBJ}/my-flink`);
        assert.strictEqual(live.spec.terminationProtection, true, "terminationProtection defaults to true");
        assert.deepStrictEqual(live.spec.userConfig, { flink_version: "1.20", custom_code: false, ip_filter: [{ network: "10.20.0.0/16" }] });
        assert.strictEqual(live.metadata.annotations["pulumi.com/waitFor"], "jsonpath={.status.state}=RUNNING");

        // As a user runs it: the secrets are ciphertext, and the password appears nowhere in clear (nor base64).
        const exported = await project.exportStack();
        const text = JSON.stringify(exported);
        assert.ok(!text.includes(PASSWORD) && !text.includes(b64(PASSWORD)), "the password leaked into the state");
        const stack = exported.deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack");
        for (const k of ["password", "uri", "hosts"])
            assert.ok(stack.outputs[k] && stack.outputs[k].ciphertext, `stack output ${k} is not a secret: ${JSON.stringify(stack.outputs[k])}`);
        assert.strictEqual(stack.outputs.host, "my-flink-e2e.aivencloud.com");
    });

    // Each CEL transition rule of the CRD: [config key, new value, the CEL message the API server gives, the patch].
    const CEL = [
        ["project", "other-project", "Value is immutable", { spec: { project: "other-project" } }],
        ["flinkVersion", "1.19", "Value is immutable", { spec: { userConfig: { flink_version: "1.19" } } }],
        ["customCode", "true", "Value is immutable", { spec: { userConfig: { custom_code: true } } }],
        ["secretName", "other-secret", "Value is immutable", { spec: { connInfoSecretTarget: { name: "other-secret" } } }],
        ["disabled", "true", "connInfoSecretTargetDisabled can only be set during resource creation.", { spec: { connInfoSecretTargetDisabled: true } }],
    ];
    for (const [key, value, celMessage, patch] of CEL) {
        it(`CEL "${celMessage}" (${key}): the API server refuses the update, and the component refuses it first, at preview`, async function () {
            const before = await h.getObject(cluster(), `${OBJ}/my-flink`);
            const res = await cluster().request("PATCH", `${OBJ}/my-flink`, patch);
            assert.strictEqual(res.status, 422, `the API server accepted ${JSON.stringify(patch)}: HTTP ${res.status}`);
            assert.ok(res.text.includes(celMessage), `API server message: ${res.text.slice(0, 400)}`);

            await project.stack.setConfig(key, { value });
            try {
                await assert.rejects(project.preview(), (err) => {
                    const msg = String(err && err.message);
                    assert.match(msg, /\[aiven-immutable-field\]/, msg.slice(-2000));
                    assert.ok(msg.includes(celMessage), `component message lacks the CRD's meaning "${celMessage}": ${msg.slice(-2000)}`);
                    return true;
                });
            } finally {
                await project.stack.removeConfig(key);
            }
            const after = await h.getObject(cluster(), `${OBJ}/my-flink`);
            assert.deepStrictEqual(after.spec, before.spec, "nothing changed on the API server");
        });
    }

    it("serviceIntegrations (a CEL rule too): the API server refuses a change; the component takes no serviceIntegrations at all", async function () {
        const res = await cluster().request("PATCH", `${OBJ}/my-flink`, {
            spec: { serviceIntegrations: [{ integrationType: "read_replica", sourceServiceName: "x" }] },
        });
        // Unset before: CEL's self == oldSelf does not apply to a field missing on one side, so the API server takes it.
        // The component and the CLI refuse any (aiven-unknown-field / aiven-service-integrations): Aiven accepts none for Flink.
        assert.strictEqual(res.status, 200, res.text.slice(0, 300));
        const change = await cluster().request("PATCH", `${OBJ}/my-flink`, {
            spec: { serviceIntegrations: [{ integrationType: "read_replica", sourceServiceName: "y" }] },
        });
        assert.strictEqual(change.status, 422, change.text.slice(0, 300));
        assert.ok(change.text.includes("Value is immutable"));
        const { validate } = require(path.join(h.COMPONENTS, "rules"));
        const live = await h.getObject(cluster(), `${OBJ}/my-flink`);
        assert.ok(validate([{ doc: live }]).findings.some((f) => f.rule === "aiven-service-integrations" && f.path === "spec.serviceIntegrations"));
        // Back as the program has it (a JSON merge patch with null removes the field).
        const undo = await cluster().request("PATCH", `${OBJ}/my-flink`, { spec: { serviceIntegrations: null } });
        assert.strictEqual(undo.status, 200, undo.text.slice(0, 300));
    });

    it("the policy pack holds kubernetes:aiven.io/v1alpha1:Flink to termination protection and the ip filter, however it is made", async function () {
        // Component, raw CustomResource, yaml.ConfigGroup: one preview with the real pack; nothing is created.
        const spec = (name) => ({
            project: "my-aiven-project",
            plan: "business-4",
            userConfig: { ip_filter: [{ network: "0.0.0.0/1" }, { network: "128.0.0.0/1" }] },
            connInfoSecretTarget: { name },
        });
        const pp = await h.newProject(
            "aiven-operator-policies",
            `
"use strict";
const k8s = require("@pulumi/kubernetes");
const flink = require(${JSON.stringify(h.COMPONENTS)});
new flink.AivenOperatorFlink("by-component", { namespace: ${JSON.stringify(NS)}, project: "my-aiven-project", plan: "business-4", terminationProtection: false, skipAwait: true,
    userConfig: { ipFilter: [{ network: "0.0.0.0/0" }] } });
new k8s.apiextensions.CustomResource("by-custom-resource", { apiVersion: "aiven.io/v1alpha1", kind: "Flink", metadata: { name: "by-custom-resource", namespace: ${JSON.stringify(NS)} }, spec: ${JSON.stringify(spec("s1"))} });
new k8s.yaml.ConfigGroup("by-yaml", { objs: [{ apiVersion: "aiven.io/v1alpha1", kind: "Flink", metadata: { name: "by-yaml", namespace: ${JSON.stringify(NS)} }, spec: ${JSON.stringify(spec("s2"))} }] });
`,
        );
        const events = [];
        try {
            await pp.preview({ policyPacks: [path.join(h.REPO, "policies")], onEvent: (e) => e.policyEvent && events.push(e.policyEvent) });
        } catch (e) {
            if (!/mandatory|policy/i.test(String(e && e.message))) throw e;
        }
        await pp.remove();
        const got = events
            .filter(
                (e) =>
                    e.policyPackName === "pulumi-flink" &&
                    /aiven\.io\/v1alpha1:Flink::/.test(e.resourceUrn) &&
                    /^aiven-(termination-protection|ip-filter-not-open)$/.test(e.policyName),
            )
            .map((e) => `${e.policyName} ${e.resourceUrn.split("::").pop().split("/").pop()}`)
            .sort();
        assert.deepStrictEqual(
            [...new Set(got)],
            [
                "aiven-ip-filter-not-open by-component",
                "aiven-ip-filter-not-open by-custom-resource",
                "aiven-ip-filter-not-open by-yaml",
                "aiven-termination-protection by-component",
                "aiven-termination-protection by-custom-resource",
                "aiven-termination-protection by-yaml",
            ],
            JSON.stringify(
                events.map((e) => [e.policyName, e.resourceUrn, e.message.slice(0, 200)]),
                null,
                1,
            ),
        );
        const tp = events.find((e) => e.policyName === "aiven-termination-protection");
        assert.match(tp.message, /spec\.terminationProtection/);
    });

    it("destroy with terminationProtection on is refused, saying what to do; the resource stays", async function () {
        await assert.rejects(project.destroy(), (err) => {
            const msg = String(err && err.message);
            assert.match(msg, /cannot delete Flink service .*my-flink: terminationProtection is on/, msg.slice(-2000));
            assert.match(msg, /set terminationProtection: false and run pulumi up/);
            return true;
        });
        assert.ok(await h.getObject(cluster(), `${OBJ}/my-flink`), "the Flink resource was deleted");
    });

    it("with terminationProtection false (pulumi up first), destroy deletes the resource", async function () {
        await project.stack.setConfig("protection", { value: "false" });
        const up = await project.up();
        assert.strictEqual(up.summary.result, "succeeded");
        assert.strictEqual((await h.getObject(cluster(), `${OBJ}/my-flink`)).spec.terminationProtection, false);
        const res = await project.destroy();
        assert.strictEqual(res.summary.result, "succeeded");
        await h.eventually("the Flink resource gone", async () => (await h.getObject(cluster(), `${OBJ}/my-flink`)) === undefined, 60_000);
    });
});
