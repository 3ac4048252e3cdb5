import * as assert from "assert";
import { RULES } from "../../../components/rules";
import { flinkEngineRules, policies } from "../../../policies/policies";
import { DELEGATED_RULES } from "../../../policies/flink";
import { TYPES } from "../../../policies/common";
import { applicationDeployment, savepointSnapshot, sessionJob } from "../../support/fixtures";
import { ResourceInput, UNKNOWN_VALUE, packViolations, violations } from "./harness";

const policy = flinkEngineRules;
const of = (type: string, base: () => any, mutate: (d: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const d = base();
    mutate(d);
    return { type, props: d, name: d.metadata?.name ?? "x", ...extra };
};
const dep = (mutate?: (d: any) => void, extra?: Partial<ResourceInput>) => of(TYPES.flinkDeployment, applicationDeployment, mutate, extra);

describe("policy flink-engine-rules", () => {
    it("is mandatory with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        assert.deepStrictEqual(Object.keys(policy.configSchema!.properties).sort(), [
            "allowedJarSchemes",
            "disallowRestrictedHosts",
            "reportWarnings",
            "rules",
        ]);
    });
    it("delegates only rules that exist in the engine", () => {
        for (const id of DELEGATED_RULES)
            assert.ok(
                RULES.some((r) => r.id === id),
                id,
            );
    });
    it("passes valid FlinkDeployment, FlinkSessionJob and FlinkStateSnapshot", async () => {
        assert.deepStrictEqual(await violations(policy, dep()), []);
        assert.deepStrictEqual(await violations(policy, of(TYPES.flinkSessionJob, sessionJob)), []);
        assert.deepStrictEqual(await violations(policy, of(TYPES.flinkStateSnapshot, savepointSnapshot)), []);
    });
    it("reports engine errors with path, hint and rule id", async () => {
        const v = await violations(
            policy,
            dep((d) => (d.spec.jobManger = { replicas: 1 })),
        );
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /^spec\.jobManger: .*Did you mean "jobManager".*\[rule schema-unknown-field\]$/);
        assert.match(
            (
                await violations(
                    policy,
                    dep((d) => delete d.spec.serviceAccount),
                )
            )[0],
            /\[rule service-account-required\]/,
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                of(TYPES.flinkSessionJob, sessionJob, (d) => (d.spec.job.jarURI = "ftp://x/job.jar")),
            ),
            [
                "spec.job.jarURI: jarURI scheme 'ftp' is not in the allowlist [https]. Configure 'kubernetes.operator.user.artifacts.allowed-schemes' to extend the allowlist. [rule jar-uri-scheme-allowed]",
            ],
        );
        assert.match(
            (
                await violations(
                    policy,
                    of(TYPES.flinkStateSnapshot, savepointSnapshot, (d) => (d.spec.checkpoint = {})),
                )
            )[0],
            /\[rule snapshot-exactly-one-type\]/,
        );
    });
    it("infers the kind from the type token when the props lack it", async () => {
        assert.strictEqual(
            (
                await violations(
                    policy,
                    dep((d) => {
                        delete d.kind;
                        delete d.spec.serviceAccount;
                    }),
                )
            ).length,
            1,
        );
    });
    it("leaves delegated rules to their policies unless configured", async () => {
        const noDir = (d: any) => delete d.spec.flinkConfiguration["execution.checkpointing.dir"];
        assert.deepStrictEqual(await violations(policy, dep(noDir)), []);
        assert.strictEqual((await violations(policy, dep(noDir, { config: { rules: { "checkpoint-dir-required": "error" } } }))).length, 1);
    });
    it("leaves the HA storage rule to flink-deployment-ha: one violation across the whole pack", async () => {
        assert.deepStrictEqual(await packViolations(policies, dep()), []);
        const noStorageDir = await packViolations(
            policies,
            dep((d) => delete d.spec.flinkConfiguration["high-availability.storageDir"]),
        );
        assert.strictEqual(noStorageDir.length, 1, noStorageDir.join("\n"));
        assert.match(noStorageDir[0], /^flink-deployment-ha: .*high-availability\.storageDir is not set.*\[rule ha-storage-dir-required\]$/);
    });
    it("keeps the operator's HA and memory rules, whatever flink-deployment-ha's scope or flink-resources-set's level", async () => {
        const noHa = (d: any) => delete d.spec.flinkConfiguration["high-availability.type"];
        // Standby JobManagers (the fixture runs 2) without HA: the operator refuses it, in any stack.
        const inProduction = await packViolations(policies, dep(noHa, { stack: "production" }));
        assert.deepStrictEqual(inProduction.map((v) => v.split(":")[0]).sort(), ["flink-deployment-ha", "flink-engine-rules"]);
        assert.match(
            inProduction.find((v) => v.startsWith("flink-engine-rules"))!,
            /standby JobManagers.*\[rule standby-jobmanagers-require-ha\]$/,
        );
        // flink-deployment-ha limited to production stacks (the harness gives every policy the same config).
        const dev = await packViolations(policies, dep(noHa, { stack: "dev", config: { stacks: ["production"] } }));
        assert.deepStrictEqual(
            dev.map((v) => v.split(":")[0]),
            ["flink-engine-rules"],
        );
        const rollback = await violations(
            policy,
            dep((d) => {
                noHa(d);
                delete d.spec.jobManager.replicas;
                d.spec.flinkConfiguration["kubernetes.operator.deployment.rollback.enabled"] = "true";
            }),
        );
        assert.strictEqual(rollback.length, 1);
        assert.match(rollback[0], /\[rule rollback-requires-ha\]$/);
        // Memory the operator requires: a mandatory violation here, beside flink-resources-set's advisory one.
        const noMemory = await violations(
            policy,
            dep((d) => delete d.spec.taskManager.resource.memory),
        );
        assert.strictEqual(noMemory.length, 1);
        assert.match(noMemory[0], /\[rule taskmanager-memory-required\]$/);
        for (const id of ["standby-jobmanagers-require-ha", "rollback-requires-ha", "jobmanager-memory-required", "taskmanager-memory-required"])
            assert.ok(!DELEGATED_RULES.includes(id), id);
    });
    it("still runs a delegated HA rule given a severity", async () => {
        const v = await violations(
            policy,
            dep((d) => delete d.spec.flinkConfiguration["high-availability.storageDir"], { config: { rules: { "ha-storage-dir-required": "error" } } }),
        );
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /\[rule ha-storage-dir-required\]$/);
    });
    it("honours rules overrides, allowedJarSchemes and reportWarnings", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => delete d.spec.serviceAccount, { config: { rules: { "service-account-required": "off" } } }),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => delete d.spec.serviceAccount, { config: { rules: { "service-account-required": "warning" } } }),
            ),
            [],
        );
        assert.strictEqual(
            (
                await violations(
                    policy,
                    dep((d) => delete d.spec.serviceAccount, { config: { rules: { "service-account-required": "warning" }, reportWarnings: true } }),
                )
            ).length,
            1,
        );
        const s3 = (d: any) => (d.spec.job.jarURI = "s3://bucket/job.jar");
        assert.strictEqual((await violations(policy, of(TYPES.flinkSessionJob, sessionJob, s3))).length, 1);
        assert.deepStrictEqual(await violations(policy, of(TYPES.flinkSessionJob, sessionJob, s3, { config: { allowedJarSchemes: ["https", "s3"] } })), []);
    });
    it("ignores non-Flink resources", async () =>
        assert.deepStrictEqual(await violations(policy, { type: "kubernetes:core/v1:ConfigMap", props: { kind: "FlinkDeployment" } }), []));
    it("withholds findings that depend on values unknown at preview (real proxy)", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                dep(
                    (d) => {
                        d.spec.serviceAccount = UNKNOWN_VALUE;
                        d.spec.jobManager.replicas = UNKNOWN_VALUE;
                        d.metadata.name = UNKNOWN_VALUE;
                    },
                    { preview: true },
                ),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => (d.spec = UNKNOWN_VALUE), { preview: true }),
            ),
            [],
        );
        // A known error beside unknown values is still reported.
        assert.strictEqual(
            (
                await violations(
                    policy,
                    dep(
                        (d) => {
                            d.spec.image = UNKNOWN_VALUE;
                            delete d.spec.serviceAccount;
                        },
                        { preview: true },
                    ),
                )
            ).length,
            1,
        );
    });
});
