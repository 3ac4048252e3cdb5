import "../support/aiven-mocks";
import * as assert from "assert";
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { registered, resetRegistered, settleUntil } from "../support/mocks";
import { applicationDeployment, savepointSnapshot, sessionJob } from "../support/fixtures";
import {
    AivenFlink,
    AivenFlinkJarApplication,
    AivenFlinkSqlApplication,
    FlinkDeployment,
    FlinkOperator,
    FlinkSessionJob,
    FlinkStateSnapshot,
} from "../../components";
import { parseLegacyFlinkConf } from "../../components/core/flink/config";
import { renderOperator } from "../../components/operator/values";
import { legacyConfProblem, renderFlatConf } from "../../components/core";
import { redact } from "../../components/base/secrets";

const FLINK = "aiven:index/flink:Flink";
const SECRET = "kubernetes:core/v1:Secret";

/** An Output not known (as at preview). */
function unknownOutput<T>(): pulumi.Output<T> {
    return new (pulumi.Output as any)(new Set(), Promise.resolve(undefined), Promise.resolve(false), Promise.resolve(false), Promise.resolve(new Set()));
}

/** Every message a run produces: warnings logged and errors raised (synchronously or on resolution). */
async function messagesOf(run: () => void, done: () => boolean): Promise<string[]> {
    const messages: string[] = [];
    const log = pulumi.log as any;
    const original = log.warn;
    log.warn = (msg: string) => {
        messages.push(msg);
        return Promise.resolve();
    };
    const onUnhandled = (err: any) => messages.push(String(err?.stack ?? err));
    process.on("unhandledRejection", onUnhandled);
    try {
        try {
            run();
        } catch (e) {
            messages.push(String((e as Error).stack ?? e));
        }
        await settleUntil(() => done() || messages.length > 0, 400);
    } finally {
        log.warn = original;
        process.off("unhandledRejection", onUnhandled);
    }
    return messages;
}

describe("hardening: components", () => {
    beforeEach(() => resetRegistered());

    describe("secrets never in messages", () => {
        const secretArb = fc.string({ minLength: 6, maxLength: 24, unit: "grapheme-ascii" }).map((s) => `Zq${s}9X`);

        it("redact replaces raw and escaped forms", () => {
            assert.strictEqual(redact(`value "a\\"b-secret" refused`, ['a"b-secret']), 'value "[secret]" refused');
        });

        it("FlinkDeployment: a secret in any string field of the spec, breaking rules, reaches no message", async () => {
            const fields: ((spec: any, v: pulumi.Output<string>) => void)[] = [
                (s, v) => {
                    s.flinkVersion = v;
                },
                (s, v) => {
                    s.image = v;
                },
                (s, v) => {
                    s.job.jarURI = v;
                },
                (s, v) => {
                    s.job.upgradeMode = v;
                },
                (s, v) => {
                    s.jobManager.resource.memory = v;
                },
                (s, v) => {
                    s.flinkConfiguration = { ...s.flinkConfiguration, "taskmanager.numberOfTaskSlots": v };
                },
                (s, v) => {
                    s.serviceAccount = v;
                },
                (s, v) => {
                    s.mode = v;
                },
            ];
            let n = 0;
            await fc.assert(
                fc.asyncProperty(secretArb, fc.integer({ min: 0, max: fields.length - 1 }), async (secret, field) => {
                    const spec = applicationDeployment().spec;
                    fields[field](spec, pulumi.secret(secret));
                    const messages = await messagesOf(
                        () => new FlinkDeployment(`sec-${n++}`, { spec, skipAwait: true }),
                        () => false,
                    );
                    for (const m of messages) assert.ok(!m.includes(secret), `secret leaked: ${m}`);
                }),
                { numRuns: 40 },
            );
        });

        it("FlinkSessionJob, FlinkStateSnapshot, FlinkOperator: a secret in any string field reaches no message", async () => {
            const makers: ((v: pulumi.Output<string>, i: number) => void)[] = [
                (v, i) => {
                    const s = sessionJob().spec;
                    s.job.jarURI = v;
                    new FlinkSessionJob(`sj${i}`, { spec: s, skipAwait: true });
                },
                (v, i) => {
                    const s = sessionJob().spec;
                    s.job.upgradeMode = v;
                    new FlinkSessionJob(`sj${i}`, { spec: s, skipAwait: true });
                },
                (v, i) => {
                    const s = sessionJob().spec;
                    s.job.entryClass = v;
                    new FlinkSessionJob(`sj${i}`, { spec: s, skipAwait: true });
                },
                (v, i) => {
                    const s = sessionJob().spec;
                    s.flinkConfiguration = { "taskmanager.numberOfTaskSlots": v };
                    new FlinkSessionJob(`sj${i}`, { spec: s, skipAwait: true });
                },
                (v, i) => {
                    const s = savepointSnapshot().spec;
                    s.savepoint.formatType = v;
                    new FlinkStateSnapshot(`ss${i}`, { spec: s, skipAwait: true });
                },
                (v, i) => {
                    const s = savepointSnapshot().spec;
                    s.jobReference.kind = v;
                    new FlinkStateSnapshot(`ss${i}`, { spec: s, skipAwait: true });
                },
                (v, i) => {
                    const s = savepointSnapshot().spec;
                    s.savepoint.path = v;
                    new FlinkStateSnapshot(`ss${i}`, { spec: s, skipAwait: true });
                },
                (v, i) => new FlinkOperator(`op${i}`, { namespace: v as any }),
                (v, i) => new FlinkOperator(`op${i}`, { watchNamespaces: [v as any] }),
                (v, i) => new FlinkOperator(`op${i}`, { operatorConfiguration: { "kubernetes.operator.leader-election.enabled": v as any } }),
                (v, i) => new FlinkOperator(`op${i}`, { flinkConfiguration: { "high-availability.storageDir": v as any } }),
            ];
            let n = 0;
            await fc.assert(
                fc.asyncProperty(
                    secretArb.map((s) => `${s}\n#: x`),
                    fc.integer({ min: 0, max: makers.length - 1 }),
                    async (secret, which) => {
                        const i = n++;
                        const messages = await messagesOf(
                            () => makers[which](pulumi.secret(secret), i),
                            () => false,
                        );
                        for (const m of messages) for (const piece of [secret, secret.slice(0, -6)]) assert.ok(!m.includes(piece), `secret leaked: ${m}`);
                    },
                ),
                { numRuns: 40 },
            );
        });

        it("AivenFlink and applications: a secret in any string arg reaches no message", async () => {
            const makers: ((v: pulumi.Output<string>, i: number) => void)[] = [
                (v, i) => new AivenFlink(`a${i}`, { project: v, plan: "business-4" }),
                (v, i) => new AivenFlink(`a${i}`, { project: "p", plan: v }),
                (v, i) => new AivenFlink(`a${i}`, { project: "p", plan: "business-4", cloudName: v }),
                (v, i) => new AivenFlink(`a${i}`, { project: "p", plan: "business-4", maintenanceWindowTime: v }),
                (v, i) => new AivenFlink(`a${i}`, { project: "p", plan: "business-4", userConfig: { flinkVersion: v } }),
                (v, i) => new AivenFlink(`a${i}`, { project: "p", plan: "business-4", technicalEmails: [{ email: v }] } as any),
                (v, i) => new AivenFlinkSqlApplication(`s${i}`, { project: v, serviceName: "s", statement: "SELECT 1" }),
                (v, i) => new AivenFlinkSqlApplication(`s${i}`, { project: "p", serviceName: v, statement: "SELECT 1" }),
                (v, i) => new AivenFlinkSqlApplication(`s${i}`, { project: "p", serviceName: "s", statement: "SELECT 1", applicationName: v }),
                (v, i) => new AivenFlinkSqlApplication(`s${i}`, { project: "p", serviceName: "s", statement: v }),
                (v, i) => new AivenFlinkJarApplication(`j${i}`, { project: "p", serviceName: "s", jarPath: v }),
                (v, i) =>
                    new AivenFlinkJarApplication(`j${i}`, {
                        project: "p",
                        serviceName: "s",
                        jarPath: "/tmp/x.jar",
                        entryClass: v,
                        deployment: { startingSavepoint: v },
                    }),
                (v, i) => new AivenFlink(`a${i}`, { project: "p", plan: "business-4", connInfoSecretTarget: { name: v, prefix: v } }),
            ];
            let n = 0;
            await fc.assert(
                fc.asyncProperty(
                    secretArb.map((s) => `bad..${s} @`),
                    fc.integer({ min: 0, max: makers.length - 1 }),
                    async (secret, which) => {
                        const i = n++;
                        const messages = await messagesOf(
                            () => makers[which](pulumi.secret(secret), i),
                            () => false,
                        );
                        for (const m of messages) assert.ok(!m.includes(secret), `secret leaked: ${m}`);
                    },
                ),
                { numRuns: 40 },
            );
        });
    });

    describe("unset is unset, however it arrives", () => {
        const forms: [string, () => any][] = [
            ["undefined", () => undefined],
            ["null", () => null],
            ["Output(undefined)", () => pulumi.output(undefined)],
            ["Output(null)", () => pulumi.output(null)],
            ["Promise(undefined)", () => Promise.resolve(undefined)],
        ];
        const inputs = (type: string, name: string) => registered.find((r) => r.type === type && r.name === name)?.inputs;
        for (const [label, make] of forms) {
            const id = label.toLowerCase().replace(/[^a-z]/g, "");
            it(`AivenFlink terminationProtection ${label}: true`, async () => {
                new AivenFlink(`tp-${id}`, { project: "p", plan: "business-4", terminationProtection: make() });
                await settleUntil(() => inputs(FLINK, `tp-${id}`) !== undefined);
                assert.strictEqual(inputs(FLINK, `tp-${id}`).terminationProtection, true);
            });
            it(`AivenFlink serviceName ${label}: the resource name`, async () => {
                new AivenFlink(`sn-${id}`, { project: "p", plan: "business-4", serviceName: make() });
                await settleUntil(() => inputs(FLINK, `sn-${id}`) !== undefined);
                assert.strictEqual(inputs(FLINK, `sn-${id}`).serviceName, `sn-${id}`);
            });
            it(`AivenFlink connInfoSecretTarget ${label}: FLINK_ keys, Secret named after the resource`, async () => {
                const name = `ct-${label.toLowerCase().replace(/[^a-z]/g, "")}`;
                new AivenFlink(name, { project: "p", plan: "business-4", connInfoSecretTarget: make() });
                await settleUntil(() => inputs(SECRET, `${name}-connection`) !== undefined);
                const secret = inputs(SECRET, `${name}-connection`);
                assert.strictEqual(secret.metadata.name, name);
                const data = secret.stringData.value ?? secret.stringData;
                assert.deepStrictEqual(Object.keys(data).sort(), ["FLINK_HOST", "FLINK_HOSTS", "FLINK_PASSWORD", "FLINK_PORT", "FLINK_URI", "FLINK_USER"]);
            });
            it(`AivenFlink connInfoSecretTarget.prefix ${label}: FLINK_`, async () => {
                const name = `cp-${label.toLowerCase().replace(/[^a-z]/g, "")}`;
                new AivenFlink(name, { project: "p", plan: "business-4", connInfoSecretTarget: { name: "conn", prefix: make() } });
                await settleUntil(() => inputs(SECRET, `${name}-connection`) !== undefined);
                const data = inputs(SECRET, `${name}-connection`).stringData;
                assert.ok(Object.keys(data.value ?? data).includes("FLINK_HOST"), JSON.stringify(Object.keys(data.value ?? data)));
            });
            it(`FlinkDeployment highAvailability.type ${label}: kubernetes`, async () => {
                const name = `ha-${id}`;
                const spec = applicationDeployment().spec;
                delete spec.flinkConfiguration["high-availability.type"];
                delete spec.flinkConfiguration["high-availability"];
                new FlinkDeployment(name, { spec, skipAwait: true, highAvailability: { storageDir: "s3://b/ha", type: make() } });
                await settleUntil(() => registered.some((r) => r.name === name && r.type.startsWith("kubernetes:flink.apache.org/")));
                const cr = registered.find((r) => r.name === name && r.type.startsWith("kubernetes:flink.apache.org/"))!;
                const conf = cr.inputs.spec.flinkConfiguration;
                assert.strictEqual(conf["high-availability.type"] ?? conf["high-availability"], "kubernetes", JSON.stringify(conf));
            });
            it(`AivenFlinkSqlApplication applicationName ${label}: the resource name`, async () => {
                const name = `an-${id}`;
                new AivenFlinkSqlApplication(name, { project: "p", serviceName: "s", statement: "SELECT 1", applicationName: make() });
                await settleUntil(() => inputs("aiven:index/flinkApplication:FlinkApplication", name) !== undefined);
                assert.strictEqual(inputs("aiven:index/flinkApplication:FlinkApplication", name).name, name);
            });
        }
    });

    describe("gate only what depends on the unknown", () => {
        it("AivenFlink: project and serviceName stay known when another arg is unknown", async () => {
            new AivenFlink("gated", { project: "known-project", plan: "business-4", cloudName: unknownOutput<string>() });
            await settleUntil(() => registered.some((r) => r.type === FLINK && r.name === "gated"));
            const i = registered.find((r) => r.type === FLINK && r.name === "gated")!.inputs;
            assert.strictEqual(i.project, "known-project");
            assert.strictEqual(i.serviceName, "gated");
            assert.strictEqual(i.plan, "business-4");
        });
        it("AivenFlinkSqlApplication: project, serviceName and name stay known when the statement is unknown", async () => {
            new AivenFlinkSqlApplication("gapp", { project: "p", serviceName: "s", statement: unknownOutput<string>() });
            await settleUntil(() => registered.some((r) => r.name === "gapp" && r.type.includes("flinkApplication:")));
            const i = registered.find((r) => r.name === "gapp" && r.type.includes("flinkApplication:"))!.inputs;
            assert.deepStrictEqual([i.project, i.serviceName, i.name], ["p", "s", "gapp"]);
        });
    });

    describe("FlinkOperator configuration rendering", () => {
        const keyChar = fc.constantFrom("a", "b", ".", "-", ":", " ", "#", "\n", "\r", "\t", "z", "1");
        const text = fc.array(keyChar, { minLength: 0, maxLength: 12 }).map((a) => a.join(""));

        it("renders exactly what it is given, or refuses (property)", () => {
            fc.assert(
                fc.property(fc.dictionary(text, text, { maxKeys: 6 }), (conf) => {
                    const entries = new Map(Object.entries(conf));
                    const representable = [...entries].every(([k, v]) => legacyConfProblem(k, v) === undefined);
                    let rendered: string;
                    try {
                        rendered = renderFlatConf("", entries);
                    } catch (e) {
                        assert.ok(!representable, `refused a representable map: ${(e as Error).message}`);
                        return;
                    }
                    assert.ok(representable || entries.size === 0);
                    assert.deepStrictEqual(parseLegacyFlinkConf(rendered), Object.fromEntries(entries));
                }),
                { numRuns: 2000 },
            );
        });

        it("no value can switch leader election off behind the HA check (property)", () => {
            fc.assert(
                fc.property(text, text, (k, v) => {
                    let r;
                    try {
                        r = renderOperator("op", {
                            replicas: 2,
                            flinkConfiguration: { [k]: v },
                            operatorConfiguration: { [`x${k}`]: `${v}\nkubernetes.operator.leader-election.enabled: false` },
                        });
                    } catch (e) {
                        assert.match((e as Error).message, /FlinkOperator "op" is invalid.*(flinkConfiguration|operatorConfiguration)\[/s);
                        return;
                    }
                    assert.fail(`accepted a value with a line break: ${JSON.stringify(r.values.defaultConfiguration)}`);
                }),
                { numRuns: 300 },
            );
        });

        it("refuses every problem at once: namespaces, watched namespaces, replicas, configuration", () => {
            assert.throws(
                () =>
                    renderOperator("op", {
                        namespace: "Flink_Ops",
                        watchNamespaces: ["team-a", "a".repeat(64), "-x"],
                        replicas: 11,
                        operatorConfiguration: { "kubernetes.operator.x": "1\nkubernetes.operator.leader-election.enabled: false" },
                    }),
                (e: Error) => {
                    for (const what of [
                        /namespace is "Flink_Ops"/,
                        /watchNamespaces\[1\]/,
                        /watchNamespaces\[2\] is "-x"/,
                        /replicas is 11; .*at most 10/,
                        /operatorConfiguration\["kubernetes.operator.x"\].*line break/,
                    ])
                        assert.match(e.message, what);
                    assert.ok(!/watchNamespaces\[0\]/.test(e.message));
                    assert.match(e.message, /\(5 errors\)/);
                    return true;
                },
            );
            for (const ok of ["flink-operator", "a", "a".repeat(63), "team-1"]) renderOperator("op", { namespace: ok, watchNamespaces: [ok] });
            for (const replicas of [1, 2, 10]) renderOperator("op", { replicas });
            for (const replicas of [0, 11, 1.5]) assert.throws(() => renderOperator("op", { replicas }), /replicas is .*at most 10/);
        });
    });
});
