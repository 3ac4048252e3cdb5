/**
 * Flink resources changed through CustomResourcePatch (kubernetes:flink.apache.org/v1beta1:<Kind>Patch): judged on
 * what they set (policies/common.ts judgePatch). A value the patch sets that is wrong, or that needs fields the patch
 * does not bring (jobManager.replicas: 2 without HA), is reported; a field it leaves out is not.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { policies } from "../../../policies/policies";
import { TYPES, flinkResourceOfType, judgePatch, patchLeaves } from "../../../policies/common";
import { applicationDeployment, savepointSnapshot, sessionJob } from "../../support/fixtures";
import { ResourceInput, UNKNOWN_VALUE, packViolations } from "./harness";

const patch = (type: string, spec: Record<string, any>, extra: Partial<ResourceInput> = {}): ResourceInput => {
    const kind = type.replace(/^.*:(\w+)Patch$/, "$1");
    return {
        type,
        props: { apiVersion: "flink.apache.org/v1beta1", kind, metadata: { name: "orders", namespace: "flink" }, spec },
        name: "orders-patch",
        ...extra,
    };
};
const depPatch = (spec: Record<string, any>, extra?: Partial<ResourceInput>) => patch(TYPES.flinkDeploymentPatch, spec, extra);
const HA = { "high-availability.type": "kubernetes", "high-availability.storageDir": "s3://bucket/ha" };
const pack = (input: ResourceInput) => packViolations(policies, input);

/** Every path of a document's values below spec (arrays whole). */
function leafPaths(doc: any): string[][] {
    return patchLeaves(doc).filter((p) => p[0] === "spec");
}

function subsetDoc(doc: any, keep: string[][]): any {
    const out: any = { apiVersion: doc.apiVersion, kind: doc.kind, metadata: doc.metadata, spec: {} };
    for (const path of keep) {
        let src = doc;
        let dst = out;
        for (let i = 0; i < path.length - 1; i++) {
            src = src[path[i]];
            dst = dst[path[i]] ??= {};
        }
        dst[path[path.length - 1]] = src[path[path.length - 1]];
    }
    return out;
}

describe("policies on CustomResourcePatch of Flink resources", () => {
    it("recognises the patch type tokens of every Flink kind", () => {
        for (const kind of ["FlinkDeployment", "FlinkSessionJob", "FlinkStateSnapshot", "FlinkBlueGreenDeployment"]) {
            assert.deepStrictEqual(flinkResourceOfType(`kubernetes:flink.apache.org/v1beta1:${kind}Patch`), { kind, patch: true });
            assert.deepStrictEqual(flinkResourceOfType(`kubernetes:flink.apache.org/v1beta1:${kind}`), { kind, patch: false });
        }
        for (const other of [
            "kubernetes:flink.apache.org/v1beta1:FlinkDeploymentList",
            "kubernetes:apps/v1:DeploymentPatch",
            "kubernetes:flink.apache.org/v1beta1:FlinkBlueGreenDeploymentList",
        ]) {
            assert.strictEqual(flinkResourceOfType(other), undefined, other);
        }
    });

    it("a patch that leaves required fields out is not reported (the same document as a whole object is)", async () => {
        const spec = { image: "flink:1.20.1" };
        assert.deepStrictEqual(await pack(depPatch(spec)), []);
        const whole = await pack({ ...depPatch(spec), type: TYPES.flinkDeployment });
        assert.ok(whole.length >= 4, whole.join("\n")); // flinkVersion, serviceAccount, memory, HA, replicas...
        assert.deepStrictEqual(await pack(patch(TYPES.flinkSessionJobPatch, { job: { parallelism: 4 } })), []);
        assert.deepStrictEqual(await pack(patch(TYPES.flinkStateSnapshotPatch, { backoffLimit: 3 })), []);
    });

    describe("what a patch sets is held to the rules (table)", () => {
        const cases: { name: string; input: ResourceInput; policy: string; match: RegExp }[] = [
            {
                name: "jobManager.replicas: 2 without HA",
                input: depPatch({ jobManager: { replicas: 2 } }),
                policy: "flink-engine-rules",
                match: /spec\.jobManager\.replicas: High availability should be enabled.*standby-jobmanagers-require-ha.*set by this FlinkDeploymentPatch/,
            },
            {
                name: "jobManager.replicas: 1 (below minJobManagerReplicas)",
                input: depPatch({ jobManager: { replicas: 1 } }),
                policy: "flink-deployment-ha",
                match: /runs 1 JobManager replica;/,
            },
            {
                name: "jobManager.replicas: 0",
                input: depPatch({ jobManager: { replicas: 0 } }),
                policy: "flink-engine-rules",
                match: /JobManager replicas should not be configured less than one/,
            },
            {
                name: "high-availability.type: none",
                input: depPatch({ flinkConfiguration: { "high-availability.type": "none" } }),
                policy: "flink-deployment-ha",
                match: /without high availability \(high-availability\.type: none\)/,
            },
            {
                name: "high-availability.type: zookeeper",
                input: depPatch({ flinkConfiguration: { "high-availability.type": "zookeeper", "high-availability.storageDir": "s3://x" } }),
                policy: "flink-deployment-ha",
                match: /requires Kubernetes HA/,
            },
            {
                name: "HA without a storage dir",
                input: depPatch({ flinkConfiguration: { "high-availability.type": "kubernetes" } }),
                policy: "flink-deployment-ha",
                match: /storageDir/,
            },
            {
                name: "an unparseable memory",
                input: depPatch({ taskManager: { resource: { memory: "lots" } } }),
                policy: "flink-engine-rules",
                match: /memory/,
            },
            {
                name: "a forbidden configuration key",
                input: depPatch({ flinkConfiguration: { "kubernetes.namespace": "x" } }),
                policy: "flink-engine-rules",
                match: /Forbidden Flink config key/,
            },
            { name: "an unsupported flinkVersion", input: depPatch({ flinkVersion: "v1_12" }), policy: "flink-engine-rules", match: /spec\.flinkVersion/ },
            { name: "job.parallelism: 0", input: depPatch({ job: { parallelism: 0 } }), policy: "flink-engine-rules", match: /parallelism/ },
            {
                name: "upgradeMode savepoint without state directories",
                input: depPatch({ job: { upgradeMode: "savepoint" } }),
                policy: "flink-stateful-job-storage",
                match: /Checkpoint directory/,
            },
            { name: "an untagged image", input: depPatch({ image: "flink" }), policy: "flink-image-pinned", match: /no tag/ },
            {
                name: "a :latest pod template image",
                input: depPatch({ podTemplate: { spec: { containers: [{ name: "side", image: "busybox:latest" }] } } }),
                policy: "flink-image-pinned",
                match: /busybox:latest/,
            },
            { name: "a typo'd field", input: depPatch({ jobManger: { replicas: 2 } }), policy: "flink-engine-rules", match: /jobManger.*schema-unknown-field/ },
            {
                name: "a session job jar on a restricted host",
                input: patch(TYPES.flinkSessionJobPatch, { job: { jarURI: "https://[::ffff:169.254.169.254]/x.jar" } }),
                policy: "flink-engine-rules",
                match: /restricted address/,
            },
            {
                name: "a session job jar with a refused scheme",
                input: patch(TYPES.flinkSessionJobPatch, { job: { jarURI: "ftp://repo/x.jar" } }),
                policy: "flink-engine-rules",
                match: /jarURI scheme 'ftp'/,
            },
            {
                name: "a snapshot with both savepoint and checkpoint",
                input: patch(TYPES.flinkStateSnapshotPatch, { savepoint: {}, checkpoint: {} }),
                policy: "flink-engine-rules",
                match: /snapshot-exactly-one-type/,
            },
        ];
        for (const c of cases) {
            it(`reports ${c.name} (${c.policy})`, async () => {
                const v = await pack(c.input);
                assert.ok(
                    v.some((m) => m.startsWith(`${c.policy}: `) && c.match.test(m)),
                    v.join("\n") || "(none)",
                );
                assert.ok(
                    v.every((m) => /\(set by this Flink\w+Patch\)$/.test(m)),
                    v.join("\n"),
                );
            });
        }
        it("replicas: 2 with the HA settings in the same patch passes", async () => {
            assert.deepStrictEqual(await pack(depPatch({ jobManager: { replicas: 2 }, flinkConfiguration: HA })), []);
        });
        it("scoped policies apply to patches by the patch's namespace", async () => {
            const input = depPatch({ jobManager: { replicas: 1 } }, { config: { namespaces: ["prod"] } });
            assert.deepStrictEqual(
                (await pack(input)).filter((m) => m.startsWith("flink-deployment-ha")),
                [],
            );
        });
        it("no violation from a value unknown at preview (real proxy)", async () => {
            assert.deepStrictEqual(await pack(depPatch({ jobManager: { replicas: UNKNOWN_VALUE } }, { preview: true })), []);
        });
    });

    describe("properties (fast-check)", () => {
        const valid = applicationDeployment();
        const leaves = leafPaths(valid);
        const config = leaves.filter((p) => p[1] === "flinkConfiguration");
        const others = leaves.filter((p) => p[1] !== "flinkConfiguration");
        it("any part of a valid FlinkDeployment, with its configuration, is a patch no policy reports", async () => {
            await fc.assert(
                fc.asyncProperty(fc.subarray(others, { minLength: 1 }), async (keep) => {
                    const v = await pack({ type: TYPES.flinkDeploymentPatch, props: subsetDoc(valid, [...keep, ...config]), name: "p" });
                    assert.deepStrictEqual(v, [], JSON.stringify(keep));
                }),
                { numRuns: 150 },
            );
        });
        it("any part of a valid FlinkDeployment that needs nothing else (1 JobManager, stateless) is a patch no policy reports", async () => {
            const simple = applicationDeployment();
            simple.spec.jobManager.replicas = 1;
            simple.spec.job.upgradeMode = "stateless";
            simple.spec.flinkConfiguration = { "taskmanager.numberOfTaskSlots": "2" };
            const all = leafPaths(simple).filter((p) => p.join(".") !== "spec.jobManager.replicas");
            await fc.assert(
                fc.asyncProperty(fc.subarray(all, { minLength: 1 }), async (keep) => {
                    const v = await pack({ type: TYPES.flinkDeploymentPatch, props: subsetDoc(simple, keep), name: "p" });
                    assert.deepStrictEqual(v, [], JSON.stringify(keep));
                }),
                { numRuns: 150 },
            );
        });
        it("a bad value placed in any part of a valid FlinkDeployment is reported", async () => {
            const bad: [string[], unknown][] = [
                [["spec", "jobManager", "replicas"], 0],
                [["spec", "taskManager", "replicas"], -1],
                [["spec", "job", "parallelism"], -2],
                [["spec", "jobManager", "resource", "memory"], "much"],
                [["spec", "image"], "flink:latest"],
                [["spec", "flinkConfiguration", "high-availability.type"], "NONE"],
            ];
            await fc.assert(
                fc.asyncProperty(fc.subarray(others), fc.constantFrom(...bad), async (keep, [path, value]) => {
                    const doc = subsetDoc(valid, [...keep, ...config]);
                    let at = doc;
                    for (const seg of path.slice(0, -1)) at = at[seg] ??= {};
                    at[path[path.length - 1]] = value;
                    const v = await pack({ type: TYPES.flinkDeploymentPatch, props: doc, name: "p" });
                    assert.ok(v.length > 0, `${path.join(".")}=${JSON.stringify(value)} with ${JSON.stringify(keep)}`);
                }),
                { numRuns: 150 },
            );
        });
    });

    it("judgePatch keeps a finding only when a value the patch sets causes it", () => {
        const check = (doc: any, report: (m: string) => void) => {
            if (doc.spec?.a === 1 && doc.spec?.b !== 2) report("a needs b");
            if (doc.spec?.c === undefined) report("c missing");
        };
        assert.deepStrictEqual(judgePatch({ metadata: { name: "x" }, spec: { a: 1 } }, check), ["a needs b"]);
        assert.deepStrictEqual(judgePatch({ metadata: { name: "x" }, spec: { a: 1, b: 2 } }, check), []);
        assert.deepStrictEqual(judgePatch({ metadata: { name: "x" }, spec: { d: 1 } }, check), []);
    });

    it("whole Flink objects from yaml.ConfigFile/ConfigGroup and charts have the CustomResource type tokens and are checked as such", async () => {
        // (The engine's view of each form is asserted by e2e 11.) A whole object is not judged as a patch.
        const d = applicationDeployment();
        delete d.spec.serviceAccount;
        assert.ok((await pack({ type: TYPES.flinkDeployment, props: d, name: "from-yaml" })).some((m) => /service-account-required/.test(m)));
        const j = sessionJob();
        j.spec.job.jarURI = "https://127.0.0.1/x.jar";
        assert.ok((await pack({ type: TYPES.flinkSessionJob, props: j, name: "from-yaml" })).some((m) => /restricted/.test(m)));
        assert.deepStrictEqual(await pack({ type: TYPES.flinkStateSnapshot, props: savepointSnapshot(), name: "s" }), []);
    });
});
