import * as assert from "assert";
import { flinkStatefulJobStorage } from "../../../policies/policies";
import { TYPES } from "../../../policies/common";
import { applicationDeployment, sessionCluster } from "../../support/fixtures";
import { ResourceInput, UNKNOWN_VALUE, violations } from "./harness";

const policy = flinkStatefulJobStorage;
const dep = (mutate: (d: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const d = applicationDeployment();
    mutate(d);
    return { type: TYPES.flinkDeployment, props: d, name: "orders", ...extra };
};
const conf = (d: any) => d.spec.flinkConfiguration;

describe("policy flink-stateful-job-storage", () => {
    it("is mandatory with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        assert.ok(policy.configSchema);
    });
    it("passes a savepoint job with both dirs", async () => assert.deepStrictEqual(await violations(policy, dep()), []));
    it("flags a savepoint job without checkpoint dir (engine rule)", async () => {
        const v = await violations(
            policy,
            dep((d) => delete conf(d)["execution.checkpointing.dir"]),
        );
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /\[rule checkpoint-dir-required\]/);
    });
    it("flags a savepoint job without savepoint dir (engine rule)", async () => {
        assert.match(
            (
                await violations(
                    policy,
                    dep((d) => delete conf(d)["execution.checkpointing.savepoint-dir"]),
                )
            )[0],
            /\[rule savepoint-dir-required\]/,
        );
    });
    it("flags a last-state job without savepoint dir (policy's own check)", async () => {
        const v = await violations(
            policy,
            dep((d) => {
                d.spec.job.upgradeMode = "last-state";
                delete conf(d)["execution.checkpointing.savepoint-dir"];
            }),
        );
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /last-state.*execution\.checkpointing\.savepoint-dir/);
    });
    it("flags a last-state job without checkpoint dir", async () => {
        assert.strictEqual(
            (
                await violations(
                    policy,
                    dep((d) => {
                        d.spec.job.upgradeMode = "last-state";
                        delete conf(d)["execution.checkpointing.dir"];
                    }),
                )
            ).length,
            1,
        );
    });
    it("accepts deprecated key aliases", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => {
                    delete conf(d)["execution.checkpointing.dir"];
                    delete conf(d)["execution.checkpointing.savepoint-dir"];
                    conf(d).state = { checkpoints: { dir: "s3://b/cp" }, savepoints: { dir: "s3://b/sp" } };
                }),
            ),
            [],
        );
    });
    it("passes stateless jobs and session clusters without dirs", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => {
                    d.spec.job.upgradeMode = "stateless";
                    d.spec.flinkConfiguration = {};
                }),
            ),
            [],
        );
        assert.deepStrictEqual(await violations(policy, { type: TYPES.flinkDeployment, props: sessionCluster() }), []);
    });
    it("no violation when the dirs or the mode are unknown at preview (real proxy)", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                dep(
                    (d) => {
                        conf(d)["execution.checkpointing.dir"] = UNKNOWN_VALUE;
                        conf(d)["execution.checkpointing.savepoint-dir"] = UNKNOWN_VALUE;
                    },
                    { preview: true },
                ),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                dep(
                    (d) => {
                        d.spec.job.upgradeMode = UNKNOWN_VALUE;
                        d.spec.flinkConfiguration = {};
                    },
                    { preview: true },
                ),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                dep(
                    (d) => {
                        d.spec.job.upgradeMode = "last-state";
                        d.spec.flinkConfiguration = UNKNOWN_VALUE;
                    },
                    { preview: true },
                ),
            ),
            [],
        );
    });
});
