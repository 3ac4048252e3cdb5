import * as assert from "assert";
import { flinkSessionJobTarget } from "../../../policies/policies";
import { TYPES } from "../../../policies/common";
import { applicationDeployment, sessionCluster, sessionJob } from "../../support/fixtures";
import { StackResourceInput, UNKNOWN_VALUE, stackViolations } from "./harness";

const policy = flinkSessionJobTarget;
const cluster = (mutate: (d: any) => void = () => {}): StackResourceInput => {
    const d = sessionCluster();
    mutate(d);
    return { type: TYPES.flinkDeployment, props: d, name: "sessions" };
};
const job = (mutate: (d: any) => void = () => {}): StackResourceInput => {
    const d = sessionJob();
    mutate(d);
    return { type: TYPES.flinkSessionJob, props: d, name: "clicks" };
};

describe("policy flink-session-job-target (stack)", () => {
    it("is a mandatory stack policy with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        assert.ok(policy.configSchema!.properties.externalSessionClusters);
        assert.ok(policy.validateStack);
    });
    it("passes a job whose session cluster is in the stack", async () => assert.deepStrictEqual(await stackViolations(policy, [cluster(), job()]), []));
    it("flags a job whose cluster is missing, on the job's URN, with the fix", async () => {
        const v = await stackViolations(policy, [job()]);
        assert.strictEqual(v.length, 1);
        assert.match(v[0].message, /flink\/sessions, which is not a FlinkDeployment in this stack.*externalSessionClusters/);
        assert.match(v[0].urn!, /::clicks$/);
    });
    it("matches by namespace too", async () => {
        assert.strictEqual((await stackViolations(policy, [cluster((d) => (d.metadata.namespace = "other")), job()])).length, 1);
        assert.deepStrictEqual(await stackViolations(policy, [cluster((d) => delete d.metadata.namespace), job((d) => delete d.metadata.namespace)]), []);
        assert.deepStrictEqual(
            await stackViolations(policy, [cluster((d) => (d.metadata.namespace = "default")), job((d) => delete d.metadata.namespace)]),
            [],
        );
    });
    describe("resources without a namespace land in their provider's kubeconfig namespace, which the policy cannot see", () => {
        const prov = (name: string, props: Record<string, any> = {}) => ({
            type: "pulumi:providers:kubernetes",
            props,
            urn: `urn:pulumi:dev::proj::pulumi:providers:kubernetes::${name}`,
        });
        const noNs = (d: any) => delete d.metadata.namespace;
        const on = <T extends StackResourceInput>(r: T, provider: ReturnType<typeof prov>): T => ({ ...r, provider });
        const app = (mutate: (d: any) => void = () => {}): StackResourceInput => {
            const d = applicationDeployment();
            d.metadata.name = "sessions";
            mutate(d);
            return { type: TYPES.flinkDeployment, props: d, name: "sessions" };
        };
        it("same provider, both without a namespace: the same namespace, whatever the kubeconfig says", async () => {
            assert.deepStrictEqual(await stackViolations(policy, [on(cluster(noNs), prov("a")), on(job(noNs), prov("a"))]), []);
            const v = await stackViolations(policy, [on(app(noNs), prov("a")), on(job(noNs), prov("a"))]);
            assert.strictEqual(v.length, 1);
            assert.match(v[0].message, /application cluster/);
        });
        it("a job without a namespace and no cluster of that name anywhere: reported, saying where it is looked for", async () => {
            const v = await stackViolations(policy, [on(job(noNs), prov("a"))]);
            assert.strictEqual(v.length, 1);
            assert.match(v[0].message, /sessions \(in its provider's kubeconfig namespace.*set metadata\.namespace on the job/);
            assert.deepStrictEqual(await stackViolations(policy, [on(job(noNs), prov("a"))], { externalSessionClusters: ["sessions"] }), []);
        });
        it("one side without a namespace may match the other: not reported as missing (the kubeconfig may name that namespace)", async () => {
            for (const [c, j] of [
                [on(cluster(noNs), prov("a")), job()], // job in flink, cluster in a's kubeconfig namespace
                [cluster(), on(job(noNs), prov("a"))],
                [on(cluster(noNs), prov("a")), on(job(noNs), prov("b"))], // two providers, two kubeconfig namespaces
                [cluster((d) => (d.metadata.namespace = "other")), on(job(noNs), prov("a"))],
            ])
                assert.deepStrictEqual(await stackViolations(policy, [c, j]), [], JSON.stringify([c.provider, j.provider]));
        });
        it("...but reported when every FlinkDeployment it may be is an application cluster", async () => {
            const v = await stackViolations(policy, [on(app(noNs), prov("a")), job()]);
            assert.strictEqual(v.length, 1);
            assert.match(v[0].message, /only FlinkDeployments of that name .* application clusters/);
        });
        it("a provider's namespace is known: matched exactly", async () => {
            assert.deepStrictEqual(
                await stackViolations(policy, [on(cluster(noNs), prov("t", { namespace: "teams" })), on(job(noNs), prov("u", { namespace: "teams" }))]),
                [],
            );
            assert.deepStrictEqual(
                await stackViolations(policy, [cluster((d) => (d.metadata.namespace = "teams")), on(job(noNs), prov("t", { namespace: "teams" }))]),
                [],
            );
            const v = await stackViolations(policy, [cluster(), on(job(noNs), prov("t", { namespace: "teams" }))]);
            assert.strictEqual(v.length, 1);
            assert.match(v[0].message, /teams\/sessions, which is not a FlinkDeployment/);
        });
    });
    it("flags a job targeting an application cluster (engine rule)", async () => {
        const app = applicationDeployment();
        app.metadata.name = "sessions";
        const v = await stackViolations(policy, [{ type: TYPES.flinkDeployment, props: app, name: "sessions" }, job()]);
        assert.strictEqual(v.length, 1);
        assert.match(v[0].message, /application cluster.*\[rule session-job-target-session-cluster\]/);
    });
    it("honours externalSessionClusters by name or namespace/name", async () => {
        assert.deepStrictEqual(await stackViolations(policy, [job()], { externalSessionClusters: ["sessions"] }), []);
        assert.deepStrictEqual(await stackViolations(policy, [job()], { externalSessionClusters: ["flink/sessions"] }), []);
        assert.strictEqual((await stackViolations(policy, [job()], { externalSessionClusters: ["other/sessions"] })).length, 1);
    });
    it("no violation from unknown values at preview (real proxy)", async () => {
        assert.deepStrictEqual(await stackViolations(policy, [job((d) => (d.spec.deploymentName = UNKNOWN_VALUE))], {}, true), []);
        assert.deepStrictEqual(await stackViolations(policy, [cluster((d) => (d.metadata.name = UNKNOWN_VALUE)), job()], {}, true), []);
        assert.deepStrictEqual(await stackViolations(policy, [cluster((d) => (d.spec.job = UNKNOWN_VALUE)), job()], {}, true), []);
        assert.strictEqual((await stackViolations(policy, [job((d) => (d.spec.job.parallelism = UNKNOWN_VALUE))], {}, true)).length, 1);
    });
});
