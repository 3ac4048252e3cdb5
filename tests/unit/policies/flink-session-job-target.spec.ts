import * as assert from "assert";
import { flinkSessionJobTarget } from "../../../policies/policies";
import { TYPES } from "../../../policies/common";
import { applicationDeployment, sessionCluster, sessionJob } from "../../support/fixtures";
import { StackResourceInput, UNKNOWN_VALUE, stackViolations } from "./harness";

const policy = flinkSessionJobTarget;
const cluster = (mutate: (d: any) => void = () => {}): StackResourceInput => { const d = sessionCluster(); mutate(d); return { type: TYPES.flinkDeployment, props: d, name: "sessions" }; };
const job = (mutate: (d: any) => void = () => {}): StackResourceInput => { const d = sessionJob(); mutate(d); return { type: TYPES.flinkSessionJob, props: d, name: "clicks" }; };

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
        assert.deepStrictEqual(await stackViolations(policy, [cluster((d) => (d.metadata.namespace = "default")), job((d) => delete d.metadata.namespace)]), []);
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
