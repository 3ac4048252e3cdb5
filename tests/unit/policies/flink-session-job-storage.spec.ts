import * as assert from "assert";
import { flinkSessionJobStorage } from "../../../policies/policies";
import { TYPES } from "../../../policies/common";
import { applicationDeployment, sessionCluster, sessionJob } from "../../support/fixtures";
import { StackResourceInput, UNKNOWN_VALUE, stackViolations } from "./harness";

const policy = flinkSessionJobStorage;
const CHECKPOINTS = "execution.checkpointing.dir";
const SAVEPOINTS = "execution.checkpointing.savepoint-dir";
/** A session cluster with both directories, and a savepoint-mode session job on it: the valid fixture. */
const cluster = (mutate: (d: any) => void = () => {}): StackResourceInput => {
    const d = sessionCluster();
    d.spec.flinkConfiguration = { [CHECKPOINTS]: "s3://bucket/checkpoints", [SAVEPOINTS]: "s3://bucket/savepoints" };
    mutate(d);
    return { type: TYPES.flinkDeployment, props: d, name: "sessions" };
};
const job = (mutate: (d: any) => void = () => {}): StackResourceInput => {
    const d = sessionJob();
    d.spec.job.upgradeMode = "savepoint";
    mutate(d);
    return { type: TYPES.flinkSessionJob, props: d, name: "clicks" };
};
const noCheckpoints = (d: any) => delete d.spec.flinkConfiguration[CHECKPOINTS];
const noSavepoints = (d: any) => delete d.spec.flinkConfiguration[SAVEPOINTS];

describe("policy flink-session-job-storage (stack)", () => {
    it("is a mandatory stack policy with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        assert.ok(policy.description && policy.configSchema && policy.validateStack);
    });
    it("passes a stateful job whose session cluster has both directories", async () =>
        assert.deepStrictEqual(await stackViolations(policy, [cluster(), job()]), []));
    it("flags a savepoint job on a cluster without checkpoint dir, on the job's URN, with the fix", async () => {
        const v = await stackViolations(policy, [cluster(noCheckpoints), job()]);
        assert.strictEqual(v.length, 1);
        assert.match(
            v[0].message,
            /^FlinkSessionJob clicks: spec\.flinkConfiguration: Checkpoint directory\[execution\.checkpointing\.dir\] must be defined.*\[rule checkpoint-dir-required\] .*session cluster's spec\.flinkConfiguration \(FlinkDeployment flink\/sessions\) or the job's own/,
        );
        assert.match(v[0].urn!, /::clicks$/);
    });
    it("flags a savepoint job on a cluster without savepoint dir", async () => {
        const v = await stackViolations(policy, [cluster(noSavepoints), job()]);
        assert.strictEqual(v.length, 1);
        assert.match(v[0].message, /could not be upgraded with savepoint.*\[rule savepoint-dir-required\]/);
    });
    it("flags a last-state job on a cluster without checkpoint dir", async () => {
        const v = await stackViolations(policy, [cluster(noCheckpoints), job((d) => (d.spec.job.upgradeMode = "last-state"))]);
        assert.strictEqual(v.length, 1);
        assert.match(v[0].message, /\[rule checkpoint-dir-required\]/);
    });
    it("accepts the directories in the job's own flinkConfiguration", async () => {
        const own = (d: any) => (d.spec.flinkConfiguration = { [CHECKPOINTS]: "s3://b/cp", [SAVEPOINTS]: "s3://b/sp" });
        assert.deepStrictEqual(await stackViolations(policy, [cluster((d) => delete d.spec.flinkConfiguration), job(own)]), []);
    });
    it("passes a stateless job on a cluster without directories", async () => {
        assert.deepStrictEqual(
            await stackViolations(policy, [cluster((d) => delete d.spec.flinkConfiguration), job((d) => (d.spec.job.upgradeMode = "stateless"))]),
            [],
        );
    });
    it("says nothing when the session cluster is not in the stack (other name, other namespace, or absent)", async () => {
        assert.deepStrictEqual(await stackViolations(policy, [job()]), []);
        assert.deepStrictEqual(
            await stackViolations(policy, [
                cluster((d) => {
                    noCheckpoints(d);
                    d.metadata.namespace = "other";
                }),
                job(),
            ]),
            [],
        );
        assert.deepStrictEqual(
            await stackViolations(policy, [
                cluster((d) => {
                    noCheckpoints(d);
                    d.metadata.name = "other";
                }),
                job(),
            ]),
            [],
        );
    });
    it("says nothing when only the kubeconfig namespace could make them match (not known to be its cluster)", async () => {
        assert.deepStrictEqual(
            await stackViolations(policy, [
                cluster((d) => {
                    noCheckpoints(d);
                    delete d.metadata.namespace;
                }),
                job(),
            ]),
            [],
        );
        assert.deepStrictEqual(await stackViolations(policy, [cluster(noCheckpoints), job((d) => delete d.metadata.namespace)]), []);
    });
    it("matches a job and a cluster that both land in their provider's namespace", async () => {
        assert.strictEqual(
            (
                await stackViolations(policy, [
                    cluster((d) => {
                        noCheckpoints(d);
                        delete d.metadata.namespace;
                    }),
                    job((d) => delete d.metadata.namespace),
                ])
            ).length,
            1,
        );
    });
    it("leaves a job on an application cluster to flink-session-job-target", async () => {
        const app = applicationDeployment();
        app.metadata.name = "sessions";
        delete app.spec.flinkConfiguration[CHECKPOINTS];
        assert.deepStrictEqual(await stackViolations(policy, [{ type: TYPES.flinkDeployment, props: app, name: "sessions" }, job()]), []);
    });
    it("no violation from unknown values at preview (real proxy)", async () => {
        const preview = (resources: StackResourceInput[]) => stackViolations(policy, resources, {}, true);
        assert.deepStrictEqual(await preview([cluster((d) => (d.spec.flinkConfiguration = UNKNOWN_VALUE)), job()]), []);
        assert.deepStrictEqual(await preview([cluster((d) => (d.spec.flinkConfiguration[CHECKPOINTS] = UNKNOWN_VALUE)), job()]), []);
        assert.deepStrictEqual(await preview([cluster(noCheckpoints), job((d) => (d.spec.job.upgradeMode = UNKNOWN_VALUE))]), []);
        assert.deepStrictEqual(await preview([cluster(noCheckpoints), job((d) => (d.spec.deploymentName = UNKNOWN_VALUE))]), []);
        assert.deepStrictEqual(await preview([cluster(noCheckpoints), job((d) => (d.metadata.namespace = UNKNOWN_VALUE))]), []);
        assert.deepStrictEqual(
            await preview([
                cluster((d) => {
                    noCheckpoints(d);
                    d.metadata.name = UNKNOWN_VALUE;
                }),
                job(),
            ]),
            [],
        );
        assert.deepStrictEqual(
            await preview([
                cluster((d) => {
                    noCheckpoints(d);
                    d.spec.job = UNKNOWN_VALUE;
                }),
                job(),
            ]),
            [],
        );
        // A known violation beside unknown values is still reported.
        assert.strictEqual((await preview([cluster(noCheckpoints), job((d) => (d.spec.job.parallelism = UNKNOWN_VALUE))])).length, 1);
    });
});
