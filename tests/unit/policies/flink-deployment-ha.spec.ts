import * as assert from "assert";
import { flinkDeploymentHa } from "../../../policies/policies";
import { KUBERNETES_HA_FACTORY } from "../../../policies/flink";
import { TYPES } from "../../../policies/common";
import { applicationDeployment, sessionCluster } from "../../support/fixtures";
import { ResourceInput, UNKNOWN_VALUE, violations } from "./harness";

const policy = flinkDeploymentHa;
const dep = (mutate: (d: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const d = applicationDeployment();
    mutate(d);
    return { type: TYPES.flinkDeployment, props: d, name: "orders", ...extra };
};
const conf = (d: any) => d.spec.flinkConfiguration;

describe("policy flink-deployment-ha", () => {
    it("is mandatory with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        assert.deepStrictEqual(Object.keys(policy.configSchema!.properties).sort(), ["minJobManagerReplicas", "namespaces", "stacks"]);
    });
    it("passes an HA application cluster", async () => assert.deepStrictEqual(await violations(policy, dep()), []));
    it("accepts the factory class name and the deprecated high-availability key", async () => {
        assert.deepStrictEqual(await violations(policy, dep((d) => (conf(d)["high-availability.type"] = KUBERNETES_HA_FACTORY))), []);
        assert.deepStrictEqual(await violations(policy, dep((d) => { delete conf(d)["high-availability.type"]; conf(d)["high-availability"] = "KUBERNETES"; })), []);
        assert.deepStrictEqual(await violations(policy, dep((d) => { delete conf(d)["high-availability.type"]; conf(d)["high-availability"] = { type: "kubernetes" }; })), []);
    });
    it("flags no HA type", async () => {
        const v = await violations(policy, dep((d) => delete conf(d)["high-availability.type"]));
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /without high availability.*high-availability\.type: kubernetes/);
    });
    it("flags HA type none", async () => assert.strictEqual((await violations(policy, dep((d) => (conf(d)["high-availability.type"] = "NONE")))).length, 1));
    it("flags ZooKeeper HA", async () => assert.match((await violations(policy, dep((d) => (conf(d)["high-availability.type"] = "zookeeper"))))[0], /requires Kubernetes HA/));
    it("flags a missing storage dir (engine rule ha-storage-dir-required)", async () => {
        const v = await violations(policy, dep((d) => delete conf(d)["high-availability.storageDir"]));
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /high-availability\.storageDir.*\[rule ha-storage-dir-required\]/);
    });
    it("flags one JobManager replica, and none set (default 1)", async () => {
        assert.match((await violations(policy, dep((d) => (d.spec.jobManager.replicas = 1))))[0], /1 JobManager replica;.*at least 2/);
        assert.match((await violations(policy, dep((d) => delete d.spec.jobManager.replicas)))[0], /\(the default\)/);
    });
    it("checks session clusters too", async () => {
        const v = await violations(policy, { type: TYPES.flinkDeployment, props: sessionCluster(), name: "sessions" });
        assert.strictEqual(v.length, 2);
    });
    it("honours minJobManagerReplicas", async () => {
        assert.strictEqual((await violations(policy, dep(() => {}, { config: { minJobManagerReplicas: 3 } }))).length, 1);
        assert.deepStrictEqual(await violations(policy, dep((d) => (d.spec.jobManager.replicas = 1), { config: { minJobManagerReplicas: 1 } })), []);
    });
    it("honours stacks and namespaces", async () => {
        const bad = (extra: Partial<ResourceInput>) => dep((d) => (d.spec.jobManager.replicas = 1), extra);
        assert.deepStrictEqual(await violations(policy, bad({ stack: "dev", config: { stacks: ["production"] } })), []);
        assert.strictEqual((await violations(policy, bad({ stack: "production", config: { stacks: ["production"] } }))).length, 1);
        assert.deepStrictEqual(await violations(policy, bad({ config: { namespaces: ["prod"] } })), []);
        assert.strictEqual((await violations(policy, bad({ config: { namespaces: ["flink"] } }))).length, 1);
    });
    it("takes the namespace from the provider, then default", async () => {
        const noNs = (extra: Partial<ResourceInput>) => dep((d) => { delete d.metadata.namespace; d.spec.jobManager.replicas = 1; }, extra);
        assert.strictEqual((await violations(policy, noNs({ config: { namespaces: ["default"] } }))).length, 1);
        assert.deepStrictEqual(await violations(policy, noNs({ config: { namespaces: ["default"] }, provider: { type: "pulumi:providers:kubernetes", props: { namespace: "teams" } } })), []);
        assert.strictEqual((await violations(policy, noNs({ config: { namespaces: ["teams"] }, provider: { type: "pulumi:providers:kubernetes", props: { namespace: "teams" } } }))).length, 1);
    });
    it("ignores other resource types", async () => assert.deepStrictEqual(await violations(policy, { type: TYPES.flinkSessionJob, props: {} }), []));
    describe("values unknown at preview (real proxy)", () => {
        it("no violation from an unknown HA type or replicas", async () => {
            assert.deepStrictEqual(await violations(policy, dep((d) => { conf(d)["high-availability.type"] = UNKNOWN_VALUE; d.spec.jobManager.replicas = UNKNOWN_VALUE; }, { preview: true })), []);
            assert.deepStrictEqual(await violations(policy, dep((d) => (d.spec.flinkConfiguration = UNKNOWN_VALUE), { preview: true })), []);
            assert.deepStrictEqual(await violations(policy, dep((d) => (conf(d)["high-availability.storageDir"] = UNKNOWN_VALUE), { preview: true })), []);
        });
        it("no violation when the namespace deciding the scope is unknown", async () => {
            assert.deepStrictEqual(await violations(policy, dep((d) => { d.metadata.namespace = UNKNOWN_VALUE; d.spec.jobManager.replicas = 1; }, { preview: true, config: { namespaces: ["flink"] } })), []);
        });
        it("known violations are still reported beside unknown values", async () => {
            const v = await violations(policy, dep((d) => { d.spec.jobManager.replicas = 1; d.spec.image = UNKNOWN_VALUE; }, { preview: true }));
            assert.strictEqual(v.length, 1);
        });
    });
});
