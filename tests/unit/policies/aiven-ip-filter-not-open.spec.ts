import * as assert from "assert";
import { aivenIpFilterNotOpen } from "../../../policies/policies";
import { TYPES } from "../../../policies/common";
import { ResourceInput, UNKNOWN_VALUE, aivenFlink, violations } from "./harness";

const policy = aivenIpFilterNotOpen;
const flink = (mutate: (p: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const p = aivenFlink();
    mutate(p);
    return { type: TYPES.aivenFlink, props: p, name: "flink", ...extra };
};
const uc = (p: any) => p.flinkUserConfig;

describe("policy aiven-ip-filter-not-open", () => {
    it("is mandatory with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        assert.ok(policy.configSchema!.properties.requireIpFilter);
    });
    it("passes private networks", async () => assert.deepStrictEqual(await violations(policy, flink((p) => (uc(p).ipFilterStrings = ["192.168.0.0/16"]))), []));
    it("flags 0.0.0.0/0 in ipFilterObjects, ipFilterStrings and ipFilters", async () => {
        const v1 = await violations(policy, flink((p) => uc(p).ipFilterObjects.push({ network: "0.0.0.0/0" })));
        assert.strictEqual(v1.length, 1);
        assert.match(v1[0], /flinkUserConfig\.ipFilterObjects\[1\].*from anywhere.*Replace it/);
        assert.strictEqual((await violations(policy, flink((p) => (uc(p).ipFilterStrings = [" 0.0.0.0/0 "])))).length, 1);
        assert.strictEqual((await violations(policy, flink((p) => (uc(p).ipFilters = ["0.0.0.0/0"])))).length, 1);
    });
    it("flags ::/0", async () => assert.strictEqual((await violations(policy, flink((p) => (uc(p).ipFilterStrings = ["::/0"])))).length, 1));
    it("checks other services' user config (Kafka)", async () => {
        assert.strictEqual((await violations(policy, { type: "aiven:index/kafka:Kafka", props: { kafkaUserConfig: { ipFilterObjects: [{ network: "0.0.0.0/0" }] } } })).length, 1);
    });
    it("no filter: passes by default, flagged with requireIpFilter", async () => {
        assert.deepStrictEqual(await violations(policy, flink((p) => delete p.flinkUserConfig)), []);
        assert.match((await violations(policy, flink((p) => delete p.flinkUserConfig, { config: { requireIpFilter: true } })))[0], /no IP filter/);
        assert.deepStrictEqual(await violations(policy, flink(() => {}, { config: { requireIpFilter: true } })), []);
    });
    it("no violation from unknown filters at preview (real proxy)", async () => {
        assert.deepStrictEqual(await violations(policy, flink((p) => (uc(p).ipFilterObjects = [{ network: UNKNOWN_VALUE }]), { preview: true })), []);
        assert.deepStrictEqual(await violations(policy, flink((p) => (p.flinkUserConfig = UNKNOWN_VALUE), { preview: true, config: { requireIpFilter: true } })), []);
        assert.deepStrictEqual(await violations(policy, flink((p) => { uc(p).ipFilterObjects = UNKNOWN_VALUE; }, { preview: true, config: { requireIpFilter: true } })), []);
    });
});
