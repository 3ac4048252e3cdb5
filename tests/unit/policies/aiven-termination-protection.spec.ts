import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { aivenTerminationProtection } from "../../../policies/policies";
import { AIVEN_SERVICE_TYPES, TYPES } from "../../../policies/common";
import { UNKNOWN_VALUE, aivenFlink, remediate, violations } from "./harness";

const policy = aivenTerminationProtection;
const flink = (mutate: (p: any) => void = () => {}) => {
    const p = aivenFlink();
    mutate(p);
    return { type: TYPES.aivenFlink, props: p, name: "flink" };
};

describe("policy aiven-termination-protection", () => {
    it("is mandatory, described, configurable and remediates", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        assert.ok(policy.description && policy.configSchema?.properties.resourceTypes);
        assert.ok((policy as any).remediateResource);
    });
    it("passes a protected aiven.Flink", async () => assert.deepStrictEqual(await violations(policy, flink()), []));
    it("flags terminationProtection unset, with the fix in the message", async () => {
        const v = await violations(
            policy,
            flink((p) => delete p.terminationProtection),
        );
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /terminationProtection unset.*Set terminationProtection: true/);
    });
    it("flags terminationProtection false", async () =>
        assert.strictEqual(
            (
                await violations(
                    policy,
                    flink((p) => (p.terminationProtection = false)),
                )
            ).length,
            1,
        ));
    it("flags other Aiven services too (Kafka)", async () => {
        assert.strictEqual((await violations(policy, { type: "aiven:index/kafka:Kafka", props: { plan: "x" } })).length, 1);
    });
    it("ignores non-Aiven resources and non-service Aiven resources by default", async () => {
        assert.deepStrictEqual(await violations(policy, { type: "kubernetes:core/v1:Namespace", props: {} }), []);
        assert.deepStrictEqual(await violations(policy, { type: "aiven:index/kafkaTopic:KafkaTopic", props: {} }), []);
    });
    it("honours resourceTypes config", async () => {
        const config = { resourceTypes: ["aiven:index/kafkaTopic:KafkaTopic"] };
        assert.strictEqual((await violations(policy, { type: "aiven:index/kafkaTopic:KafkaTopic", props: {}, config })).length, 1);
        assert.deepStrictEqual(await violations(policy, { ...flink((p) => delete p.terminationProtection), config }), []);
    });
    it("reports nothing when terminationProtection is unknown at preview (real proxy)", async () => {
        assert.deepStrictEqual(await violations(policy, { ...flink((p) => (p.terminationProtection = UNKNOWN_VALUE)), preview: true }), []);
    });
    it("still flags at preview when other inputs are unknown", async () => {
        const v = await violations(policy, {
            ...flink((p) => {
                delete p.terminationProtection;
                p.serviceName = UNKNOWN_VALUE;
            }),
            preview: true,
        });
        assert.strictEqual(v.length, 1);
    });
    it("remediation sets terminationProtection true and keeps the other inputs", async () => {
        const input = flink((p) => (p.terminationProtection = false));
        const fixed = await remediate(policy, input);
        assert.strictEqual(fixed?.terminationProtection, true);
        assert.strictEqual(fixed?.serviceName, "flink-prod");
        assert.deepStrictEqual(await violations(policy, { ...input, props: fixed! }), []);
    });
    it("remediation leaves compliant, unknown and other resources alone", async () => {
        assert.strictEqual(await remediate(policy, flink()), undefined);
        assert.strictEqual(await remediate(policy, { ...flink((p) => (p.terminationProtection = UNKNOWN_VALUE)), preview: true }), undefined);
        assert.strictEqual(await remediate(policy, { type: "kubernetes:core/v1:Namespace", props: {} }), undefined);
    });
    it("remediation through the real proxy keeps unknown sentinels for the engine", async () => {
        const fixed = await remediate(policy, {
            ...flink((p) => {
                delete p.terminationProtection;
                p.serviceName = UNKNOWN_VALUE;
            }),
            preview: true,
        });
        assert.strictEqual(fixed?.terminationProtection, true);
        assert.strictEqual(fixed?.serviceName, UNKNOWN_VALUE);
    });
    it("AIVEN_SERVICE_TYPES is every @pulumi/aiven service with a terminationProtection input", () => {
        const dir = path.dirname(require.resolve("@pulumi/aiven/package.json"));
        const found = fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".d.ts"))
            .flatMap((f) => {
                const dts = fs.readFileSync(path.join(dir, f), "utf8");
                if (!/terminationProtection\?: pulumi\.Input<boolean>/.test(dts) || !/plan\??: pulumi\.Input<string>/.test(dts)) return [];
                const m = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(path.join(dir, f.replace(/\.d\.ts$/, ".js")), "utf8"));
                return m ? [m[1]] : [];
            });
        assert.deepStrictEqual([...found].sort(), [...AIVEN_SERVICE_TYPES].sort());
    });
});
