import * as assert from "assert";
import { flinkResourcesSet } from "../../../policies/policies";
import { TYPES } from "../../../policies/common";
import { applicationDeployment } from "../../support/fixtures";
import { ResourceInput, UNKNOWN_VALUE, violations } from "./harness";

const policy = flinkResourcesSet;
const dep = (mutate: (d: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const d = applicationDeployment();
    mutate(d);
    return { type: TYPES.flinkDeployment, props: d, name: "orders", ...extra };
};

describe("policy flink-resources-set", () => {
    it("is advisory with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "advisory");
        assert.ok(policy.configSchema!.properties.requireCpu);
    });
    it("passes memory and CPU set", async () => assert.deepStrictEqual(await violations(policy, dep()), []));
    it("flags JobManager memory unset (engine rule)", async () => {
        assert.match(
            (
                await violations(
                    policy,
                    dep((d) => delete d.spec.jobManager.resource.memory),
                )
            )[0],
            /\[rule jobmanager-memory-required\]/,
        );
    });
    it("flags TaskManager memory unset (engine rule)", async () => {
        assert.match(
            (
                await violations(
                    policy,
                    dep((d) => delete d.spec.taskManager.resource.memory),
                )
            )[0],
            /\[rule taskmanager-memory-required\]/,
        );
    });
    it("accepts memory from flinkConfiguration", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => {
                    delete d.spec.taskManager.resource.memory;
                    d.spec.flinkConfiguration["taskmanager.memory.process.size"] = "2g";
                }),
            ),
            [],
        );
    });
    it("flags CPU unset for each role", async () => {
        assert.match(
            (
                await violations(
                    policy,
                    dep((d) => delete d.spec.jobManager.resource.cpu),
                )
            )[0],
            /spec\.jobManager\.resource\.cpu: JobManager CPU is not set/,
        );
        assert.match(
            (
                await violations(
                    policy,
                    dep((d) => delete d.spec.taskManager.resource),
                )
            )[1],
            /TaskManager CPU/,
        );
    });
    it("accepts CPU from flinkConfiguration, and requireCpu false", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => {
                    delete d.spec.jobManager.resource.cpu;
                    d.spec.flinkConfiguration["kubernetes.jobmanager.cpu.amount"] = "0.5";
                }),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => delete d.spec.jobManager.resource.cpu, { config: { requireCpu: false } }),
            ),
            [],
        );
    });
    it("no violation when resources are unknown at preview (real proxy)", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                dep(
                    (d) => {
                        d.spec.jobManager.resource = UNKNOWN_VALUE;
                        d.spec.taskManager.resource.cpu = UNKNOWN_VALUE;
                        d.spec.taskManager.resource.memory = UNKNOWN_VALUE;
                    },
                    { preview: true },
                ),
            ),
            [],
        );
    });
});
