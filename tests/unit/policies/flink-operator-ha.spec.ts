import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { flinkOperatorHa } from "../../../policies/policies";
import { CHART_DEFAULTS, isOperatorChart } from "../../../policies/operator";
import { parseLegacyFlinkConf } from "../../../components/core/flink/config";
import { TYPES } from "../../../policies/common";
import { OPERATOR } from "../../support/fixtures";
import { ResourceInput, UNKNOWN_VALUE, operatorDeployment, operatorRelease, remediate, violations } from "./harness";
import { CHART_DEFAULT_FLINK_CONF } from "../../../components/core";

const policy = flinkOperatorHa;
const CHART_DIR = path.join(OPERATOR, "helm/flink-kubernetes-operator");
const rel = (mutate: (p: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const p = operatorRelease();
    mutate(p);
    return { type: TYPES.helmRelease, props: p, name: "flink-operator", ...extra };
};
const LE = "kubernetes.operator.leader-election.enabled: true\nkubernetes.operator.leader-election.lease-name: flink-operator-lease\n";

describe("policy flink-operator-ha", () => {
    it("is mandatory with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        assert.ok(policy.configSchema!.properties.minReplicas);
    });
    it("CHART_DEFAULTS match the 1.15.0 chart's values.yaml", () => {
        const values = YAML.parse(fs.readFileSync(path.join(CHART_DIR, "values.yaml"), "utf8"));
        assert.strictEqual(values.replicas, CHART_DEFAULTS.replicas);
        assert.strictEqual(values.image.tag, CHART_DEFAULTS.image.tag);
        assert.strictEqual(values.defaultConfiguration.create, CHART_DEFAULTS.defaultConfiguration.create);
        assert.ok("flink-conf.yaml" in values.defaultConfiguration);
        assert.ok(!/leader-election/.test(values.defaultConfiguration["flink-conf.yaml"]));
    });
    it("recognises the chart by name, repo/name, path and package", () => {
        for (const c of [
            "flink-kubernetes-operator",
            "flink-operator-repo/flink-kubernetes-operator",
            CHART_DIR,
            CHART_DIR + "/",
            "./flink-kubernetes-operator-1.15.0.tgz",
            "oci://reg/charts/flink-kubernetes-operator",
        ])
            assert.ok(isOperatorChart(c), c);
        for (const c of ["cert-manager", "flink-kubernetes-operator-extras", 3]) assert.ok(!isOperatorChart(c), String(c));
    });
    describe("a local chart directory, known by its Chart.yaml name", () => {
        let root: string;
        const chartDir = (dirName: string, chartYaml?: string): string => {
            const dir = path.join(root, dirName);
            fs.mkdirSync(dir, { recursive: true });
            if (chartYaml !== undefined) fs.writeFileSync(path.join(dir, "Chart.yaml"), chartYaml);
            return dir;
        };
        before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), "policy-chart-"))));
        after(() => fs.rmSync(root, { recursive: true, force: true }));
        it("recognises the operator chart under another directory name, by absolute or relative path", async () => {
            const dir = chartDir("charts/flink-operator", "apiVersion: v2\nname: flink-kubernetes-operator\nversion: 1.15.0\n");
            assert.ok(isOperatorChart(dir));
            assert.ok(isOperatorChart(dir + "/"));
            assert.ok(isOperatorChart("./" + path.relative(process.cwd(), dir)));
            const v = await violations(
                policy,
                rel((p) => {
                    p.chart = dir;
                    p.values.replicas = 1;
                }),
            );
            assert.strictEqual(v.length, 1);
            assert.match(v[0], /runs 1 replica/);
        });
        it("goes by Chart.yaml's name over the directory's", () => {
            assert.ok(!isOperatorChart(chartDir("other/flink-kubernetes-operator", "apiVersion: v2\nname: cert-manager\nversion: 1.0.0\n")));
        });
        it("honours chartNames for a local chart's name", () => {
            const dir = chartDir("mirror", "apiVersion: v2\nname: acme-flink-operator\nversion: 1.0.0\n");
            assert.ok(!isOperatorChart(dir));
            assert.ok(isOperatorChart(dir, ["acme-flink-operator"]));
        });
        it("keeps the name heuristics without a readable Chart.yaml name", () => {
            assert.ok(!isOperatorChart(chartDir("plain/flink-operator")));
            assert.ok(isOperatorChart(chartDir("plain/flink-kubernetes-operator")));
            assert.ok(isOperatorChart(chartDir("broken/flink-kubernetes-operator", "name: [unclosed\n")));
            assert.ok(isOperatorChart(chartDir("unnamed/flink-kubernetes-operator", "apiVersion: v2\n")));
        });
    });
    it("parses flink-conf.yaml like Flink's legacy loader", () => {
        assert.deepStrictEqual(parseLegacyFlinkConf("a.b: 1 # note\n# c: 2\nbad line\nd: x: y\n"), { "a.b": "1", d: "x: y" });
    });
    it("passes 2 replicas with leader election and a lease", async () => assert.deepStrictEqual(await violations(policy, rel()), []));
    it("flags the chart's defaults (1 replica, no leader election, no lease)", async () => {
        const v = await violations(
            policy,
            rel((p) => (p.values = {})),
        );
        assert.strictEqual(v.length, 3);
        assert.match(v[0], /1 replica.*values\.replicas: 2/);
        assert.match(v[1], /leader election.*leader-election\.enabled: true/);
        assert.match(v[2], /lease name/);
    });
    it("flags one replica", async () =>
        assert.strictEqual(
            (
                await violations(
                    policy,
                    rel((p) => (p.values.replicas = 1)),
                )
            ).length,
            1,
        ));
    it("flags leader election disabled", async () => {
        const v = await violations(
            policy,
            rel((p) => (p.values.defaultConfiguration["flink-conf.yaml"] = LE.replace("enabled: true", "enabled: false"))),
        );
        assert.strictEqual(v.length, 1);
    });
    it("flags a missing lease name", async () => {
        const v = await violations(
            policy,
            rel((p) => (p.values.defaultConfiguration["flink-conf.yaml"] = "kubernetes.operator.leader-election.enabled: true\n")),
        );
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /lease-name/);
    });
    it("flags defaultConfiguration.create false", async () => {
        assert.match(
            (
                await violations(
                    policy,
                    rel((p) => (p.values.defaultConfiguration.create = false)),
                )
            )[0],
            /create: false/,
        );
    });
    it("reads config.yaml (nested keys) only when flink-conf.yaml is nulled, as the chart mounts it", async () => {
        const nested = "kubernetes.operator:\n  leader-election:\n    enabled: true\n    lease-name: lease\n";
        assert.deepStrictEqual(
            await violations(
                policy,
                rel((p) => {
                    p.allowNullValues = true;
                    p.values.defaultConfiguration = { "flink-conf.yaml": null, "config.yaml": nested };
                }),
            ),
            [],
        );
        // Without allowNullValues the provider drops the null: the chart's flink-conf.yaml (no leader election) is mounted.
        assert.strictEqual(
            (
                await violations(
                    policy,
                    rel((p) => (p.values.defaultConfiguration = { "flink-conf.yaml": null, "config.yaml": nested })),
                )
            ).length,
            2,
        );
        // With the chart's flink-conf.yaml key still present, config.yaml is not mounted.
        assert.strictEqual(
            (
                await violations(
                    policy,
                    rel((p) => (p.values.defaultConfiguration = { "config.yaml": nested })),
                )
            ).length,
            2,
        );
    });
    it("merges valueYamlFiles under values", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-"));
        const file = path.join(dir, "values.yaml");
        fs.writeFileSync(file, YAML.stringify({ replicas: 3, defaultConfiguration: { "flink-conf.yaml": LE } }));
        assert.deepStrictEqual(
            await violations(
                policy,
                rel((p) => (p.values = { image: { tag: "1.15.0" } }), {
                    props: { chart: "flink-kubernetes-operator", valueYamlFiles: [new pulumi.asset.FileAsset(file)], values: {} },
                }),
            ),
            [],
        );
        assert.strictEqual(
            (
                await violations(policy, {
                    type: TYPES.helmRelease,
                    props: {
                        chart: "flink-kubernetes-operator",
                        valueYamlFiles: [new pulumi.asset.StringAsset("replicas: 3\n")],
                        values: { defaultConfiguration: { "flink-conf.yaml": LE } },
                    },
                })
            ).length,
            0,
        );
        assert.strictEqual(
            (
                await violations(policy, {
                    type: TYPES.helmRelease,
                    props: {
                        chart: "flink-kubernetes-operator",
                        valueYamlFiles: [new pulumi.asset.StringAsset("replicas: 3\n")],
                        values: { replicas: 1, defaultConfiguration: { "flink-conf.yaml": LE } },
                    },
                })
            ).length,
            1,
        );
    });
    it("a values file it cannot read counts as unknown, not as a violation", async () => {
        assert.deepStrictEqual(
            await violations(policy, {
                type: TYPES.helmRelease,
                props: { chart: "flink-kubernetes-operator", valueYamlFiles: [new pulumi.asset.FileAsset("relative/values.yaml")] },
            }),
            [],
        );
    });
    it("honours minReplicas and chartNames", async () => {
        assert.strictEqual(
            (
                await violations(
                    policy,
                    rel(() => {}, { config: { minReplicas: 3 } }),
                )
            ).length,
            1,
        );
        assert.strictEqual(
            (
                await violations(
                    policy,
                    rel(
                        (p) => {
                            p.chart = "acme-flink-operator";
                            p.values.replicas = 1;
                        },
                        { config: { chartNames: ["acme-flink-operator"] } },
                    ),
                )
            ).length,
            1,
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                rel((p) => {
                    p.chart = "acme-flink-operator";
                    p.values.replicas = 1;
                }),
            ),
            [],
        );
    });
    it("ignores other charts", async () =>
        assert.deepStrictEqual(
            await violations(
                policy,
                rel((p) => {
                    p.chart = "cert-manager";
                    p.values = {};
                }),
            ),
            [],
        ));
    describe("remediation", () => {
        it("turns the chart's defaults into 2 replicas with leader election, keeping the chart's configuration text", async () => {
            const input = rel((p) => (p.values = { image: { tag: "1.15.0" } }));
            const fixed = await remediate(policy, input);
            assert.strictEqual(fixed?.values.replicas, 2);
            assert.deepStrictEqual(fixed?.values.image, { tag: "1.15.0" });
            const conf = parseLegacyFlinkConf(fixed?.values.defaultConfiguration["flink-conf.yaml"]);
            assert.strictEqual(conf["kubernetes.operator.leader-election.enabled"], "true");
            assert.strictEqual(conf["kubernetes.operator.leader-election.lease-name"], "flink-operator-lease");
            assert.strictEqual(conf["kubernetes.operator.reconcile.interval"], "15 s", "the chart's own settings are kept");
            assert.ok(fixed?.values.defaultConfiguration["flink-conf.yaml"].startsWith(CHART_DEFAULT_FLINK_CONF.trimEnd()));
            assert.strictEqual(fixed?.chart, input.props.chart);
            assert.deepStrictEqual(await violations(policy, { ...input, props: fixed! }), []);
        });
        it("fixes only what is missing: a disabled election, an absent lease, too few replicas for minReplicas", async () => {
            const disabled = await remediate(
                policy,
                rel((p) => (p.values.defaultConfiguration["flink-conf.yaml"] = "a.b: 1\n" + LE.replace("enabled: true", "enabled: false"))),
            );
            const conf = parseLegacyFlinkConf(disabled?.values.defaultConfiguration["flink-conf.yaml"]);
            assert.deepStrictEqual(
                [conf["a.b"], conf["kubernetes.operator.leader-election.enabled"], conf["kubernetes.operator.leader-election.lease-name"]],
                ["1", "true", "flink-operator-lease"],
            );
            const lease = await remediate(
                policy,
                rel(
                    (p) =>
                        (p.values.defaultConfiguration["flink-conf.yaml"] =
                            "kubernetes.operator.leader-election.enabled: true\nkubernetes.operator.leader-election.lease-name: mine\n"),
                ),
            );
            assert.strictEqual(lease, undefined, "nothing to fix");
            const three = await remediate(
                policy,
                rel(() => {}, { config: { minReplicas: 3 } }),
            );
            assert.strictEqual(three?.values.replicas, 3);
            assert.strictEqual(three?.values.defaultConfiguration["flink-conf.yaml"], operatorRelease().values.defaultConfiguration["flink-conf.yaml"]);
        });
        it("leaves compliant releases, other charts and what it cannot see alone", async () => {
            assert.strictEqual(await remediate(policy, rel()), undefined);
            assert.strictEqual(
                await remediate(
                    policy,
                    rel((p) => {
                        p.chart = "cert-manager";
                        p.values = {};
                    }),
                ),
                undefined,
            );
            assert.strictEqual(
                await remediate(
                    policy,
                    rel((p) => (p.values.defaultConfiguration.create = false)),
                ),
                undefined,
            );
            assert.strictEqual(
                await remediate(
                    policy,
                    rel((p) => {
                        p.allowNullValues = true;
                        p.values.defaultConfiguration = { "flink-conf.yaml": null, "config.yaml": "a: 1\n" };
                    }),
                ),
                undefined,
            );
            assert.strictEqual(
                await remediate(policy, {
                    type: TYPES.helmRelease,
                    props: { chart: "flink-kubernetes-operator", valueYamlFiles: [new pulumi.asset.FileAsset("relative/values.yaml")] },
                }),
                undefined,
            );
            assert.strictEqual(
                await remediate(
                    policy,
                    rel((p) => (p.values.replicas = UNKNOWN_VALUE), { preview: true }),
                ),
                undefined,
            );
        });
    });
    describe("values unknown at preview (real proxy)", () => {
        it("no violation from unknown replicas, conf text, values or chart", async () => {
            assert.deepStrictEqual(
                await violations(
                    policy,
                    rel((p) => (p.values.replicas = UNKNOWN_VALUE), { preview: true }),
                ),
                [],
            );
            assert.deepStrictEqual(
                await violations(
                    policy,
                    rel((p) => (p.values.defaultConfiguration["flink-conf.yaml"] = UNKNOWN_VALUE), { preview: true }),
                ),
                [],
            );
            assert.deepStrictEqual(
                await violations(
                    policy,
                    rel((p) => (p.values = UNKNOWN_VALUE), { preview: true }),
                ),
                [],
            );
            assert.deepStrictEqual(
                await violations(
                    policy,
                    rel(
                        (p) => {
                            p.chart = UNKNOWN_VALUE;
                            p.values = {};
                        },
                        { preview: true },
                    ),
                ),
                [],
            );
        });
        it("known violations are still reported", async () => {
            const v = await violations(
                policy,
                rel(
                    (p) => {
                        p.values.replicas = 1;
                        p.values.defaultConfiguration["flink-conf.yaml"] = UNKNOWN_VALUE;
                    },
                    { preview: true },
                ),
            );
            assert.strictEqual(v.length, 1);
        });
    });
    describe("the operator's Deployment as helm.v3.Chart / helm.v4.Chart / yaml.* / a raw manifest register it", () => {
        const dep = (mutate: (d: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
            const d = operatorDeployment();
            mutate(d);
            return { type: TYPES.deployment, props: d, name: "flink-operator:flink-operator/flink-kubernetes-operator", ...extra };
        };
        const container = (d: any) => d.spec.template.spec.containers[0];
        for (const [replicas, expected] of [
            [2, 0],
            [3, 0],
            [1, 1],
            [0, 1],
            [undefined, 1],
            [null, 1],
            ["2", 1],
        ] as const) {
            it(`spec.replicas ${JSON.stringify(replicas)}: ${expected ? "flagged" : "passes"}`, async () => {
                const v = await violations(
                    policy,
                    dep((d) => (replicas === undefined ? delete d.spec.replicas : (d.spec.replicas = replicas))),
                );
                assert.strictEqual(v.length, expected, v.join("\n"));
                if (expected) assert.match(v[0], /spec\.replicas: the Flink operator Deployment .* at least 2.*values\.replicas/);
            });
        }
        it("honours minReplicas and chartNames", async () => {
            assert.strictEqual(
                (
                    await violations(
                        policy,
                        dep(() => {}, { config: { minReplicas: 3 } }),
                    )
                ).length,
                1,
            );
            const mirror = (d: any) => {
                d.spec.replicas = 1;
                d.metadata.labels["helm.sh/chart"] = "acme-flink-operator-2.0.0";
                container(d).name = "acme";
                container(d).image = "registry.local/acme:2.0.0";
            };
            assert.deepStrictEqual(await violations(policy, dep(mirror)), []);
            assert.strictEqual((await violations(policy, dep(mirror, { config: { chartNames: ["acme-flink-operator"] } }))).length, 1);
        });
        it("recognises the operator by chart label, container name or operator image; not the webhook alone, not other apps", async () => {
            const one = (d: any) => (d.spec.replicas = 1);
            for (const form of [
                (d: any) => {
                    one(d);
                    container(d).name = "x";
                },
                (d: any) => {
                    one(d);
                    delete d.metadata.labels;
                    container(d).name = "x";
                },
                (d: any) => {
                    one(d);
                    delete d.metadata.labels;
                    container(d).image = "mirror/op:1";
                },
            ])
                assert.strictEqual((await violations(policy, dep(form))).length, 1);
            const webhookOnly = (d: any) => {
                one(d);
                delete d.metadata.labels;
                d.spec.template.spec.containers.splice(0, 1);
            };
            assert.deepStrictEqual(await violations(policy, dep(webhookOnly)), []);
            assert.deepStrictEqual(
                await violations(policy, {
                    type: TYPES.deployment,
                    name: "web",
                    props: { metadata: { name: "web" }, spec: { replicas: 1, template: { spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } } },
                }),
                [],
            );
        });
        it("no violation from unknown replicas or containers at preview (real proxy)", async () => {
            assert.deepStrictEqual(
                await violations(
                    policy,
                    dep((d) => (d.spec.replicas = UNKNOWN_VALUE), { preview: true }),
                ),
                [],
            );
            assert.deepStrictEqual(
                await violations(
                    policy,
                    dep(
                        (d) => {
                            d.spec.replicas = 1;
                            d.spec.template.spec.containers = UNKNOWN_VALUE;
                            delete d.metadata.labels;
                        },
                        { preview: true },
                    ),
                ),
                [],
            );
        });
    });
    describe("patches of the operator's Deployment and ConfigMap, judged on what they set", () => {
        const depPatch = (props: Record<string, any>, extra: Partial<ResourceInput> = {}): ResourceInput => ({
            type: TYPES.deploymentPatch,
            props: { apiVersion: "apps/v1", kind: "Deployment", ...props },
            name: "scale-operator",
            ...extra,
        });
        const cmPatch = (data: Record<string, any>, name = "flink-operator-config"): ResourceInput => ({
            type: TYPES.configMapPatch,
            props: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "flink-operator" }, data },
            name: "conf-patch",
        });
        const meta = { name: "flink-kubernetes-operator", namespace: "flink-operator" };
        for (const [replicas, flagged] of [
            [1, true],
            [0, true],
            ["3", true],
            [2, false],
            [5, false],
        ] as const) {
            it(`a DeploymentPatch of the operator setting replicas ${JSON.stringify(replicas)}: ${flagged ? "flagged" : "passes"}`, async () => {
                const v = await violations(policy, depPatch({ metadata: meta, spec: { replicas } }));
                assert.strictEqual(v.length, flagged ? 1 : 0, v.join("\n"));
                if (flagged) assert.match(v[0], /set by this DeploymentPatch/);
            });
        }
        it("a DeploymentPatch that leaves replicas alone, or of another Deployment, is not this policy's", async () => {
            assert.deepStrictEqual(await violations(policy, depPatch({ metadata: meta, spec: { template: { metadata: { annotations: { a: "b" } } } } })), []);
            assert.deepStrictEqual(await violations(policy, depPatch({ metadata: { name: "web" }, spec: { replicas: 1 } })), []);
            assert.strictEqual(
                (
                    await violations(
                        policy,
                        depPatch({ metadata: { name: "renamed", labels: { "helm.sh/chart": "flink-kubernetes-operator-1.15.0" } }, spec: { replicas: 1 } }),
                    )
                ).length,
                1,
            );
            assert.strictEqual(
                (await violations(policy, depPatch({ metadata: { name: "acme" }, spec: { replicas: 1 } }, { config: { chartNames: ["acme"] } }))).length,
                1,
            );
        });
        it("a ConfigMapPatch replacing the operator's flink-conf.yaml or config.yaml without leader election is flagged", async () => {
            const v = await violations(policy, cmPatch({ "flink-conf.yaml": "kubernetes.operator.reconcile.interval: 30 s\n" }));
            assert.strictEqual(v.length, 2, v.join("\n"));
            assert.match(
                v[0],
                /^data\.flink-conf\.yaml: ConfigMapPatch conf-patch replaces the Flink operator's flink-conf\.yaml, which then does not enable leader election/,
            );
            assert.strictEqual(
                (await violations(policy, cmPatch({ "config.yaml": "kubernetes.operator:\n  leader-election:\n    enabled: false\n    lease-name: l\n" })))
                    .length,
                1,
            );
        });
        it("a ConfigMapPatch keeping leader election, touching other keys, or of another ConfigMap passes", async () => {
            assert.deepStrictEqual(await violations(policy, cmPatch({ "flink-conf.yaml": LE })), []);
            assert.deepStrictEqual(await violations(policy, cmPatch({ "log4j-operator.properties": "rootLogger.level = DEBUG\n" })), []);
            assert.deepStrictEqual(await violations(policy, cmPatch({ "flink-conf.yaml": "a: 1\n" }, "my-app-config")), []);
            assert.deepStrictEqual(await violations(policy, { ...cmPatch({ "flink-conf.yaml": UNKNOWN_VALUE }), preview: true }), []);
        });
    });
});
