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
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => (conf(d)["high-availability.type"] = KUBERNETES_HA_FACTORY)),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => {
                    delete conf(d)["high-availability.type"];
                    conf(d)["high-availability"] = "KUBERNETES";
                }),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => {
                    delete conf(d)["high-availability.type"];
                    conf(d)["high-availability"] = { type: "kubernetes" };
                }),
            ),
            [],
        );
    });
    it("flags no HA type", async () => {
        const v = await violations(
            policy,
            dep((d) => delete conf(d)["high-availability.type"]),
        );
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /without high availability.*high-availability\.type: kubernetes/);
    });
    it("flags HA type none", async () =>
        assert.strictEqual(
            (
                await violations(
                    policy,
                    dep((d) => (conf(d)["high-availability.type"] = "NONE")),
                )
            ).length,
            1,
        ));
    it("flags ZooKeeper HA", async () =>
        assert.match(
            (
                await violations(
                    policy,
                    dep((d) => (conf(d)["high-availability.type"] = "zookeeper")),
                )
            )[0],
            /requires Kubernetes HA/,
        ));
    it("flags a missing storage dir (engine rule ha-storage-dir-required)", async () => {
        const v = await violations(
            policy,
            dep((d) => delete conf(d)["high-availability.storageDir"]),
        );
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /high-availability\.storageDir.*\[rule ha-storage-dir-required\]/);
    });
    it("flags one JobManager replica, and none set (default 1)", async () => {
        assert.match(
            (
                await violations(
                    policy,
                    dep((d) => (d.spec.jobManager.replicas = 1)),
                )
            )[0],
            /1 JobManager replica;.*at least 2/,
        );
        assert.match(
            (
                await violations(
                    policy,
                    dep((d) => delete d.spec.jobManager.replicas),
                )
            )[0],
            /\(the default\)/,
        );
    });
    it("checks session clusters too", async () => {
        const v = await violations(policy, { type: TYPES.flinkDeployment, props: sessionCluster(), name: "sessions" });
        assert.strictEqual(v.length, 2);
    });
    it("honours minJobManagerReplicas", async () => {
        assert.strictEqual(
            (
                await violations(
                    policy,
                    dep(() => {}, { config: { minJobManagerReplicas: 3 } }),
                )
            ).length,
            1,
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => (d.spec.jobManager.replicas = 1), { config: { minJobManagerReplicas: 1 } }),
            ),
            [],
        );
    });
    it("honours stacks and namespaces", async () => {
        const bad = (extra: Partial<ResourceInput>) => dep((d) => (d.spec.jobManager.replicas = 1), extra);
        assert.deepStrictEqual(await violations(policy, bad({ stack: "dev", config: { stacks: ["production"] } })), []);
        assert.strictEqual((await violations(policy, bad({ stack: "production", config: { stacks: ["production"] } }))).length, 1);
        assert.deepStrictEqual(await violations(policy, bad({ config: { namespaces: ["prod"] } })), []);
        assert.strictEqual((await violations(policy, bad({ config: { namespaces: ["flink"] } }))).length, 1);
    });
    it("takes the namespace from the provider; without one on the resource or provider, it is in every namespace scope", async () => {
        const noNs = (extra: Partial<ResourceInput>) =>
            dep((d) => {
                delete d.metadata.namespace;
                d.spec.jobManager.replicas = 1;
            }, extra);
        const provider = (props: Record<string, any>) => ({
            type: "pulumi:providers:kubernetes",
            props,
            urn: "urn:pulumi:dev::proj::pulumi:providers:kubernetes::default_4_25_0",
        });
        assert.deepStrictEqual(await violations(policy, noNs({ config: { namespaces: ["default"] }, provider: provider({ namespace: "teams" }) })), []);
        assert.strictEqual((await violations(policy, noNs({ config: { namespaces: ["teams"] }, provider: provider({ namespace: "teams" }) }))).length, 1);
        // The kubeconfig context's namespace applies, which a policy cannot see: checked whatever the scope says
        // (it was taken for "default" and skipped by a ["prod"] scope while the context deployed it to prod).
        for (const p of [undefined, provider({}), provider({ namespace: "" }), provider({ kubeconfig: "apiVersion: v1", context: "prod" })]) {
            for (const namespaces of [["default"], ["prod"], ["prod", "flink"]]) {
                const v = await violations(policy, noNs({ config: { namespaces }, ...(p ? { provider: p } : {}) }));
                assert.strictEqual(v.length, 1, `${JSON.stringify(p?.props)} ${namespaces}`);
            }
        }
        // A scope of stacks still applies.
        assert.deepStrictEqual(await violations(policy, noNs({ config: { namespaces: ["prod"], stacks: ["production"] } })), []);
    });
    it("waits for up when the provider's namespace is unknown at preview", async () => {
        const v = await violations(
            policy,
            dep(
                (d) => {
                    delete d.metadata.namespace;
                    d.spec.jobManager.replicas = 1;
                },
                { preview: true, config: { namespaces: ["prod"] }, provider: { type: "pulumi:providers:kubernetes", props: { namespace: UNKNOWN_VALUE } } },
            ),
        );
        assert.deepStrictEqual(v, []);
    });

    it("ignores other resource types", async () => assert.deepStrictEqual(await violations(policy, { type: TYPES.flinkSessionJob, props: {} }), []));
    describe("values unknown at preview (real proxy)", () => {
        it("no violation from an unknown HA type or replicas", async () => {
            assert.deepStrictEqual(
                await violations(
                    policy,
                    dep(
                        (d) => {
                            conf(d)["high-availability.type"] = UNKNOWN_VALUE;
                            d.spec.jobManager.replicas = UNKNOWN_VALUE;
                        },
                        { preview: true },
                    ),
                ),
                [],
            );
            assert.deepStrictEqual(
                await violations(
                    policy,
                    dep((d) => (d.spec.flinkConfiguration = UNKNOWN_VALUE), { preview: true }),
                ),
                [],
            );
            assert.deepStrictEqual(
                await violations(
                    policy,
                    dep((d) => (conf(d)["high-availability.storageDir"] = UNKNOWN_VALUE), { preview: true }),
                ),
                [],
            );
        });
        it("no violation when the namespace deciding the scope is unknown", async () => {
            assert.deepStrictEqual(
                await violations(
                    policy,
                    dep(
                        (d) => {
                            d.metadata.namespace = UNKNOWN_VALUE;
                            d.spec.jobManager.replicas = 1;
                        },
                        { preview: true, config: { namespaces: ["flink"] } },
                    ),
                ),
                [],
            );
        });
        it("known violations are still reported beside unknown values", async () => {
            const v = await violations(
                policy,
                dep(
                    (d) => {
                        d.spec.jobManager.replicas = 1;
                        d.spec.image = UNKNOWN_VALUE;
                    },
                    { preview: true },
                ),
            );
            assert.strictEqual(v.length, 1);
        });
    });
});
