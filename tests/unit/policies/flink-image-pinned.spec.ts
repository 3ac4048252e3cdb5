import * as assert from "assert";
import { flinkImagePinned } from "../../../policies/policies";
import { TYPES } from "../../../policies/common";
import { OPERATOR, applicationDeployment } from "../../support/fixtures";
import { renderOperator } from "../../../components/operator/values";
import * as path from "path";

const CHART = path.join(OPERATOR, "helm/flink-kubernetes-operator");
import { ResourceInput, UNKNOWN_VALUE, operatorDeployment, operatorRelease, violations } from "./harness";

const policy = flinkImagePinned;
const dep = (mutate: (d: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const d = applicationDeployment();
    mutate(d);
    return { type: TYPES.flinkDeployment, props: d, name: "orders", ...extra };
};
const rel = (mutate: (p: any) => void = () => {}, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const p = operatorRelease();
    mutate(p);
    return { type: TYPES.helmRelease, props: p, name: "flink-operator", ...extra };
};
const withContainers = (d: any, image: unknown) =>
    (d.spec.taskManager.podTemplate = { spec: { containers: [{ name: "flink-main-container" }, { name: "sidecar", image }] } });

describe("policy flink-image-pinned", () => {
    it("is advisory with a config schema", () => {
        assert.strictEqual(policy.enforcementLevel, "advisory");
        assert.ok(policy.configSchema);
    });
    it("passes pinned images", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => withContainers(d, "fluent/fluent-bit:3.1")),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                dep((d) => (d.spec.image = "registry:5000/flink@sha256:abc")),
            ),
            [],
        );
        assert.deepStrictEqual(await violations(policy, rel()), []);
    });
    it("passes the release the FlinkOperator component renders by default, and flags the chart's own latest", async () => {
        const rendered = renderOperator("flink-operator", { chartPath: CHART });
        const release = { ...rendered.release, values: rendered.values };
        assert.deepStrictEqual(await violations(policy, { type: TYPES.helmRelease, props: release, name: "flink-operator" }), []);
        const chartDefault = { ...release, values: { ...rendered.values, image: undefined } };
        assert.match((await violations(policy, { type: TYPES.helmRelease, props: chartDefault, name: "flink-operator" }))[0], /runs image tag latest/);
    });
    it("flags an untagged spec.image (engine rule image-tag, reported as a violation)", async () => {
        const v = await violations(
            policy,
            dep((d) => (d.spec.image = "registry:5000/flink")),
        );
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /has no tag.*\[rule image-tag\]/);
    });
    it("flags :latest spec.image", async () =>
        assert.match(
            (
                await violations(
                    policy,
                    dep((d) => (d.spec.image = "flink:latest")),
                )
            )[0],
            /:latest/,
        ));
    it("flags pod template containers", async () => {
        const v = await violations(
            policy,
            dep((d) => withContainers(d, "fluent/fluent-bit")),
        );
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /spec\.taskManager\.podTemplate\.spec\.containers\[1\]\.image/);
        assert.strictEqual(
            (
                await violations(
                    policy,
                    dep((d) => (d.spec.podTemplate = { spec: { initContainers: [{ name: "init", image: "busybox:latest" }] } })),
                )
            ).length,
            1,
        );
    });
    it("flags the operator chart's default image tag (latest) and an explicit latest", async () => {
        assert.match(
            (
                await violations(
                    policy,
                    rel((p) => delete p.values.image),
                )
            )[0],
            /values\.image\.tag.*latest/,
        );
        assert.strictEqual(
            (
                await violations(
                    policy,
                    rel((p) => (p.values.image.tag = "latest")),
                )
            ).length,
            1,
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                rel((p) => (p.values.image = { digest: "sha256:abc" })),
            ),
            [],
        );
    });
    it("honours operatorChartNames, as flink-operator-ha honours chartNames", async () => {
        assert.deepStrictEqual(Object.keys(policy.configSchema!.properties), ["operatorChartNames"]);
        const mirror = (p: any) => {
            p.chart = "acme-flink-operator";
            p.values.image.tag = "latest";
        };
        assert.deepStrictEqual(await violations(policy, rel(mirror)), []);
        const v = await violations(policy, rel(mirror, { config: { operatorChartNames: ["acme-flink-operator"] } }));
        assert.strictEqual(v.length, 1);
        assert.match(v[0], /^values\.image\.tag: .*runs image tag latest/);
    });
    it("no violation from unknown images at preview (real proxy)", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                dep(
                    (d) => {
                        d.spec.image = UNKNOWN_VALUE;
                        withContainers(d, UNKNOWN_VALUE);
                    },
                    { preview: true },
                ),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                rel((p) => (p.values.image.tag = UNKNOWN_VALUE), { preview: true }),
            ),
            [],
        );
        assert.deepStrictEqual(
            await violations(
                policy,
                rel((p) => (p.values.image = UNKNOWN_VALUE), { preview: true }),
            ),
            [],
        );
    });
    describe("the operator's Deployment (helm.v3.Chart, helm.v4.Chart, yaml.*, raw)", () => {
        const opDep = (image: string, webhookImage = image): ResourceInput => {
            const d = operatorDeployment();
            d.spec.template.spec.containers[0].image = image;
            d.spec.template.spec.containers[1].image = webhookImage;
            return { type: TYPES.deployment, props: d, name: "flink-kubernetes-operator" };
        };
        const repo = "ghcr.io/apache/flink-kubernetes-operator";
        for (const [image, flagged] of [
            [`${repo}:1.15.0`, false],
            [`${repo}@sha256:${"a".repeat(64)}`, false],
            [`${repo}:1.15.0@sha256:${"b".repeat(64)}`, false],
            [`${repo}:latest`, true],
            [repo, true],
            [`${repo}:`, true],
            ["localhost:5000/flink-kubernetes-operator", true],
            ["localhost:5000/flink-kubernetes-operator:1.15.0", false],
        ] as const) {
            it(`${image}: ${flagged ? "flagged (operator and webhook containers)" : "passes"}`, async () => {
                const v = await violations(policy, opDep(image));
                assert.strictEqual(v.length, flagged ? 2 : 0, v.join("\n"));
                if (flagged) assert.match(v[0], /containers\[0\]\.image: the Flink operator Deployment .* Pin the operator version/);
            });
        }
        it("other Deployments are not this policy's business", async () => {
            assert.deepStrictEqual(
                await violations(policy, {
                    type: TYPES.deployment,
                    name: "web",
                    props: { spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx" }] } } } },
                }),
                [],
            );
        });
    });
});
