/**
 * AivenOperatorFlink (the Aiven operator's aiven.io/v1alpha1 Flink resource) under mocks, and the Aiven operator's
 * resource in the CLI and the policy pack: one rule table with AivenFlink, the rendered resource, readiness, the
 * connection keys the operator writes, the CEL transition guard and the protection guard.
 */
import "../support/aiven-mocks";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { deferredFailure, registered, resetRegistered, settle, valueOf } from "../support/mocks";
import { AivenFlink, AivenOperatorFlink, AivenOperatorFlinkArgs, FlinkValidationError } from "../../components";
import { validate } from "../../components/rules";
import { connectionFromSecret, operatorGuardProvider, OPERATOR_SECRET_KEYS } from "../../components/aiven/operator-flink";
import { runValidate } from "../../components/cli/main";
import { aivenIpFilterNotOpen, aivenTerminationProtection } from "../../policies/policies";
import { UNKNOWN_VALUE, remediate, violations } from "./policies/harness";

const CR_TYPE = "kubernetes:aiven.io/v1alpha1:Flink";
const args = (extra: Partial<AivenOperatorFlinkArgs> = {}): AivenOperatorFlinkArgs => ({
    project: "my-aiven-project",
    plan: "business-4",
    cloudName: "google-europe-west1",
    authSecretRef: { name: "aiven-token", key: "token" },
    userConfig: { flinkVersion: "1.20", numberOfTaskSlots: 4, customCode: false, ipFilter: [{ network: "10.20.0.0/16", description: "apps" }] },
    connInfoSecretTarget: { name: "flink-secret", labels: { baz: "egg" }, annotations: { foo: "bar" } },
    ...extra,
});
const rendered = () => {
    const r = registered.filter((x) => x.type === CR_TYPE);
    assert.strictEqual(r.length, 1, registered.map((x) => x.type).join("\n"));
    return r[0].inputs;
};
function refusal(fn: () => void): FlinkValidationError {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof FlinkValidationError, String(e));
        return e;
    }
    assert.fail("expected a FlinkValidationError");
}

describe("AivenOperatorFlink", () => {
    beforeEach(resetRegistered);

    it("renders the operator's Flink resource: CR spelling, terminationProtection true by default, readiness on RUNNING", async () => {
        new AivenOperatorFlink(
            "my-flink",
            args({ namespace: "apps", diskSpace: "80GiB", projectVpcId: "my-aiven-project/1b2c3d4e-aaaa-bbbb-cccc-000000000000" }),
        );
        await settle();
        const cr = rendered();
        assert.strictEqual(cr.apiVersion, "aiven.io/v1alpha1");
        assert.strictEqual(cr.kind, "Flink");
        assert.deepStrictEqual(cr.metadata, {
            name: "my-flink",
            namespace: "apps",
            annotations: { "pulumi.com/waitFor": "jsonpath={.status.state}=RUNNING", "pulumi.com/timeoutSeconds": "1800" },
        });
        assert.strictEqual(cr.spec.terminationProtection, true);
        assert.strictEqual(cr.spec.disk_space, "80GiB");
        assert.strictEqual(cr.spec.projectVpcId, "1b2c3d4e-aaaa-bbbb-cccc-000000000000");
        assert.deepStrictEqual(cr.spec.userConfig, {
            flink_version: "1.20",
            number_of_task_slots: 4,
            custom_code: false,
            ip_filter: [{ network: "10.20.0.0/16", description: "apps" }],
        });
        assert.deepStrictEqual(cr.spec.connInfoSecretTarget, { name: "flink-secret", labels: { baz: "egg" }, annotations: { foo: "bar" } });
        // What it renders is a valid manifest for the same rules (the CLI and the policy pack see the same findings).
        assert.deepStrictEqual(validate([{ doc: cr }]).findings, []);
    });

    it("terminationProtection: an Output resolving to undefined keeps the default; false is sent", async () => {
        new AivenOperatorFlink("a", args({ terminationProtection: pulumi.output(undefined) as any }));
        await settle();
        assert.strictEqual(rendered().spec.terminationProtection, true);
        resetRegistered();
        new AivenOperatorFlink("b", args({ terminationProtection: false }));
        await settle();
        assert.strictEqual(rendered().spec.terminationProtection, false);
    });

    it("skipAwait: no readiness wait, and the connection Secret is not read", async () => {
        const f = new AivenOperatorFlink("my-flink", args({ skipAwait: true }));
        await settle();
        assert.deepStrictEqual(rendered().metadata.annotations, { "pulumi.com/skipAwait": "true" });
        assert.ok(!registered.some((r) => r.type === "kubernetes:core/v1:Secret"));
        assert.strictEqual(await valueOf(f.connectionSecretName), "flink-secret");
        assert.strictEqual(await valueOf(f.password), undefined);
    });

    it("reads the connection Secret the operator writes, once the resource is ready, after it", async () => {
        new AivenOperatorFlink("my-flink", args({ namespace: "apps" }));
        await settle();
        const read = registered.filter((r) => r.type === "kubernetes:core/v1:Secret");
        assert.strictEqual(read.length, 1);
        assert.strictEqual(read[0].name, "my-flink-connection");
    });

    it("connInfoSecretTargetDisabled: no Secret read, connection outputs unset", async () => {
        const f = new AivenOperatorFlink("my-flink", args({ connInfoSecretTarget: undefined, connInfoSecretTargetDisabled: true }));
        await settle();
        assert.ok(!registered.some((r) => r.type === "kubernetes:core/v1:Secret"));
        assert.strictEqual(await valueOf(f.connectionSecretName), undefined);
        assert.strictEqual(await valueOf(f.host), undefined);
    });

    it("the keys the operator writes (no PORT), decoded; the port is only in uri and hosts", () => {
        assert.deepStrictEqual([...OPERATOR_SECRET_KEYS], ["HOST", "USER", "PASSWORD", "URI", "HOSTS"]);
        const b64 = (s: string) => Buffer.from(s).toString("base64");
        const c = connectionFromSecret(
            {
                F_HOST: b64("h.aivencloud.com"),
                F_USER: b64("avnadmin"),
                F_PASSWORD: b64("pw"),
                F_URI: b64("https://avnadmin:pw@h.aivencloud.com:443"),
                F_HOSTS: b64("h1:443,h2:443"),
            },
            "F_",
        );
        assert.deepStrictEqual(c, {
            host: "h.aivencloud.com",
            user: "avnadmin",
            password: "pw",
            uri: "https://avnadmin:pw@h.aivencloud.com:443",
            hosts: ["h1:443", "h2:443"],
        });
        assert.deepStrictEqual(connectionFromSecret(undefined, "FLINK_"), {
            host: undefined,
            user: undefined,
            password: undefined,
            uri: undefined,
            hosts: undefined,
        });
    });

    // The same table as AivenFlink: the same mistake gets the same rule on both components.
    const SHARED: [string, Partial<AivenOperatorFlinkArgs>, string, string][] = [
        ["no plan", { plan: "" }, "aiven-plan", "plan"],
        ["project with a dot", { project: "my.project" }, "aiven-project", "project"],
        ["task slots 0", { userConfig: { numberOfTaskSlots: 0 } }, "aiven-task-slots", "userConfig.numberOfTaskSlots"],
        ["snake_case userConfig key", { userConfig: { number_of_task_slots: 4 } as any }, "aiven-unknown-field", "userConfig.number_of_task_slots"],
        ["maintenance day", { maintenanceWindowDow: "Sunday" }, "aiven-maintenance-window-dow", "maintenanceWindowDow"],
        ["ip filter no CIDR", { userConfig: { ipFilter: [{ network: "10.20.0/16" }] } }, "aiven-ip-filter", "userConfig.ipFilter[0].network"],
        ["flink version with patch", { userConfig: { flinkVersion: "1.20.1" } }, "aiven-flink-version", "userConfig.flinkVersion"],
        ["secret name", { connInfoSecretTarget: { name: "Flink_Secret" } }, "aiven-conn-info-secret-target", "connInfoSecretTarget.name"],
    ];
    for (const [title, extra, rule, p] of SHARED) {
        it(`refuses ${title} before registering anything, with the rule AivenFlink uses (${rule})`, () => {
            const op = refusal(() => new AivenOperatorFlink("my-flink", args(extra)));
            assert.ok(
                op.issues.some((i) => i.rule === rule && i.path === p),
                JSON.stringify(op.issues),
            );
            const { authSecretRef, ...shared } = args(extra) as any;
            if (shared.connInfoSecretTarget) shared.connInfoSecretTarget = { ...shared.connInfoSecretTarget };
            const af = refusal(() => new AivenFlink("my-flink", shared));
            assert.ok(
                af.issues.some((i) => i.rule === rule && i.path === p),
                JSON.stringify(af.issues),
            );
            assert.deepStrictEqual(registered, []);
        });
    }

    it("refuses what only the operator's resource refuses: projectVpcId with projectVpcRef, an authSecretRef without key", () => {
        const e = refusal(
            () =>
                new AivenOperatorFlink(
                    "my-flink",
                    args({ projectVpcId: "1b2c3d4e", projectVpcRef: { name: "vpc" }, authSecretRef: { name: "aiven-token", key: "" } }),
                ),
        );
        assert.deepStrictEqual(e.issues.map((i) => i.rule).sort(), ["aiven-auth-secret-ref", "aiven-project-vpc"]);
        assert.match(e.message, /webhook refuses/);
    });

    it("the transition guard refuses each CEL rule's change and lets an unchanged or new resource through", async () => {
        const rules = (await import("../../components/rules")).TRANSITION_RULES.map((r) => ({
            path: r.path,
            display: r.path,
            cel: r.cel,
            celMessage: r.celMessage,
            hint: r.hint,
            presence: r.cel.startsWith("has("),
        }));
        const inputs = (fields: object, resource = "apps/my-flink") => ({ role: "transitions", resource, kind: "AivenOperatorFlink", fields, rules });
        const old = {
            project: "p",
            "connInfoSecretTarget.name": "s",
            "userConfig.flinkVersion": "1.20",
            "userConfig.customCode": false,
            serviceIntegrations: undefined,
            connInfoSecretTargetDisabled: undefined,
        };
        const check = async (next: object, resource?: string) =>
            (await operatorGuardProvider.check!(inputs(old), inputs({ ...old, ...next }, resource))).failures ?? [];
        assert.deepStrictEqual(await check({}), []);
        for (const [change, cel] of [
            [{ project: "q" }, "self == oldSelf"],
            [{ "connInfoSecretTarget.name": "t" }, "self == oldSelf"],
            [{ "userConfig.flinkVersion": "1.19" }, "self == oldSelf"],
            [{ "userConfig.customCode": true }, "self == oldSelf"],
            [{ connInfoSecretTargetDisabled: true }, "has(oldSelf.connInfoSecretTargetDisabled)"],
        ] as const) {
            const f = await check(change);
            assert.ok(
                f.some((x) => x.reason.includes(cel) && x.reason.includes("[aiven-immutable-field]")),
                JSON.stringify(f),
            );
        }
        // Another resource (a new name): no transition.
        assert.deepStrictEqual(await check({ project: "q" }, "apps/other"), []);
    });

    it("a secret in any string arg reaches no message (validation, the transition guard)", async () => {
        const SECRET = "s3cr3t-Value..@";
        for (const extra of [
            { project: pulumi.secret(SECRET) },
            { plan: pulumi.secret(SECRET.repeat(10)) },
            { maintenanceWindowTime: pulumi.secret(SECRET) },
            { userConfig: { flinkVersion: pulumi.secret(SECRET) } },
            { connInfoSecretTarget: { name: pulumi.secret(SECRET) } },
        ] as Partial<AivenOperatorFlinkArgs>[]) {
            const err = await deferredFailure(() => new AivenOperatorFlink("my-flink", args(extra)));
            assert.ok(err instanceof FlinkValidationError, String(err));
            assert.ok(!err.message.includes(SECRET) && !JSON.stringify(err.issues).includes(SECRET), err.message);
        }
        const rules = (await import("../../components/rules")).TRANSITION_RULES.map((r) => ({
            path: r.path,
            display: r.path,
            cel: r.cel,
            celMessage: r.celMessage,
            hint: r.hint,
            presence: r.cel.startsWith("has("),
        }));
        const f = await operatorGuardProvider.check!(
            { role: "transitions", resource: "x", fields: { project: "old-" + SECRET }, rules },
            { role: "transitions", resource: "x", fields: { project: SECRET }, rules },
        );
        assert.strictEqual(f.failures!.length, 1);
        assert.ok(!f.failures![0].reason.includes(SECRET), f.failures![0].reason);
    });

    it("the protection guard refuses delete while terminationProtection is on, and allows it once off", async () => {
        await assert.rejects(
            operatorGuardProvider.delete!("id", { role: "protection", resource: "apps/my-flink", terminationProtection: true }),
            /terminationProtection is on.*set terminationProtection: false and run pulumi up/,
        );
        await operatorGuardProvider.delete!("id", { role: "protection", resource: "apps/my-flink", terminationProtection: false });
        await operatorGuardProvider.delete!("id", { role: "transitions", resource: "apps/my-flink" });
    });
});

describe("the Aiven operator's Flink resource in the CLI and the policy pack", () => {
    const manifest = (spec: object) => ({
        apiVersion: "aiven.io/v1alpha1",
        kind: "Flink",
        metadata: { name: "my-flink" },
        spec: { project: "p", plan: "business-4", terminationProtection: true, userConfig: { ip_filter: [{ network: "10.0.0.0/8" }] }, ...spec },
    });

    it("pulumi-flink validate checks aiven.io/v1alpha1 Flink manifests with the Aiven rules, at the manifest's paths", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aiven-cli-"));
        const file = path.join(dir, "flink.yaml");
        fs.writeFileSync(file, JSON.stringify(manifest({ userConfig: { number_of_task_slots: 0 } })));
        let out = "";
        let err = "";
        const code = runValidate(["--json", file], { out: (s: string) => (out += s), err: (s: string) => (err += s) } as any);
        const rows = JSON.parse(out);
        assert.notStrictEqual(code, 0);
        assert.deepStrictEqual(
            rows.map((r: any) => [r.kind, r.rule, r.path]),
            [["Flink", "aiven-task-slots", "spec.userConfig.number_of_task_slots"]],
        );
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("aiven-termination-protection holds for kubernetes:aiven.io/v1alpha1:Flink (CustomResource, YAML), with remediation", async () => {
        const input = { type: CR_TYPE, props: manifest({ terminationProtection: undefined }), name: "my-flink" };
        const v = await violations(aivenTerminationProtection, input);
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /spec\.terminationProtection unset/);
        const fixed = await remediate(aivenTerminationProtection, input);
        assert.strictEqual(fixed?.spec.terminationProtection, true);
        assert.strictEqual(fixed?.spec.project, "p");
        assert.deepStrictEqual(await violations(aivenTerminationProtection, { ...input, props: fixed! }), []);
        assert.deepStrictEqual(await violations(aivenTerminationProtection, { type: CR_TYPE, props: manifest({}) }), []);
        assert.deepStrictEqual(
            await violations(aivenTerminationProtection, { type: CR_TYPE, props: manifest({ terminationProtection: UNKNOWN_VALUE }), preview: true }),
            [],
        );
    });

    it("a CustomResourcePatch of it (FlinkPatch): reported when it turns protection off or opens the filter, not for what it leaves out", async () => {
        const PATCH = "kubernetes:aiven.io/v1alpha1:FlinkPatch";
        const patch = (spec: object) => ({
            type: PATCH,
            name: "p",
            props: { apiVersion: "aiven.io/v1alpha1", kind: "Flink", metadata: { name: "my-flink" }, spec },
        });
        assert.deepStrictEqual(await violations(aivenTerminationProtection, patch({ plan: "business-8" })), []);
        const off = await violations(aivenTerminationProtection, patch({ terminationProtection: false }));
        assert.strictEqual(off.length, 1);
        assert.match(off[0], /spec\.terminationProtection false/);
        assert.strictEqual((await remediate(aivenTerminationProtection, patch({ terminationProtection: false })))?.spec.terminationProtection, true);
        assert.strictEqual(await remediate(aivenTerminationProtection, patch({ plan: "business-8" })), undefined);
        assert.strictEqual((await violations(aivenIpFilterNotOpen, patch({ userConfig: { ip_filter: [{ network: "::/0" }] } }))).length, 1);
        assert.deepStrictEqual(await violations(aivenIpFilterNotOpen, { ...patch({ plan: "business-8" }), config: { requireIpFilter: true } }), []);
    });

    it("aiven-ip-filter-not-open holds for the operator's resource: one open entry, halves, and requireIpFilter", async () => {
        const open = await violations(aivenIpFilterNotOpen, {
            type: CR_TYPE,
            props: manifest({ userConfig: { ip_filter: [{ network: "10.0.0.0/8" }, { network: "0/0" }] } }),
        });
        assert.strictEqual(open.length, 1);
        assert.match(open[0], /spec\.userConfig\.ip_filter\[1\]\.network/);
        const halves = await violations(aivenIpFilterNotOpen, {
            type: CR_TYPE,
            props: manifest({ userConfig: { ip_filter: [{ network: "0.0.0.0/1" }, { network: "128.0.0.0/1" }] } }),
        });
        assert.strictEqual(halves.length, 1);
        assert.deepStrictEqual(await violations(aivenIpFilterNotOpen, { type: CR_TYPE, props: manifest({}) }), []);
        const none = await violations(aivenIpFilterNotOpen, { type: CR_TYPE, props: manifest({ userConfig: {} }), config: { requireIpFilter: true } });
        assert.strictEqual(none.length, 1);
        assert.match(none[0], /spec\.userConfig\.ip_filter/);
    });
});
