import * as assert from "assert";
import { flinkOperatorLeaderElection } from "../../../policies/policies";
import { TYPES } from "../../../policies/common";
import { LEADER_ELECTION_CONF, StackResourceInput, UNKNOWN_VALUE, operatorConfigMap, operatorDeployment, stackViolations } from "./harness";

const policy = flinkOperatorLeaderElection;
const dep = (mutate: (d: any) => void = () => {}, extra: Partial<StackResourceInput> = {}): StackResourceInput => {
    const d = operatorDeployment();
    mutate(d);
    return { type: TYPES.deployment, props: d, name: "flink-kubernetes-operator", ...extra };
};
const cm = (mutate: (d: any) => void = () => {}, extra: Partial<StackResourceInput> = {}): StackResourceInput => {
    const d = operatorConfigMap();
    mutate(d);
    return { type: TYPES.configMap, props: d, name: "flink-operator-config", ...extra };
};
const container = (d: any) => d.spec.template.spec.containers[0];
const configVolume = (d: any) => d.spec.template.spec.volumes[0];
const NESTED = "kubernetes.operator:\n  leader-election:\n    enabled: true\n    lease-name: lease\n";

describe("policy flink-operator-leader-election (stack)", () => {
    it("is a mandatory stack policy with chartNames", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        assert.ok(policy.configSchema!.properties.chartNames);
        assert.ok(policy.validateStack);
    });
    it("passes the chart's objects with leader election in the mounted flink-conf.yaml", async () =>
        assert.deepStrictEqual(await stackViolations(policy, [dep(), cm()]), []));
    it("flags the chart's defaults (no leader election, no lease), on the Deployment", async () => {
        const v = await stackViolations(policy, [dep(), cm((c) => (c.data["flink-conf.yaml"] = "taskmanager.numberOfTaskSlots: 1\n"))]);
        assert.strictEqual(v.length, 2);
        assert.match(v[0].message, /Deployment flink-kubernetes-operator does not enable leader election.*ConfigMap flink-operator-config/);
        assert.match(v[1].message, /no leader election lease name/);
        assert.match(v[0].urn!, /::flink-kubernetes-operator$/);
    });
    it("flags leader election switched off, and a missing lease", async () => {
        assert.strictEqual(
            (await stackViolations(policy, [dep(), cm((c) => (c.data["flink-conf.yaml"] = LEADER_ELECTION_CONF.replace("enabled: true", "enabled: false")))]))
                .length,
            1,
        );
        assert.match(
            (await stackViolations(policy, [dep(), cm((c) => (c.data["flink-conf.yaml"] = "kubernetes.operator.leader-election.enabled: true\n"))]))[0].message,
            /lease name/,
        );
    });
    describe("reads the file the operator reads", () => {
        it("only the mounted item: leader election only in the unmounted config.yaml does not count", async () => {
            const v = await stackViolations(policy, [
                dep(),
                cm((c) => {
                    c.data["flink-conf.yaml"] = "a: 1\n";
                    c.data["config.yaml"] = NESTED;
                }),
            ]);
            assert.strictEqual(v.length, 2);
        });
        it("config.yaml (nested YAML) when that is the item mounted (the chart without a flink-conf.yaml value)", async () => {
            const mountConfigYaml = (d: any) => (configVolume(d).configMap.items[0] = { key: "config.yaml", path: "config.yaml" });
            assert.deepStrictEqual(
                await stackViolations(policy, [
                    dep(mountConfigYaml),
                    cm((c) => {
                        c.data["flink-conf.yaml"] = "a: 1\n";
                        c.data["config.yaml"] = NESTED;
                    }),
                ]),
                [],
            );
            assert.strictEqual((await stackViolations(policy, [dep(mountConfigYaml), cm((c) => (c.data["config.yaml"] = "a: 1\n"))])).length, 2);
        });
        it("an item's path decides the file name, not its key", async () => {
            const swap = (d: any) => (configVolume(d).configMap.items[0] = { key: "config.yaml", path: "flink-conf.yaml" });
            assert.deepStrictEqual(
                await stackViolations(policy, [
                    dep(swap),
                    cm((c) => {
                        c.data["flink-conf.yaml"] = "a: 1\n";
                        c.data["config.yaml"] = LEADER_ELECTION_CONF;
                    }),
                ]),
                [],
            );
        });
        it("a whole ConfigMap (no items): flink-conf.yaml wins over config.yaml, as Flink 1.20 loads it", async () => {
            const whole = (d: any) => delete configVolume(d).configMap.items;
            assert.deepStrictEqual(await stackViolations(policy, [dep(whole), cm()]), []);
            assert.strictEqual(
                (
                    await stackViolations(policy, [
                        dep(whole),
                        cm((c) => {
                            c.data["flink-conf.yaml"] = "a: 1\n";
                            c.data["config.yaml"] = NESTED;
                        }),
                    ])
                ).length,
                2,
            );
            assert.deepStrictEqual(
                await stackViolations(policy, [
                    dep(whole),
                    cm((c) => {
                        delete c.data["flink-conf.yaml"];
                        c.data["config.yaml"] = NESTED;
                    }),
                ]),
                [],
            );
        });
        it("follows FLINK_CONF_DIR to the volume mounted there", async () => {
            const moved = (d: any) => {
                container(d).env.find((e: any) => e.name === "FLINK_CONF_DIR").value = "/etc/flink";
            };
            // Nothing mounted at /etc/flink: the image's defaults, no leader election.
            assert.match((await stackViolations(policy, [dep(moved), cm()]))[0].message, /mounts no configuration/);
            assert.deepStrictEqual(
                await stackViolations(policy, [
                    dep((d) => {
                        moved(d);
                        container(d).volumeMounts[0].mountPath = "/etc/flink/";
                    }),
                    cm(),
                ]),
                [],
            );
        });
        it("a configuration directory from a Secret or a subPath cannot be verified: reported", async () => {
            assert.match(
                (
                    await stackViolations(policy, [dep((d) => ((configVolume(d).configMap = undefined), (configVolume(d).secret = { secretName: "x" }))), cm()])
                )[0].message,
                /cannot be verified/,
            );
            assert.match(
                (await stackViolations(policy, [dep((d) => (container(d).volumeMounts[0].subPath = "flink-conf.yaml")), cm()]))[0].message,
                /cannot be verified/,
            );
        });
    });
    describe("finding the ConfigMap", () => {
        it("flags a ConfigMap that is not in the stack (other name, other namespace, absent)", async () => {
            for (const stack of [[dep()], [dep(), cm((c) => (c.metadata.name = "other"))], [dep(), cm((c) => (c.metadata.namespace = "other"))]]) {
                const v = await stackViolations(policy, stack);
                assert.strictEqual(v.length, 1, JSON.stringify(v));
                assert.match(v[0].message, /ConfigMap flink-operator-config, which is not in this stack/);
            }
        });
        it("without namespaces, same provider: the same namespace; one side without one may be the other's", async () => {
            const prov = { type: "pulumi:providers:kubernetes", props: {}, urn: "urn:pulumi:dev::proj::pulumi:providers:kubernetes::default" };
            const noNs = (d: any) => delete d.metadata.namespace;
            assert.deepStrictEqual(await stackViolations(policy, [dep(noNs, { provider: prov }), cm(noNs, { provider: prov })]), []);
            assert.deepStrictEqual(await stackViolations(policy, [dep(noNs, { provider: prov }), cm()]), []);
            const bad = cm(
                (c) => {
                    noNs(c);
                    c.data["flink-conf.yaml"] = "a: 1\n";
                },
                { provider: prov },
            );
            assert.strictEqual((await stackViolations(policy, [dep(), bad])).length, 2);
        });
    });
    it("ignores Deployments that are not the operator, and recognises it by label, container name or image", async () => {
        const nginx = {
            type: TYPES.deployment,
            name: "web",
            props: {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "web" },
                spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } },
            },
        };
        assert.deepStrictEqual(await stackViolations(policy, [nginx]), []);
        const forms: ((d: any) => void)[] = [
            (d) => {
                container(d).name = "renamed";
            }, // still known by the chart label and image
            (d) => {
                delete d.metadata.labels;
                container(d).name = "renamed";
            }, // by the operator image alone
            (d) => {
                delete d.metadata.labels;
                container(d).image = "registry.local/mirror:1.15.0";
            }, // by the container name
            (d) => {
                d.metadata.name = "custom";
            }, // nameOverride
        ];
        for (const form of forms) assert.strictEqual((await stackViolations(policy, [dep(form)])).length, 1, String(form));
        // A mirrored chart under another name: known through chartNames.
        const mirror = (d: any) => {
            d.metadata.labels["helm.sh/chart"] = "acme-flink-operator-2.0.0";
            container(d).name = "acme-flink-operator";
            container(d).image = "registry.local/acme:2.0.0";
        };
        assert.deepStrictEqual(await stackViolations(policy, [dep(mirror)]), []);
        assert.strictEqual((await stackViolations(policy, [dep(mirror)], { chartNames: ["acme-flink-operator"] })).length, 1);
    });
    it("no violation from values unknown at preview (real proxy)", async () => {
        assert.deepStrictEqual(await stackViolations(policy, [dep(), cm((c) => (c.data = UNKNOWN_VALUE))], {}, true), []);
        assert.deepStrictEqual(await stackViolations(policy, [dep(), cm((c) => (c.data["flink-conf.yaml"] = UNKNOWN_VALUE))], {}, true), []);
        assert.deepStrictEqual(await stackViolations(policy, [dep(), cm((c) => (c.metadata.namespace = UNKNOWN_VALUE))], {}, true), []);
        assert.deepStrictEqual(await stackViolations(policy, [dep((d) => (d.spec.template.spec.volumes = UNKNOWN_VALUE)), cm()], {}, true), []);
        assert.deepStrictEqual(await stackViolations(policy, [dep((d) => (d.spec.template.spec.containers = UNKNOWN_VALUE))], {}, true), []);
    });
});
