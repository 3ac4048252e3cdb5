/**
 * FlinkBlueGreenDeployment: the blue/green rules both ways, its template checked with every FlinkDeployment rule (the
 * FlinkDeployment rule table's cases, wrapped into a template), the operator's upstream examples, Flink's duration
 * parser against verdicts of the real one, and the component under mocks (readiness, outputs, refusals, the operator
 * option, helpers, values known later).
 */
import "../support/mocks";
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { EXAMPLES_DIR, OPERATOR, applicationDeployment, readManifests, yamlFiles } from "../support/fixtures";
import { customResources, deferredFailure, dependencies, mockStatus, registered, resetRegistered, settle, valueOf, warnings } from "../support/mocks";
import { Case, failing, passing } from "../fixtures/admission-cases";
import { blueGreenDeployment, blueGreenFailing, blueGreenPassing } from "../fixtures/blue-green-cases";
import { RULES, SourcedDocument, UNKNOWN, validate } from "../../components/rules";
import { FlinkBlueGreenDeployment, FlinkDeployment, FlinkOperator, FlinkValidationError, OperatorWebhook, UpgradeMode } from "../../components";
import { BlueGreenConfigKey, FlinkBlueGreenDeploymentSpec, FlinkBlueGreenDeploymentState, KubernetesDeploymentMode } from "../../components/core/flink/types";
import { activeChild, blueGreenWaitFor } from "../../components/flink/blue-green";
import { childDeployment } from "../../components/core/flink/blue-green";
import { parseFlinkDuration } from "../../components/core/java/duration";
import { crd } from "../support/crd-conformance";
import { main } from "../../components/cli/main";
import * as fs from "fs";
import * as os from "os";
import * as YAML from "yaml";
import { policies } from "../../policies/policies";
import { TYPES } from "../../policies/common";
import { packViolations, stackViolations } from "./policies/harness";
import { flinkSessionJobTarget } from "../../policies/policies";

const BG_EXAMPLES = path.join(EXAMPLES_DIR, "bluegreen");
const CHART = path.join(OPERATOR, "helm/flink-kubernetes-operator");
const ACTIVE_RUNNING = 'jsonpath={$[?@.blueGreenState=="ACTIVE_BLUE" || @.blueGreenState=="ACTIVE_GREEN"].jobStatus.state}=RUNNING';

function run(c: Case) {
    const doc = c.base();
    c.mutate(doc);
    const docs: SourcedDocument[] = [{ doc }, ...(c.with?.() ?? []).map((d) => ({ doc: d }))];
    return validate(docs, c.options).findings.filter((f) => f.rule === c.rule && f.kind === doc.kind && f.name === (doc.metadata?.name ?? "(unnamed)"));
}

/** A FlinkDeployment case's document as the template of a blue/green deployment of the same name and namespace. */
function wrap(fd: any): any {
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkBlueGreenDeployment",
        metadata: { name: fd.metadata?.name, namespace: fd.metadata?.namespace },
        spec: { template: { spec: fd.spec } },
    };
}

/**
 * FlinkDeployment cases that can be wrapped: those that change only the spec (a template has no metadata of its own
 * that reaches the child, and no apiVersion), on a FlinkDeployment base.
 */
function wrappable(c: Case): { doc: any; fd: any } | undefined {
    const fd = c.base();
    if (fd.kind !== "FlinkDeployment") return undefined;
    const before = JSON.stringify({ ...fd, spec: undefined });
    c.mutate(fd);
    const spec = fd.spec;
    if (JSON.stringify({ ...fd, spec: undefined }) !== before || spec === undefined || spec === null) return undefined;
    if (c.path !== undefined && !c.path.startsWith("spec")) return undefined;
    return { doc: wrap(fd), fd };
}

/**
 * FlinkDeployment cases the operator judges differently in a template, with the rule that catches them there. The
 * operator puts "green-" in front of a child's ingress template: "green-https://host:-8/x" has no scheme, gets
 * http:// and then reads as host "green-https" with an empty port, which java.net.URL accepts; the ingress is wrong.
 */
const DIFFERENT_IN_TEMPLATE: { [caseName: string]: string } = {
    "ingress-template-valid: negative port": "bluegreen-template-ingress-scheme",
};

/** Rules of the FlinkDeployment table that cannot apply to a template: they are about the child's metadata, which the operator writes. */
const NOT_TEMPLATE_RULES = ["api-version", "metadata-name", "deployment-name", "schema-required"];

describe("FlinkBlueGreenDeployment", () => {
    describe("rules", () => {
        it("the valid fixture has no findings at all", () => assert.deepStrictEqual(validate([{ doc: blueGreenDeployment() }]).findings, []));

        describe("fail", () => {
            for (const c of blueGreenFailing) {
                it(`${c.rule}: ${c.title}`, () => {
                    const findings = run(c);
                    assert.ok(findings.length > 0, `expected a ${c.rule} finding`);
                    if (c.path !== undefined) assert.strictEqual(findings[0].path, c.path);
                    if (c.message) assert.match(findings[0].message, c.message);
                });
            }
        });

        describe("pass", () => {
            for (const c of blueGreenPassing) it(`${c.rule}: ${c.title}`, () => assert.deepStrictEqual(run(c), []));
        });

        it("every blue/green rule has a failing and a passing case", () => {
            const ids = RULES.filter((r) => r.id.startsWith("bluegreen-")).map((r) => r.id);
            assert.ok(ids.length >= 8, ids.join(", "));
            for (const id of ids) {
                assert.ok(
                    blueGreenFailing.some((c) => c.rule === id),
                    `${id}: no failing case`,
                );
                assert.ok(
                    blueGreenPassing.some((c) => c.rule === id),
                    `${id}: no passing case`,
                );
            }
        });

        it("reports every problem at once, template and parent alike", () => {
            const doc = blueGreenDeployment();
            doc.metadata.name = "x".repeat(42);
            doc.spec.configuration[BlueGreenConfigKey.DeploymentDeletionDelay] = "soon";
            doc.spec.template.spec.jobManger = {};
            doc.spec.template.spec.job.parallelism = 0;
            const errors = validate([{ doc }])
                .findings.filter((f) => f.severity === "error")
                .map((f) => `${f.path} [${f.rule}]`)
                .sort();
            assert.deepStrictEqual(errors, [
                "metadata.name [bluegreen-name]",
                'spec.configuration["kubernetes.operator.bluegreen.deployment-deletion.delay"] [bluegreen-configuration]',
                "spec.template.spec.job.parallelism [job-parallelism]",
                "spec.template.spec.jobManger [schema-unknown-field]",
            ]);
        });

        it("the CRD schema holds for the whole resource: unknown fields at every level, types and enums in the template", () => {
            const doc = blueGreenDeployment();
            doc.spec.templates = {};
            doc.spec.template.metdata = {};
            doc.spec.template.spec.job.upgradeMode = "stateful";
            doc.spec.configuration.x = 5;
            const found = validate([{ doc }])
                .findings.filter((f) => f.rule.startsWith("schema-"))
                .map((f) => `${f.path} [${f.rule}]`)
                .sort();
            assert.deepStrictEqual(found, [
                "spec.configuration.x [schema-type]",
                "spec.template.metdata [schema-unknown-field]",
                "spec.template.spec.job.upgradeMode [schema-enum]",
                "spec.templates [schema-unknown-field]",
            ]);
        });
    });

    describe("the template is checked with every FlinkDeployment rule", () => {
        const wrappedFailing = failing.filter((c) => wrappable(c) !== undefined && !NOT_TEMPLATE_RULES.includes(c.rule));
        for (const c of wrappedFailing) {
            it(`refused in a template: ${c.rule}: ${c.title}`, () => {
                const { doc } = wrappable(c)!;
                const docs: SourcedDocument[] = [{ doc }, ...(c.with?.() ?? []).map((d) => ({ doc: d }))];
                const rule = DIFFERENT_IN_TEMPLATE[`${c.rule}: ${c.title}`] ?? c.rule;
                const findings = validate(docs, c.options).findings.filter((f) => f.rule === rule && f.kind === "FlinkBlueGreenDeployment");
                assert.ok(findings.length > 0, `expected ${rule} on the template`);
                if (rule !== c.rule) return;
                if (c.path !== undefined) assert.strictEqual(findings[0].path, c.path.replace(/^spec/, "spec.template.spec"));
                // The message names the template's fields: no "spec.x" left that is not under spec.template.spec.
                assert.doesNotMatch(findings[0].message, /(^|[\s("'`[])spec\.(?!template\.spec)/, findings[0].message);
            });
        }

        const wrappedPassing = passing.filter((c) => wrappable(c) !== undefined && !NOT_TEMPLATE_RULES.includes(c.rule));
        for (const c of wrappedPassing) {
            it(`accepted in a template: ${c.rule}: ${c.title}`, () => {
                const { doc } = wrappable(c)!;
                const docs: SourcedDocument[] = [{ doc }, ...(c.with?.() ?? []).map((d) => ({ doc: d }))];
                assert.deepStrictEqual(
                    validate(docs, c.options).findings.filter((f) => f.rule === c.rule && f.kind === "FlinkBlueGreenDeployment"),
                    [],
                );
            });
        }

        it("covers every FlinkDeployment rule but those about the child's metadata", () => {
            const fdRules = RULES.filter(
                (r) => (r.kinds as readonly string[]).includes("FlinkDeployment") && !NOT_TEMPLATE_RULES.includes(r.id) && !r.id.startsWith("bluegreen-"),
            );
            const uncovered = fdRules.filter((r) => !wrappedFailing.some((c) => c.rule === r.id)).map((r) => r.id);
            assert.deepStrictEqual(uncovered, []);
            assert.ok(fdRules.length >= 25, `${fdRules.length} FlinkDeployment rules`);
        });

        it("with the operator's default configuration laid under the template, as the operator does for the child", () => {
            const doc = blueGreenDeployment();
            delete doc.spec.template.spec.flinkConfiguration["execution.checkpointing.dir"];
            delete doc.spec.template.spec.flinkConfiguration["execution.checkpointing.savepoint-dir"];
            doc.spec.template.spec.job.upgradeMode = UpgradeMode.LastState;
            const rules = (options = {}) =>
                validate([{ doc }], options)
                    .findings.map((f) => f.rule)
                    .sort();
            assert.deepStrictEqual(rules(), ["bluegreen-savepoint-dir-required", "checkpoint-dir-required"]);
            assert.deepStrictEqual(
                rules({ defaultConfiguration: { "execution.checkpointing.dir": "s3://b/cp", "execution.checkpointing.savepoint-dir": "s3://b/sp" } }),
                [],
            );
        });

        it("the child's ingress template is the operator's: green- in front, the child's name for {{name}}", () => {
            const child = childDeployment({ ...blueGreenDeployment(), spec: { template: { spec: { ingress: { template: "{{name}}.example.com" } } } } });
            assert.deepStrictEqual(child.metadata, { name: "orders-bg-green", namespace: "flink", labels: { "flink/blue-green-deployment-type": "GREEN" } });
            assert.strictEqual(child.spec.ingress.template, "green-{{name}}.example.com");
            const doc = blueGreenDeployment();
            doc.spec.template.spec.ingress = { template: "{{name}}.example.com:http" };
            const [finding] = validate([{ doc }]).findings;
            assert.strictEqual(`${finding.rule} ${finding.path}`, "ingress-template-valid spec.template.spec.ingress.template");
            assert.match(finding.message, /Ingress template\(green-\{\{name\}\}\.example\.com:http\)/);
        });

        it("its children are in the document set by name: a snapshot of one is found (--complete-set), a session job on one is refused", () => {
            const bg = blueGreenDeployment();
            const snapshot = {
                apiVersion: "flink.apache.org/v1beta1",
                kind: "FlinkStateSnapshot",
                metadata: { name: "bg-sp", namespace: "flink" },
                spec: { jobReference: { kind: "FlinkDeployment", name: "orders-bg-blue" }, savepoint: {} },
            };
            const lost = {
                ...snapshot,
                metadata: { name: "lost-sp", namespace: "flink" },
                spec: { ...snapshot.spec, jobReference: { kind: "FlinkDeployment", name: "orders-bg-red" } },
            };
            const job = {
                apiVersion: "flink.apache.org/v1beta1",
                kind: "FlinkSessionJob",
                metadata: { name: "clicks", namespace: "flink" },
                spec: { deploymentName: "orders-bg-green", job: { jarURI: "https://repo.example.com/j.jar", parallelism: 1 } },
            };
            const found = validate([{ doc: bg }, { doc: snapshot }, { doc: lost }, { doc: job }], { completeSet: true })
                .findings.map((f) => `${f.name} [${f.rule}]`)
                .sort();
            assert.deepStrictEqual(found, ["clicks [session-job-target-session-cluster]", "lost-sp [snapshot-job-reference-required]"]);
        });

        it("values not known yet defer the template's rules instead of guessing", () => {
            const doc = blueGreenDeployment();
            doc.spec.template.spec.flinkConfiguration = UNKNOWN;
            doc.spec.template.spec.jobManager.replicas = 2;
            const result = validate([{ doc }]);
            assert.deepStrictEqual(result.findings, []);
            assert.ok(result.deferred.includes("FlinkBlueGreenDeployment/orders-bg: spec.template standby-jobmanagers-require-ha"), result.deferred.join("; "));
        });
    });

    describe("the typed model", () => {
        /** Every property path of a CRD schema node, not descending into pod templates or free-form maps. */
        const crdPaths = (node: any, prefix: string): string[] =>
            Object.entries<any>(node.properties ?? {}).flatMap(([key, child]) => {
                const p = prefix ? `${prefix}.${key}` : key;
                const inner = child.type === "array" ? child.items : child;
                return [p, ...(key === "podTemplate" || !inner?.properties ? [] : crdPaths(inner, inner === child ? p : `${p}[]`))];
            });
        const valuePaths = (value: any, prefix: string): string[] =>
            Object.entries<any>(value).flatMap(([key, child]) => {
                const p = prefix ? `${prefix}.${key}` : key;
                if (key === "podTemplate" || key === "flinkConfiguration" || key === "configuration") return [p];
                if (Array.isArray(child) && child[0] && typeof child[0] === "object") return [p, ...valuePaths(child[0], `${p}[]`)];
                return [p, ...(child && typeof child === "object" && !Array.isArray(child) ? valuePaths(child, p) : [])];
            });

        it("FlinkBlueGreenDeploymentSpec covers every CRD field (template.metadata: the ObjectMeta a user sets)", () => {
            const app = applicationDeployment().spec;
            const full: FlinkBlueGreenDeploymentSpec = {
                configuration: { [BlueGreenConfigKey.AbortGracePeriod]: "10 min" },
                ingress: { template: "{{name}}.example.com", className: "nginx", annotations: {}, labels: {}, tls: [{ hosts: ["a"], secretName: "s" }] },
                template: {
                    metadata: { name: "n", namespace: "ns", labels: {}, annotations: {} },
                    spec: {
                        ...app,
                        restartNonce: 1,
                        imagePullPolicy: "IfNotPresent",
                        ingress: { template: "x", className: "c", annotations: {}, labels: {}, tls: [{ hosts: ["a"], secretName: "s" }] },
                        podTemplate: {},
                        jobManager: { resource: { cpu: 1, memory: "1g", ephemeralStorage: "1G" }, replicas: 1, podTemplate: {} },
                        taskManager: { resource: { cpu: 1, memory: "1g", ephemeralStorage: "1G" }, replicas: 1, podTemplate: {} },
                        logConfiguration: {},
                        mode: KubernetesDeploymentMode.Native,
                        job: {
                            ...app.job,
                            entryClass: "Main",
                            args: [],
                            savepointTriggerNonce: 1,
                            initialSavepointPath: "s3://sp",
                            checkpointTriggerNonce: 1,
                            allowNonRestoredState: false,
                            savepointRedeployNonce: 1,
                            autoscalerResetNonce: 1,
                        },
                    },
                },
            };
            const schema = crd("FlinkBlueGreenDeployment").spec.versions[0].schema.openAPIV3Schema.properties.spec;
            // ObjectMeta's server-written fields (uid, resourceVersion, managedFields, ...) are not for users to set, and the
            // operator 1.15 reads none of the template's metadata anyway.
            const metaFields = ["name", "namespace", "labels", "annotations"].map((f) => `template.metadata.${f}`);
            const expected = crdPaths(schema, "")
                .filter((p) => !/\.(annotations|labels|logConfiguration)\./.test(p))
                .filter((p) => !p.startsWith("template.metadata.") || metaFields.includes(p))
                .sort();
            assert.deepStrictEqual(valuePaths(full, "").sort(), expected);
        });
    });

    describe("the operator's upstream blue/green examples", () => {
        const files = yamlFiles(BG_EXAMPLES);
        it("are all here (three manifests)", () => assert.strictEqual(files.length, 3));
        for (const file of files) {
            it(`${path.basename(file)}: no finding, warnings included`, () => {
                const docs = readManifests(file).map((doc) => ({ doc, file }));
                assert.ok(docs.some((d) => d.doc.kind === "FlinkBlueGreenDeployment"));
                assert.deepStrictEqual(validate(docs).findings, []);
            });
        }
    });

    describe("pulumi-flink validate", () => {
        const cli = (args: string[]) => {
            let out = "";
            let err = "";
            const code = main(args, { out: (t) => (out += t), err: (t) => (err += t) });
            return { code, out, err };
        };

        it("accepts the upstream blue/green examples, warnings included (--strict)", () => {
            const r = cli(["validate", "--strict", BG_EXAMPLES]);
            assert.strictEqual(r.code, 0, r.out + r.err);
            assert.match(r.err, /3 Flink resources in 3 files: 0 errors, 0 warnings/);
        });

        it("refuses a bad template with its spec.template.spec path, and honours --operator-config under the template", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-flink-bg-"));
            try {
                const doc = blueGreenDeployment();
                delete doc.spec.template.spec.flinkConfiguration["execution.checkpointing.savepoint-dir"];
                doc.spec.template.spec.jobManager.replicas = 0;
                fs.writeFileSync(path.join(dir, "bg.yaml"), YAML.stringify(doc));
                const r = cli(["validate", "--json", dir]);
                assert.strictEqual(r.code, 1);
                const found = JSON.parse(r.out)
                    .map((f: any) => `${f.kind}/${f.name} ${f.path} [${f.rule}]`)
                    .sort();
                assert.deepStrictEqual(found, [
                    "FlinkBlueGreenDeployment/orders-bg spec.template.spec.flinkConfiguration [savepoint-dir-required]",
                    "FlinkBlueGreenDeployment/orders-bg spec.template.spec.jobManager.replicas [jobmanager-replicas]",
                ]);
                fs.writeFileSync(path.join(dir, "operator-conf.yaml.txt"), "execution.checkpointing.savepoint-dir: s3://ops/sp\n");
                doc.spec.template.spec.jobManager.replicas = 1;
                fs.writeFileSync(path.join(dir, "bg.yaml"), YAML.stringify(doc));
                assert.strictEqual(cli(["validate", dir]).code, 1);
                const withOperator = cli(["validate", "--operator-config", path.join(dir, "operator-conf.yaml.txt"), dir]);
                assert.strictEqual(withOperator.code, 0, withOperator.out + withOperator.err);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });

    describe("the policy pack holds it to the FlinkDeployment standard, through its template", () => {
        const input = (doc: any, type: string = TYPES.flinkBlueGreenDeployment) => ({ type, props: doc, name: "orders-bg" });
        const pack = (doc: any, type?: string) => packViolations(policies, input(doc, type));

        it("a compliant blue/green deployment passes every policy", async () => assert.deepStrictEqual(await pack(blueGreenDeployment()), []));

        it("HA, replicas, storage, resources and image of the template are the deployment policies' business; the engine rules run too", async () => {
            const doc = blueGreenDeployment();
            const t = doc.spec.template.spec;
            delete t.flinkConfiguration["high-availability.type"];
            delete t.flinkConfiguration["high-availability.storageDir"];
            t.jobManager.replicas = 1;
            t.job.upgradeMode = UpgradeMode.LastState;
            delete t.flinkConfiguration["execution.checkpointing.savepoint-dir"];
            delete t.taskManager.resource.cpu;
            t.image = "flink";
            doc.spec.configuration["kubernetes.operator.bluegreen.abort.grace-period"] = "ten minutes";
            const v = await pack(doc);
            const has = (re: RegExp) =>
                assert.ok(
                    v.some((m) => re.test(m)),
                    `${re}:\n${v.join("\n")}`,
                );
            has(
                /flink-deployment-ha.*FlinkBlueGreenDeployment orders-bg \(its template\) runs without high availability.*in spec\.template\.spec\.flinkConfiguration/,
            );
            has(/flink-deployment-ha.*1 JobManager replica;.*Set spec\.template\.spec\.jobManager\.replicas: 2/);
            has(
                /flink-stateful-job-storage.*spec\.template\.spec\.flinkConfiguration: job orders-bg uses upgradeMode last-state but has no savepoint directory/,
            );
            has(/flink-resources-set.*spec\.template\.spec\.taskManager\.resource\.cpu: TaskManager CPU is not set/);
            has(/flink-image-pinned.*spec\.template\.spec\.image/);
            has(/flink-engine-rules.*kubernetes\.operator\.bluegreen\.abort\.grace-period.*\[rule bluegreen-configuration\]/);
            // bluegreen-savepoint-dir-required is left to flink-stateful-job-storage: reported once, not twice.
            assert.ok(!v.some((m) => /bluegreen-savepoint-dir-required/.test(m)), v.join("\n"));
        });

        it("flink-session-job-target knows its children: a session job on orders-bg-green is refused (an application cluster)", async () => {
            const job = {
                apiVersion: "flink.apache.org/v1beta1",
                kind: "FlinkSessionJob",
                metadata: { name: "clicks", namespace: "flink" },
                spec: { deploymentName: "orders-bg-green", job: { jarURI: "https://repo.example.com/j.jar", parallelism: 1 } },
            };
            const found = await stackViolations(flinkSessionJobTarget, [
                { type: TYPES.flinkBlueGreenDeployment, props: blueGreenDeployment(), name: "orders-bg" },
                { type: TYPES.flinkSessionJob, props: job, name: "clicks" },
            ]);
            assert.strictEqual(found.length, 1, JSON.stringify(found));
            assert.match(found[0].message, /session-job-target-session-cluster/);
        });

        it("a FlinkBlueGreenDeploymentPatch is judged on what it sets", async () => {
            const v = await pack(
                {
                    apiVersion: "flink.apache.org/v1beta1",
                    kind: "FlinkBlueGreenDeployment",
                    metadata: { name: "orders-bg", namespace: "flink" },
                    spec: { template: { spec: { jobManager: { replicas: 2 } } } },
                },
                `${TYPES.flinkBlueGreenDeployment}Patch`,
            );
            assert.ok(
                v.some((m) => /standby-jobmanagers-require-ha.*\(set by this FlinkBlueGreenDeploymentPatch\)/.test(m)),
                v.join("\n"),
            );
            assert.ok(!v.some((m) => /memory/.test(m)), `fields the patch leaves out are not reported:\n${v.join("\n")}`);
        });
    });

    describe("Flink's duration parser (Flink 1.20.1 TimeUtils through Configuration.get, then toMillis)", () => {
        // Verdicts of the real classes (the operator 1.15.0's shaded jar, JDK 17): "ok <ms>" or "err". The differential run
        // that produced them agreed with parseFlinkDuration on all of 5,712 generated spellings as well.
        const GOLDEN: [string, string][] = [
            ["10 min", "ok 600000"],
            ["1 MIN", "ok 60000"],
            ["1min ", "ok 60000"],
            [" 3 h ", "ok 10800000"],
            ["PT10M", "err"],
            ["", "err"],
            [" ", "err"],
            ["\t", "err"],
            ["250", "ok 250"],
            ["15", "ok 15"],
            ["007 s", "ok 7000"],
            ["0", "ok 0"],
            ["9223372036854775807", "ok 9223372036854775807"],
            ["9223372036854775808", "err"],
            ["9223372036854775807 ms", "ok 9223372036854775807"],
            ["9223372036854775 s", "ok 9223372036854775000"],
            ["9223372036854776 s", "err"],
            ["153722867280912 min", "ok 9223372036854720000"],
            ["153722867280913 min", "err"],
            ["2562047788015 h", "ok 9223372036854000000"],
            ["2562047788016 h", "err"],
            ["106751991167 d", "ok 9223372036828800000"],
            ["106751991168 d", "err"],
            ["99999999999999999999 ns", "err"],
            ["9223372036854775807 ns", "ok 9223372036854"],
            ["9223372036854775807 s", "err"],
            ["-1 s", "err"],
            ["+1 s", "err"],
            ["1.5 s", "err"],
            ["1e3", "err"],
            ["1 µs", "ok 0"],
            ["1 us", "err"],
            ["1 microseconds", "ok 0"],
            ["999999 ns", "ok 0"],
            ["1000000 nanos", "ok 1"],
            ["1 mins", "err"],
            ["1 hr", "err"],
            ["1 x", "err"],
            ["1 s s", "err"],
            ["1 sec.", "err"],
            ["15SECONDS", "ok 15000"],
            ["2 Ms", "ok 2"],
            ["1\tmin", "ok 60000"],
            ["\t15\ts\t", "ok 15000"],
            ["1 dayss", "err"],
            ["1  days", "ok 86400000"],
            ["3 millis", "ok 3"],
            ["7 nanos", "ok 0"],
            ["2 secs", "ok 2000"],
            ["1 Day", "ok 86400000"],
            ["12 Hours", "ok 43200000"],
            ["5 Minute", "ok 300000"],
            ["30 Seconds", "ok 30000"],
        ];
        it(`agrees with the real parser on ${GOLDEN.length} spellings`, () => {
            const disagreements = GOLDEN.filter(([text, verdict]) => {
                const r = parseFlinkDuration(text);
                return (r.error !== undefined ? "err" : `ok ${r.millis}`) !== verdict;
            });
            assert.deepStrictEqual(disagreements, []);
        });
    });

    describe("the component", () => {
        beforeEach(resetRegistered);
        const spec = () => blueGreenDeployment().spec;
        const cr = () => customResources("FlinkBlueGreenDeployment")[0];

        it("registers one FlinkBlueGreenDeployment, the spec exactly as given, named after the resource", async () => {
            const given = spec();
            new FlinkBlueGreenDeployment("orders-bg", { metadata: { namespace: "flink" }, spec: given });
            await settle();
            assert.deepStrictEqual(
                registered.map((r) => r.type),
                ["flink:index:FlinkBlueGreenDeployment", "kubernetes:flink.apache.org/v1beta1:FlinkBlueGreenDeployment"],
            );
            assert.strictEqual(cr().inputs.apiVersion, "flink.apache.org/v1beta1");
            assert.deepStrictEqual(cr().inputs.spec, blueGreenDeployment().spec);
            assert.strictEqual(cr().inputs.metadata.name, "orders-bg");
            assert.strictEqual(cr().inputs.metadata.namespace, "flink");
        });

        it("readiness: active (blue or green) with the job RUNNING; SUSPENDED when asked; skipAwait and the timeout", async () => {
            new FlinkBlueGreenDeployment("a", { spec: spec() });
            const suspended = spec();
            suspended.template.spec.job.state = "suspended";
            new FlinkBlueGreenDeployment("b", { spec: suspended, awaitTimeoutSeconds: 1200 });
            new FlinkBlueGreenDeployment("c", { spec: spec(), skipAwait: true });
            await settle();
            const annotations = (name: string) => customResources("FlinkBlueGreenDeployment").find((r) => r.name === name)!.inputs.metadata.annotations;
            assert.deepStrictEqual(annotations("a"), { "pulumi.com/waitFor": ACTIVE_RUNNING, "pulumi.com/timeoutSeconds": "600" });
            assert.deepStrictEqual(annotations("b"), {
                "pulumi.com/waitFor": "jsonpath={.status.jobStatus.state}=SUSPENDED",
                "pulumi.com/timeoutSeconds": "1200",
            });
            assert.deepStrictEqual(annotations("c"), { "pulumi.com/skipAwait": "true" });
            assert.strictEqual(blueGreenWaitFor(undefined), ACTIVE_RUNNING);
        });

        it("outputs: the blue/green state, the active job's state and child, the error, name and namespace", async () => {
            mockStatus.FlinkBlueGreenDeployment = {
                blueGreenState: FlinkBlueGreenDeploymentState.TransitioningToGreen,
                jobStatus: { state: "RUNNING" },
                error: "none yet",
            };
            const bg = new FlinkBlueGreenDeployment("orders-bg", { metadata: { namespace: "flink" }, spec: spec() });
            assert.strictEqual(await valueOf(bg.blueGreenState), "TRANSITIONING_TO_GREEN");
            assert.strictEqual(await valueOf(bg.jobState), "RUNNING");
            assert.strictEqual(await valueOf(bg.activeDeploymentName), "orders-bg-blue");
            assert.strictEqual(await valueOf(bg.error), "none yet");
            assert.strictEqual(await valueOf(bg.name), "orders-bg");
            assert.strictEqual(await valueOf(bg.namespace), "flink");
            assert.deepStrictEqual((await valueOf(bg.status)).jobStatus, { state: "RUNNING" });
        });

        it("the active child of every state", () => {
            const table: [string | undefined, string | undefined][] = [
                ["INITIALIZING_BLUE", undefined],
                ["ACTIVE_BLUE", "x-blue"],
                ["SAVEPOINTING_BLUE", "x-blue"],
                ["TRANSITIONING_TO_GREEN", "x-blue"],
                ["ACTIVE_GREEN", "x-green"],
                ["SAVEPOINTING_GREEN", "x-green"],
                ["TRANSITIONING_TO_BLUE", "x-green"],
                [undefined, undefined],
            ];
            for (const [state, child] of table) assert.strictEqual(activeChild("x", state), child, String(state));
            assert.deepStrictEqual(
                Object.values(FlinkBlueGreenDeploymentState).sort(),
                [...crd("FlinkBlueGreenDeployment").spec.versions[0].schema.openAPIV3Schema.properties.status.properties.blueGreenState.enum].sort(),
            );
        });

        it("refuses a bad template before registering anything, with every issue and its spec.template.spec path", async () => {
            const bad = spec();
            bad.template.spec.jobManager.replicas = 2;
            delete bad.template.spec.flinkConfiguration["high-availability.type"];
            bad.template.spec.taskManager.resource.memory = "lots";
            bad.configuration[BlueGreenConfigKey.AbortGracePeriod] = "PT10M";
            let err: unknown;
            try {
                new FlinkBlueGreenDeployment("orders-bg", { spec: bad });
            } catch (e) {
                err = e;
            }
            assert.ok(err instanceof FlinkValidationError, String(err));
            const issues = err.issues
                .filter((i) => i.severity === "error")
                .map((i) => `${i.path} [${i.rule}]`)
                .sort();
            assert.deepStrictEqual(issues, [
                'spec.configuration["kubernetes.operator.bluegreen.abort.grace-period"] [bluegreen-configuration]',
                "spec.template.spec.jobManager.replicas [standby-jobmanagers-require-ha]",
                "spec.template.spec.taskManager.resource.memory [resource-quantity-format]",
            ]);
            assert.match(err.message, /^FlinkBlueGreenDeployment "orders-bg" is invalid \(3 errors\)/);
            await settle();
            assert.deepStrictEqual(registered, [], "nothing, not even the component");
        });

        it("refuses args it does not take, and a name whose children would be too long", () => {
            assert.throws(() => new FlinkBlueGreenDeployment("x", { spec: spec(), awaitTimeoutSeconds: 0 }), /awaitTimeoutSeconds: must be at least 1 second/);
            assert.throws(() => new FlinkBlueGreenDeployment("x", { spec: spec(), restartNonce: 1 } as any), /restartNonce: not an argument of this component/);
            assert.throws(() => new FlinkBlueGreenDeployment("a-forty-character-name-for-a-blue-green-x", { spec: spec() }), /at most 39 characters/);
            assert.throws(() => new FlinkBlueGreenDeployment("x", undefined as any), /args\.spec is required/);
        });

        it("a template known only later is validated when it resolves, failing before the resource is created", async () => {
            const failure = await deferredFailure(() => {
                const later = spec();
                later.template = pulumi.output(later.template).apply((t: any) => ({ ...t, spec: { ...t.spec, job: { ...t.spec.job, parallelism: 0 } } }));
                new FlinkBlueGreenDeployment("late", { spec: later });
            });
            assert.match(String(failure), /spec\.template\.spec\.job\.parallelism: Job parallelism must be larger than 0/);
        });

        it("a value from a secret never reaches a message, in the configuration or the template", async () => {
            const failure = await deferredFailure(() => {
                const given = spec();
                given.configuration[BlueGreenConfigKey.AbortGracePeriod] = pulumi.secret("PT10M-hush");
                given.template.spec.ingress = { template: pulumi.secret("hush.example.com:port-hush") };
                new FlinkBlueGreenDeployment("secretive", { spec: given });
            });
            const text = String(failure);
            assert.match(text, /FlinkBlueGreenDeployment "secretive" is invalid \(2 errors\)/);
            assert.match(text, /bluegreen-configuration/);
            assert.match(text, /ingress-template-valid/);
            assert.doesNotMatch(text, /hush/);
        });

        it("the helpers write into the template's flinkConfiguration; a key set there wins", async () => {
            const given = spec();
            delete given.template.spec.flinkConfiguration["execution.checkpointing.savepoint-dir"];
            given.template.spec.flinkConfiguration["execution.checkpointing.dir"] = "s3://mine/cp";
            new FlinkBlueGreenDeployment("helped", { spec: given, savepoints: { dir: "s3://b/sp" }, checkpoints: { dir: "s3://b/cp", interval: "30 s" } });
            await settle();
            const config = cr().inputs.spec.template.spec.flinkConfiguration;
            assert.strictEqual(config["execution.checkpointing.savepoint-dir"], "s3://b/sp");
            assert.strictEqual(config["execution.checkpointing.dir"], "s3://mine/cp");
            assert.strictEqual(config["execution.checkpointing.interval"], "30 s");
            assert.strictEqual(
                given.template.spec.flinkConfiguration["execution.checkpointing.savepoint-dir"],
                undefined,
                "the caller's object is not changed",
            );
        });

        it("the operator option: created after its CRDs, release and webhook; the job service account filled in; its defaults under the template", async () => {
            const op = new FlinkOperator("op", {
                chartPath: CHART,
                jobServiceAccount: { name: "flink-jobs" },
                flinkConfiguration: { "execution.checkpointing.savepoint-dir": "s3://ops/sp" },
            });
            const given = spec();
            delete given.template.spec.serviceAccount;
            delete given.template.spec.flinkConfiguration["execution.checkpointing.savepoint-dir"];
            new FlinkBlueGreenDeployment("orders-bg", { metadata: { namespace: "flink" }, spec: given }, { operator: op });
            await settle();
            const deps = (dependencies.get(cr().name) ?? []).map((urn) => urn.split("::").pop());
            for (const crdResource of registered.filter((r) => r.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition"))
                assert.ok(deps.includes(crdResource.name), `after ${crdResource.name}`);
            assert.ok(deps.includes("op"), "after the release");
            assert.ok(deps.includes("op-validating-webhook-ready"), "after the webhook's CA bundle");
            assert.strictEqual(cr().inputs.spec.template.spec.serviceAccount, "flink-jobs");
            // Without the operator's defaults the savepoint directory would be missing (upgradeMode savepoint).
            assert.throws(() => new FlinkBlueGreenDeployment("alone", { spec: given }), /savepoint-dir-required/);
        });

        it("the FlinkOperator installs the blue/green CRD among its four", async () => {
            new FlinkOperator("op", { chartPath: CHART, webhook: OperatorWebhook.Disabled });
            await settle();
            const kinds = registered
                .filter((r) => r.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition")
                .map((r) => r.inputs.spec.names.kind);
            assert.ok(kinds.includes("FlinkBlueGreenDeployment"), kinds.join(", "));
        });

        it("warns about template metadata the operator ignores, and about an unwatched namespace", async () => {
            const op = new FlinkOperator("op", { watchNamespaces: ["team-a"], webhook: OperatorWebhook.Disabled });
            const given = spec();
            given.template.metadata = { labels: { team: "orders" } };
            const messages = await warnings(() => new FlinkBlueGreenDeployment("stray", { metadata: { namespace: "team-b" }, spec: given }, { operator: op }));
            assert.ok(
                messages.some((m) => /spec\.template\.metadata: The operator 1\.15 ignores spec\.template\.metadata \(labels\)/.test(m)),
                JSON.stringify(messages),
            );
            assert.ok(
                messages.some((m) => /FlinkBlueGreenDeployment "stray" is in namespace "team-b", which the operator does not watch/.test(m)),
                JSON.stringify(messages),
            );
        });

        it("renders every upstream example through the component (CRD conformance is checked by the mocks)", async () => {
            let count = 0;
            for (const file of yamlFiles(BG_EXAMPLES)) {
                for (const doc of readManifests(file).filter((d) => d.kind === "FlinkBlueGreenDeployment")) {
                    new FlinkBlueGreenDeployment(doc.metadata.name, { metadata: doc.metadata, spec: doc.spec, skipAwait: true });
                    count++;
                }
            }
            await settle();
            assert.strictEqual(customResources("FlinkBlueGreenDeployment").length, count);
            assert.strictEqual(count, 3);
        });

        it("sits beside FlinkDeployments without disturbing their cross-checks", async () => {
            new FlinkDeployment("orders", { metadata: { namespace: "flink" }, spec: applicationDeployment().spec });
            new FlinkBlueGreenDeployment("orders-bg", { metadata: { namespace: "flink" }, spec: spec() });
            await settle();
            assert.strictEqual(customResources().length, 2);
        });
    });
});
