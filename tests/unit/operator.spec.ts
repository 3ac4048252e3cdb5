import "../support/mocks";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import { customResources, deferredFailure, dependencies, registered, resetRegistered, settle, settleUntil, valueOf, warnings } from "../support/mocks";
import { OPERATOR, applicationDeployment, deploymentWithoutStateDirs, savepointSnapshot, sessionCluster, sessionJob } from "../support/fixtures";
import {
    FlinkDeployment,
    FlinkOperator,
    FlinkOperatorArgs,
    FlinkOperatorArgsError,
    FlinkSessionJob,
    FlinkStateSnapshot,
    FlinkValidationError,
    OperatorWebhook,
} from "../../components";
import { renderOperator } from "../../components/operator/values";
import { withoutServerDefaults } from "../../components/operator/operator";
import { settleReferenceTargets } from "../../components/base/references";

const CHART = path.join(OPERATOR, "helm/flink-kubernetes-operator");
const RELEASE = "kubernetes:helm.sh/v3:Release";
const CRD = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";
const VWC_PATCH = "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfigurationPatch";
const MWC_PATCH = "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfigurationPatch";
const LE = "kubernetes.operator.leader-election.enabled";
const LEASE = "kubernetes.operator.leader-election.lease-name";

// retainOnDelete is not given to mocks: read it off the register requests, like the dependencies in support/mocks.
const retainOnDelete = new Map<string, boolean>();
const monitor = (pulumi.runtime as any).getMonitor();
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req: any, callback: any) => {
    retainOnDelete.set(req.getName(), req.getRetainondelete());
    return register(req, callback);
};

const byType = (type: string) => registered.filter((r) => r.type === type);
const release = () => {
    const all = byType(RELEASE);
    assert.strictEqual(all.length, 1, "one release");
    return all[0];
};
const flinkConf = (values: any): Map<string, string> =>
    new Map(
        String(values.defaultConfiguration["flink-conf.yaml"])
            .split("\n")
            .filter((l) => l.trim() && !l.trim().startsWith("#"))
            .map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()] as [string, string]),
    );
/** The URNs a registered resource depends on, by the dependency's resource name. */
const dependsOnNames = (name: string) => (dependencies.get(name) ?? []).map((urn) => urn.split("::").pop());

/** A local chart with its own crds/ (copied from the real one), for CRD upgrade tests. */
function chartCopy(version: string, edit: (crd: string) => string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flink-chart-"));
    fs.cpSync(CHART, dir, { recursive: true });
    fs.chmodSync(dir, 0o755);
    for (const sub of ["crds", "."]) fs.chmodSync(path.join(dir, sub), 0o755);
    const chartYaml = path.join(dir, "Chart.yaml");
    fs.chmodSync(chartYaml, 0o644);
    fs.writeFileSync(
        chartYaml,
        fs
            .readFileSync(chartYaml, "utf8")
            .replace(/^version: .*$/m, `version: ${version}`)
            .replace(/^appVersion: .*$/m, `appVersion: ${version}`),
    );
    const crd = path.join(dir, "crds/flinkstatesnapshots.flink.apache.org-v1.yml");
    fs.chmodSync(crd, 0o644);
    fs.writeFileSync(crd, edit(fs.readFileSync(crd, "utf8")));
    return dir;
}

describe("FlinkOperator", () => {
    beforeEach(() => {
        resetRegistered();
        retainOnDelete.clear();
    });

    describe("defaults", () => {
        it("installs 1.15.0 from the Apache download repository into its own namespace, CRDs skipped by Helm", async () => {
            new FlinkOperator("op", {});
            await settle();
            const ns = byType("kubernetes:core/v1:Namespace");
            assert.deepStrictEqual(
                ns.map((n) => n.inputs.metadata.name),
                ["flink-operator"],
            );
            const r = release().inputs;
            assert.strictEqual(r.chart, "flink-kubernetes-operator");
            assert.strictEqual(r.version, "1.15.0");
            assert.strictEqual(r.repositoryOpts.repo, "https://downloads.apache.org/flink/flink-kubernetes-operator-1.15.0/");
            assert.strictEqual(r.namespace, "flink-operator");
            assert.strictEqual(r.name, "op");
            assert.strictEqual(r.skipCrds, true);
            assert.ok(dependsOnNames("op").includes("op-namespace"), "the release waits for its namespace");
        });

        it("runs 2 replicas with leader election, a rolling update and anti-affinity", async () => {
            new FlinkOperator("op", {});
            await settle();
            const values = release().inputs.values;
            assert.strictEqual(values.replicas, 2);
            assert.deepStrictEqual(values.strategy, { type: "RollingUpdate" });
            const conf = flinkConf(values);
            assert.strictEqual(conf.get(LE), "true");
            assert.strictEqual(conf.get(LEASE), "flink-operator-lease");
            // The chart's own overrides are kept (setting the value replaces the chart's text).
            assert.strictEqual(conf.get("kubernetes.operator.reconcile.interval"), "15 s");
            assert.strictEqual(conf.get("kubernetes.operator.metrics.reporter.slf4j.interval"), "5 MINUTE");
            const term = values.operatorPod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
            assert.deepStrictEqual(term.labelSelector.matchLabels, { "app.kubernetes.io/name": "flink-kubernetes-operator" });
        });

        it("pins the operator image to the release at the chart's version instead of the chart's floating latest", async () => {
            const pin = { repository: "apache/flink-kubernetes-operator", tag: "1.15.0" };
            assert.deepStrictEqual(renderOperator("op", {}).values.image, pin, "remote chart at the default version");
            assert.deepStrictEqual(renderOperator("op", { version: "1.14.0" }).values.image, { ...pin, tag: "1.14.0" });
            assert.deepStrictEqual(renderOperator("op", { chartPath: CHART }).values.image, pin, "the local 1.15.0 chart says latest");
            // Anyone's choice of repository, tag or digest, typed or raw, is left as given.
            assert.deepStrictEqual(renderOperator("op", { image: { repository: "mirror.example.com/flink-operator" } }).values.image, {
                repository: "mirror.example.com/flink-operator",
            });
            assert.deepStrictEqual(renderOperator("op", { helmOptions: { values: { image: { tag: "abc123" } } } }).values.image, { tag: "abc123" });
            assert.deepStrictEqual(renderOperator("op", { image: { digest: "sha256:0123" } }).values.image, { digest: "sha256:0123" });
            // A local chart that pins its own tag keeps it.
            const pinnedChart = chartCopy("1.15.0", (crd) => crd);
            const valuesFile = path.join(pinnedChart, "values.yaml");
            fs.chmodSync(valuesFile, 0o644);
            fs.writeFileSync(valuesFile, fs.readFileSync(valuesFile, "utf8").replace(/^ {2}tag: latest$/m, "  tag: 5f3c2a1"));
            assert.strictEqual(renderOperator("op", { chartPath: pinnedChart }).values.image, undefined);
            fs.rmSync(pinnedChart, { recursive: true, force: true });
        });

        it("honours replicas: 1 without leader election, keeping the chart's Recreate strategy", () => {
            const r = renderOperator("op", { replicas: 1 });
            assert.strictEqual(r.values.replicas, 1);
            assert.strictEqual(r.leaderElection, false);
            assert.strictEqual(r.values.strategy, undefined);
            assert.strictEqual(r.values.operatorPod?.affinity, undefined);
            assert.strictEqual(flinkConf(r.values).has(LE), false);
        });

        it("keeps leader election enabled explicitly with one replica, and an explicit lease name", () => {
            const r = renderOperator("op", { replicas: 1, operatorConfiguration: { [LE]: "true", [LEASE]: "my-lease" } });
            assert.strictEqual(r.leaderElection, true);
            assert.strictEqual(flinkConf(r.values).get(LEASE), "my-lease");
            assert.strictEqual(renderOperator("op", { operatorConfiguration: { [LEASE]: "team-a" } }).leaseName, "team-a");
        });

        it("outputs namespace, release name, chart version, status, webhook, watched namespaces and job service account", async () => {
            const op = new FlinkOperator("op", { namespace: "ops", watchNamespaces: ["team-a", "team-b"], jobServiceAccount: { name: "flink-jobs" } });
            assert.strictEqual(await valueOf(op.namespace), "ops");
            assert.strictEqual(await valueOf(op.releaseName), "op");
            assert.strictEqual(await valueOf(op.chartVersion), "1.15.0");
            assert.strictEqual(await valueOf(op.status), "deployed", "the release's status, as the provider reports it");
            assert.strictEqual(await valueOf(op.webhookEnabled), true);
            assert.deepStrictEqual(await valueOf(op.watchNamespaces), ["team-a", "team-b"]);
            assert.strictEqual(await valueOf(op.jobServiceAccount), "flink-jobs");
        });
    });

    describe("rendered values", () => {
        it("maps typed args to the chart's value names", () => {
            const args: FlinkOperatorArgs = {
                image: { repository: "registry.example.com/flink-operator", tag: "1.15.0", pullPolicy: "Always", pullSecrets: ["regcred"] },
                watchNamespaces: ["team-a"],
                resources: { requests: { cpu: "250m", memory: "512Mi" } },
                webhookResources: { limits: { memory: "256Mi" } },
                podSecurityContext: { runAsNonRoot: true },
                operatorSecurityContext: { readOnlyRootFilesystem: true },
                webhookSecurityContext: { allowPrivilegeEscalation: false },
                jobServiceAccount: { name: "flink-jobs", annotations: { "iam.gke.io/gcp-service-account": "x@y" } },
                flinkConfiguration: { "state.checkpoints.dir": "s3://bucket/cp" },
                operatorConfiguration: { "kubernetes.operator.reconcile.interval": "30 s" },
                metricsPort: 9999,
                nodeSelector: { pool: "system" },
                tolerations: [{ key: "system", operator: "Exists", effect: "NoSchedule" }],
                affinity: { nodeAffinity: {} },
            };
            const v = renderOperator("op", args).values;
            assert.deepStrictEqual(v.image, { repository: "registry.example.com/flink-operator", tag: "1.15.0", pullPolicy: "Always" });
            assert.deepStrictEqual(v.imagePullSecrets, [{ name: "regcred" }]);
            assert.deepStrictEqual(v.watchNamespaces, ["team-a"]);
            assert.deepStrictEqual(v.operatorPod.resources, { requests: { cpu: "250m", memory: "512Mi" } });
            assert.deepStrictEqual(v.operatorPod.webhook.resources, { limits: { memory: "256Mi" } });
            assert.deepStrictEqual(v.podSecurityContext, { runAsNonRoot: true });
            assert.deepStrictEqual(v.operatorSecurityContext, { readOnlyRootFilesystem: true });
            assert.deepStrictEqual(v.webhookSecurityContext, { allowPrivilegeEscalation: false });
            assert.deepStrictEqual(v.jobServiceAccount, { name: "flink-jobs", annotations: { "iam.gke.io/gcp-service-account": "x@y" } });
            assert.deepStrictEqual(v.metrics, { port: 9999 });
            assert.deepStrictEqual(v.operatorPod.nodeSelector, { pool: "system" });
            assert.deepStrictEqual(v.operatorPod.tolerations, [{ key: "system", operator: "Exists", effect: "NoSchedule" }]);
            assert.deepStrictEqual(v.operatorPod.affinity, { nodeAffinity: {} }, "a given affinity replaces the default anti-affinity");
            const conf = flinkConf(v);
            assert.strictEqual(conf.get("state.checkpoints.dir"), "s3://bucket/cp");
            assert.strictEqual(conf.get("kubernetes.operator.reconcile.interval"), "30 s");
            assert.strictEqual(String(v.defaultConfiguration["flink-conf.yaml"]).match(/reconcile\.interval/g)!.length, 1, "no duplicate key");
        });

        it("watches the listed namespaces, where the chart creates the job service account, Role and RoleBinding", () => {
            const r = renderOperator("op", { watchNamespaces: ["team-a", "team-b"] });
            assert.deepStrictEqual(r.values.watchNamespaces, ["team-a", "team-b"]);
            assert.deepStrictEqual(r.watchNamespaces, ["team-a", "team-b"]);
            assert.strictEqual(r.jobServiceAccount, "flink");
            // templates/flink/service_account.yaml, role.yaml and role_binding.yaml range over watchNamespaces.
            for (const t of ["service_account.yaml", "role.yaml", "role_binding.yaml"]) {
                const text = fs.readFileSync(path.join(CHART, "templates/flink", t), "utf8");
                assert.match(text, /range \.Values\.watchNamespaces/, t);
                assert.match(text, /namespace: \{\{ \. \}\}/, t);
            }
            assert.deepStrictEqual(renderOperator("op", {}).watchNamespaces, [], "unset: all namespaces");
        });

        it("derives the job service account name as the chart does", () => {
            assert.strictEqual(renderOperator("op", { jobServiceAccount: { name: "runner" } }).jobServiceAccount, "runner");
            assert.strictEqual(renderOperator("op", { helmOptions: { values: { jobServiceAccount: { name: "raw" } } } }).jobServiceAccount, "raw");
            assert.strictEqual(renderOperator("op", { jobServiceAccount: { name: "" } }).jobServiceAccount, "op-flink-kubernetes-operator");
            assert.strictEqual(renderOperator("op", { jobServiceAccount: { create: false, name: "" } }).jobServiceAccount, "default");
        });
    });

    describe("webhook", () => {
        it("with cert-manager (default): dependants wait on patches whose waitFor reads the caBundle", async () => {
            new FlinkOperator("op", { namespace: "ops", webhookAwaitTimeoutSeconds: 120 });
            await settle();
            assert.strictEqual(release().inputs.values.webhook?.create ?? true, true);
            for (const type of [VWC_PATCH, MWC_PATCH]) {
                const [patch] = byType(type);
                assert.ok(patch, type);
                assert.strictEqual(patch.inputs.metadata.name, "flink-operator-ops-webhook-configuration");
                assert.strictEqual(patch.inputs.metadata.annotations["pulumi.com/waitFor"], "jsonpath={.webhooks[*].clientConfig.caBundle}");
                assert.strictEqual(patch.inputs.metadata.annotations["pulumi.com/timeoutSeconds"], "120");
                assert.strictEqual(patch.inputs.webhooks, undefined, "the patch owns nothing but its annotations");
                assert.ok(dependsOnNames(patch.name).includes("op"), "after the release");
            }
            // The chart names both configurations that way (templates/webhook/).
            for (const t of ["validating_webhook_configuration.yaml", "mutating_webhook_configuration.yaml"]) {
                assert.match(
                    fs.readFileSync(path.join(CHART, "templates/webhook", t), "utf8"),
                    /name: flink-operator-\{\{ \.Release\.Namespace \}\}-webhook-configuration/,
                );
            }
        });

        it("disabled: no webhook, no waiting; raw validator/mutator switches are turned off too", async () => {
            const op = new FlinkOperator("op", { webhook: OperatorWebhook.Disabled, helmOptions: { values: { webhook: { validator: { create: true } } } } });
            await settle();
            const v = release().inputs.values;
            assert.strictEqual(v.webhook.create, false);
            assert.strictEqual(v.webhook.validator.create, false);
            assert.strictEqual(byType(VWC_PATCH).length + byType(MWC_PATCH).length, 0);
            assert.strictEqual(await valueOf(op.webhookEnabled), false);
        });

        it("cert-manager chosen by the typed arg wins over raw switches that turn a half off", () => {
            const r = renderOperator("op", {
                webhook: OperatorWebhook.CertManager,
                helmOptions: { values: { webhook: { validator: { create: false }, mutator: { create: false } } } },
            });
            assert.deepStrictEqual([r.validatingWebhook, r.mutatingWebhook], [true, true]);
            assert.deepStrictEqual([r.values.webhook.validator.create, r.values.webhook.mutator.create], [true, true]);
        });

        it("follows raw values when no typed choice is made (validator only)", () => {
            const r = renderOperator("op", { helmOptions: { values: { webhook: { mutator: { create: false } } } } });
            assert.strictEqual(r.validatingWebhook, true);
            assert.strictEqual(r.mutatingWebhook, false);
            assert.strictEqual(renderOperator("op", { helmOptions: { values: { webhook: { create: false } } } }).validatingWebhook, false);
        });

        it("skipAwait: the release and the webhook patches don't wait (API servers without controllers)", async () => {
            new FlinkOperator("op", { skipAwait: true, helmOptions: { skipAwait: false } });
            await settle();
            assert.strictEqual(release().inputs.skipAwait, true);
            const [patch] = byType(VWC_PATCH);
            assert.strictEqual(patch.inputs.metadata.annotations["pulumi.com/skipAwait"], "true");
            assert.strictEqual(patch.inputs.metadata.annotations["pulumi.com/waitFor"], undefined);
        });
    });

    describe("operator configuration file", () => {
        it("refuses defaultConfiguration.create false with 2 replicas (no file for leader election) or with typed settings", () => {
            assert.throws(
                () => renderOperator("op", { helmOptions: { values: { defaultConfiguration: { create: false } } } }),
                /helmOptions\.values\.defaultConfiguration\.create is false.*replicas is 2.*leader election/,
            );
            assert.throws(
                () =>
                    renderOperator("op", {
                        replicas: 1,
                        operatorConfiguration: { "kubernetes.operator.reconcile.interval": "30 s" },
                        helmOptions: { values: { defaultConfiguration: { create: false } } },
                    }),
                /create is false.*operatorConfiguration/,
            );
            const single = renderOperator("op", { replicas: 1, helmOptions: { values: { defaultConfiguration: { create: false } } } });
            assert.strictEqual(single.leaderElection, false);
            assert.strictEqual(single.values.defaultConfiguration["flink-conf.yaml"], undefined, "nothing written where nothing is mounted");
        });

        it("writes leader election into config.yaml when flink-conf.yaml is nulled, and lets the null reach Helm", () => {
            const nested = "kubernetes.operator:\n  reconcile:\n    interval: 30 s\n";
            const r = renderOperator("op", { helmOptions: { values: { defaultConfiguration: { "flink-conf.yaml": null, "config.yaml": nested } } } });
            assert.strictEqual(r.values.defaultConfiguration["flink-conf.yaml"], null);
            assert.strictEqual(r.release.allowNullValues, true);
            const conf = yaml.load(r.values.defaultConfiguration["config.yaml"]) as any;
            assert.deepStrictEqual(conf, { "kubernetes.operator.reconcile.interval": "30 s", [LE]: "true", [LEASE]: "flink-operator-lease" });
        });

        it("reads explicit leader-election settings from a nested config.yaml, and refuses contradictions there", () => {
            const lease = "kubernetes.operator:\n  leader-election:\n    lease-name: team-lease\n";
            assert.strictEqual(
                renderOperator("op", { helmOptions: { values: { defaultConfiguration: { "flink-conf.yaml": null, "config.yaml": lease } } } }).leaseName,
                "team-lease",
            );
            const off = "kubernetes.operator:\n  leader-election:\n    enabled: false\n";
            assert.throws(
                () => renderOperator("op", { helmOptions: { values: { defaultConfiguration: { "flink-conf.yaml": null, "config.yaml": off } } } }),
                /defaultConfiguration\["config\.yaml"\] \(kubernetes\.operator\.leader-election\.enabled\) is false but replicas is 2/,
            );
            assert.throws(
                () => renderOperator("op", { helmOptions: { values: { defaultConfiguration: { "flink-conf.yaml": null, "config.yaml": "a: [" } } } }),
                /config\.yaml"\] is not valid YAML/,
            );
            assert.throws(
                () => renderOperator("op", { helmOptions: { allowNullValues: false, values: { defaultConfiguration: { "flink-conf.yaml": null } } } }),
                /allowNullValues is false/,
            );
        });

        it("refuses configuration text it cannot read at construction (an Output)", () => {
            assert.throws(
                () => renderOperator("op", { helmOptions: { values: { defaultConfiguration: { "flink-conf.yaml": pulumi.output("a: 1") } } } }),
                /defaultConfiguration\["flink-conf\.yaml"\] is an Output.*plain text/,
            );
            assert.throws(
                () => renderOperator("op", { helmOptions: { values: { replicas: pulumi.output(2) } } }),
                /helmOptions\.values\.replicas is an Output/,
            );
        });
    });

    describe("escape hatch", () => {
        it("keeps Outputs and secrets in raw values as they are", async () => {
            const password = pulumi.secret("s3cr3t");
            const registry = pulumi.output("registry.example.com/flink-operator");
            const r = renderOperator("op", {
                helmOptions: { values: { image: { repository: registry }, operatorPod: { env: [{ name: "TOKEN", value: password }] } } },
            });
            assert.strictEqual(r.values.image.repository, registry);
            assert.strictEqual(r.values.operatorPod.env[0].value, password);
            assert.ok(await pulumi.isSecret(r.values.operatorPod.env[0].value));
            new FlinkOperator("op", { helmOptions: { values: { operatorPod: { env: [{ name: "TOKEN", value: password }] } } } });
            await settle();
            // Sent to the engine as a secret (the whole values map), holding the value, not a serialisation error.
            const sent = release().inputs.values;
            assert.strictEqual(sent[pulumi.runtime.specialSigKey], pulumi.runtime.specialSecretSig, "values are sent as a secret");
            assert.strictEqual(sent.value.operatorPod.env[0].value, "s3cr3t");
        });

        it("honours nameOverride and fullnameOverride where the component derives names from the chart's", () => {
            const r = renderOperator("op", { helmOptions: { values: { nameOverride: "flink-op", jobServiceAccount: { name: "" } } } });
            assert.deepStrictEqual(
                r.values.operatorPod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels,
                { "app.kubernetes.io/name": "flink-op" },
            );
            assert.strictEqual(r.jobServiceAccount, "op-flink-op");
            assert.strictEqual(
                renderOperator("op", { helmOptions: { values: { fullnameOverride: "shared-operator", jobServiceAccount: { name: "" } } } }).jobServiceAccount,
                "shared-operator",
            );
            // templates/_helpers.tpl derives both from these values.
            const helpers = fs.readFileSync(path.join(CHART, "templates/_helpers.tpl"), "utf8");
            assert.match(helpers, /default \.Chart\.Name \.Values\.nameOverride/);
            assert.match(helpers, /\.Values\.fullnameOverride/);
        });

        it("sets the webhook keystore password Secret, and refuses one without name or key", () => {
            const r = renderOperator("op", { webhookKeystorePasswordSecret: { name: "webhook-keystore", key: "password" } });
            assert.deepStrictEqual(r.values.webhook.keystore, { useDefaultPassword: false, passwordSecretRef: { name: "webhook-keystore", key: "password" } });
            assert.throws(
                () => renderOperator("op", { webhookKeystorePasswordSecret: { name: "webhook-keystore", key: "" } }),
                /webhookKeystorePasswordSecret needs a Secret name and key/,
            );
            // The chart's switch and reference (values.yaml webhook.keystore, templates/cert-manager/certificate.yaml).
            assert.match(fs.readFileSync(path.join(CHART, "templates/cert-manager/certificate.yaml"), "utf8"), /useDefaultPassword[\s\S]*passwordSecretRef/);
        });

        it("passes other Release args and raw values through; typed args win at their paths", async () => {
            new FlinkOperator("op", {
                replicas: 3,
                version: "1.15.0",
                nodeSelector: { pool: "typed" },
                helmOptions: {
                    name: "flink-op",
                    version: "1.14.0",
                    timeout: 900,
                    atomic: true,
                    description: "operator",
                    values: {
                        replicas: 5,
                        operatorPod: { nodeSelector: { pool: "raw", zone: "a" }, priorityClassName: "system-cluster-critical" },
                        operatorHealth: { port: 8090 },
                    },
                },
            });
            await settle();
            const r = release().inputs;
            assert.strictEqual(r.name, "flink-op");
            assert.strictEqual(r.version, "1.15.0", "typed version wins");
            assert.strictEqual(r.timeout, 900);
            assert.strictEqual(r.atomic, true);
            assert.strictEqual(r.description, "operator");
            assert.strictEqual(r.values.replicas, 3, "typed replicas win");
            assert.deepStrictEqual(r.values.operatorPod.nodeSelector, { pool: "typed" }, "a typed map replaces the raw one");
            assert.strictEqual(r.values.operatorPod.priorityClassName, "system-cluster-critical");
            assert.deepStrictEqual(r.values.operatorHealth, { port: 8090 });
        });

        it("raw values beat the component's defaults", () => {
            const r = renderOperator("op", {
                helmOptions: {
                    version: "1.14.0",
                    repositoryOpts: { repo: "https://mirror.example.com/charts", username: "u" },
                    values: { replicas: 3, strategy: { type: "Recreate" } },
                },
            });
            assert.strictEqual(r.replicas, 3);
            assert.strictEqual(r.leaderElection, true, "leader election follows the raw replica count");
            assert.deepStrictEqual(r.values.strategy, { type: "Recreate" });
            assert.strictEqual(r.release.version, "1.14.0");
            assert.deepStrictEqual(r.release.repositoryOpts, { repo: "https://mirror.example.com/charts", username: "u" });
            assert.strictEqual(
                renderOperator("op", { repository: "https://typed.example.com", helmOptions: { repositoryOpts: { repo: "https://raw.example.com" } } }).release
                    .repositoryOpts.repo,
                "https://typed.example.com",
            );
        });

        it("builds on raw flink-conf.yaml text instead of the chart's", () => {
            const text = "kubernetes.operator.reconcile.interval: 60 s\n";
            const conf = flinkConf(renderOperator("op", { helmOptions: { values: { defaultConfiguration: { "flink-conf.yaml": text } } } }).values);
            assert.strictEqual(conf.get("kubernetes.operator.reconcile.interval"), "60 s");
            assert.strictEqual(conf.has("kubernetes.operator.metrics.reporter.slf4j.interval"), false);
            assert.strictEqual(conf.get(LE), "true");
        });

        it("skipCrds stays on while the component manages the CRDs", () => {
            assert.strictEqual(renderOperator("op", { helmOptions: { skipCrds: false } }).release.skipCrds, true);
            assert.strictEqual(renderOperator("op", { crds: { manage: false }, helmOptions: { skipCrds: false } }).release.skipCrds, false);
        });
    });

    describe("refused inputs", () => {
        const refuses = (args: FlinkOperatorArgs, pattern: RegExp) => {
            assert.throws(
                () => new FlinkOperator("bad", args),
                (err: any) => {
                    assert.ok(err instanceof FlinkOperatorArgsError, String(err));
                    assert.ok(err instanceof FlinkValidationError, "one error model: a FlinkValidationError");
                    assert.strictEqual(err.kind, "FlinkOperator");
                    assert.strictEqual(err.resourceName, "bad");
                    assert.match(err.message, /^FlinkOperator "bad" is invalid \(1 error\)/);
                    assert.match(err.message, pattern);
                    return true;
                },
            );
        };

        it("replicas below 1 or not whole", () => {
            refuses({ replicas: 0 }, /\n {2}replicas: replicas is 0; .*at least 1/);
            refuses({ replicas: -2 }, /replicas is -2/);
            refuses({ replicas: 1.5 }, /replicas is 1\.5/);
            refuses({ helmOptions: { values: { replicas: 0 } } }, /helmOptions\.values\.replicas is 0/);
        });

        it("leader election disabled with more than one replica", () => {
            refuses(
                { operatorConfiguration: { [LE]: "false" } },
                /operatorConfiguration\["kubernetes\.operator\.leader-election\.enabled"\] is false but replicas is 2/,
            );
            refuses({ replicas: 3, operatorConfiguration: { [LE]: "false" } }, /replicas is 3/);
            refuses(
                { helmOptions: { values: { defaultConfiguration: { "flink-conf.yaml": `${LE}: false\n` } } } },
                /helmOptions\.values\.defaultConfiguration\["flink-conf\.yaml"\] \(kubernetes\.operator\.leader-election\.enabled\) is false/,
            );
            assert.doesNotThrow(() => renderOperator("ok", { replicas: 1, operatorConfiguration: { [LE]: "false" } }));
        });

        it("an empty lease name, or a leader election flag that is not a boolean", () => {
            refuses({ operatorConfiguration: { [LEASE]: "" } }, /lease-name"\] is empty but leader election is on/);
            refuses({ operatorConfiguration: { [LE]: "yes" } }, /leader-election\.enabled"\] is "yes"; it must be true or false/);
        });

        it("a version that contradicts the local chart, a repository with a local chart, bad ports and webhook modes", () => {
            refuses({ chartPath: CHART, version: "1.14.0" }, /version is "1\.14\.0" but the chart at chartPath .* is version 1\.15\.0/);
            refuses({ chartPath: CHART, repository: "https://x.example.com" }, /repository and chartPath are both set/);
            refuses({ chartPath: "/nonexistent/chart" }, /chartPath "\/nonexistent\/chart" is not a chart directory/);
            refuses({ metricsPort: 70000 }, /metricsPort is 70000/);
            refuses({ webhook: "maybe" as OperatorWebhook }, /webhook is "maybe"; use one of "cert-manager", "disabled"/);
            refuses({ crds: { source: "/nonexistent/crds" } }, /the CRD directory "\/nonexistent\/crds" does not exist/);
        });

        it("registers nothing when refused", async () => {
            assert.throws(() => new FlinkOperator("bad", { replicas: 0 }));
            assert.throws(() => new FlinkOperator("bad-crds", { chartPath: CHART, crds: { source: "/nonexistent/crds" } }), /does not exist/);
            await settle();
            assert.deepStrictEqual(
                registered.map((r) => r.type),
                [],
                "nothing, not even the component",
            );
        });

        /** The error issues of a refusal as "path [rule]", sorted. */
        const issuesOf = (run: () => unknown): string[] => {
            try {
                run();
            } catch (err: any) {
                assert.ok(err instanceof FlinkValidationError && err instanceof FlinkOperatorArgsError, String(err));
                const errors = err.issues.filter((i: any) => i.severity === "error");
                for (const i of errors) {
                    assert.strictEqual(i.kind, "FlinkOperator");
                    assert.strictEqual(i.name, "bad");
                    assert.match(i.rule, /^operator-[a-z]+(-[a-z]+)*$/, "kebab-case rule id");
                    assert.ok(err.message.includes(`${i.path}: ${i.message} [${i.rule}]`), `the message lists ${i.path}`);
                }
                assert.match(err.message, new RegExp(`^FlinkOperator "bad" is invalid \\(${errors.length} errors?\\)`));
                return errors.map((i: any) => `${i.path} [${i.rule}]`).sort();
            }
            return [];
        };

        it("reports every problem at once, each with the arg's path and a rule id (table)", () => {
            const cases: [string, FlinkOperatorArgs, string[]][] = [
                [
                    "replicas, namespaces and a configuration entry",
                    {
                        replicas: 0,
                        namespace: "Ops",
                        watchNamespaces: ["ok", "-bad"],
                        operatorConfiguration: { "kubernetes.operator.x": "a\nb" },
                    },
                    [
                        "namespace [operator-namespace]",
                        'operatorConfiguration["kubernetes.operator.x"] [operator-configuration-entry]',
                        "replicas [operator-replicas]",
                        "watchNamespaces[1] [operator-namespace]",
                    ],
                ],
                [
                    "chart source, ports and webhook",
                    {
                        chartPath: CHART,
                        version: "1.14.0",
                        repository: "https://x.example.com",
                        metricsPort: 0,
                        webhook: "maybe" as OperatorWebhook,
                        webhookKeystorePasswordSecret: { name: "", key: "k" },
                    },
                    [
                        "metricsPort [operator-metrics-port]",
                        "repository [operator-chart-source]",
                        "version [operator-chart-version]",
                        "webhook [operator-webhook]",
                        "webhookKeystorePasswordSecret [operator-webhook-keystore]",
                    ],
                ],
                [
                    "leader election and the configuration file",
                    {
                        replicas: 3,
                        operatorConfiguration: { [LE]: "false" },
                        helmOptions: { values: { defaultConfiguration: { create: "yes", "flink-conf.yaml": 5 } } },
                    },
                    [
                        "helmOptions.values.defaultConfiguration.create [operator-configuration-file]",
                        'helmOptions.values.defaultConfiguration["flink-conf.yaml"] [operator-configuration-file]',
                        `operatorConfiguration["${LE}"] [operator-leader-election]`,
                    ],
                ],
                [
                    "raw replicas, a non-text entry, an unparsable config.yaml, allowNullValues false",
                    {
                        flinkConfiguration: { "a.b": { nested: true } as any },
                        helmOptions: {
                            allowNullValues: false,
                            values: { replicas: 11, defaultConfiguration: { "flink-conf.yaml": null, "config.yaml": "a: [" } },
                        },
                    },
                    [
                        'flinkConfiguration["a.b"] [operator-configuration-entry]',
                        "helmOptions.allowNullValues [operator-configuration-file]",
                        'helmOptions.values.defaultConfiguration["config.yaml"] [operator-configuration-file]',
                        "helmOptions.values.replicas [operator-replicas]",
                    ],
                ],
                [
                    "a missing chart and a missing CRD directory",
                    { chartPath: "/nonexistent/chart", crds: { source: "/nonexistent/crds" }, watchNamespaces: "all" as any },
                    ["chartPath [operator-chart-path]", "crds.source [operator-crds]", "watchNamespaces [operator-namespace]"],
                ],
                [
                    "an empty lease name with leader election, and a leader election flag that is no boolean",
                    { operatorConfiguration: { [LEASE]: "", [LE]: "yes" } },
                    [`operatorConfiguration["${LE}"] [operator-leader-election]`, `operatorConfiguration["${LEASE}"] [operator-leader-election]`],
                ],
            ];
            for (const [what, args, expected] of cases) {
                assert.deepStrictEqual(
                    issuesOf(() => new FlinkOperator("bad", args)),
                    expected,
                    what,
                );
            }
            // The meaning of each message is kept: the rule's own words are in the one error.
            assert.throws(
                () => new FlinkOperator("bad", cases[0][1]),
                /replicas is 0; [\s\S]*namespace is "Ops"; [\s\S]*watchNamespaces\[1\] is "-bad"[\s\S]*line break/,
            );
        });

        it("reads a chart or CRD file that is not YAML as an issue of the arg, not a crash", () => {
            const broken = chartCopy("1.15.0", (crd) => `${crd}\n  bad: [\n`);
            try {
                assert.deepStrictEqual(
                    issuesOf(() => new FlinkOperator("bad", { chartPath: broken })),
                    ["chartPath [operator-crds]"],
                );
                assert.throws(() => new FlinkOperator("bad", { chartPath: broken }), /the CRD file ".*flinkstatesnapshots.*" cannot be read/);
                fs.writeFileSync(path.join(broken, "Chart.yaml"), "name: [\n");
                assert.deepStrictEqual(
                    issuesOf(() => new FlinkOperator("bad", { chartPath: broken })),
                    ["chartPath [operator-chart-path]", "chartPath [operator-crds]"],
                );
            } finally {
                fs.rmSync(broken, { recursive: true, force: true });
            }
        });
    });

    describe("computed namespaces (pulumi.Input)", () => {
        it("takes namespace and watchNamespaces as Outputs: the release, namespace and webhook patches use them once checked", async () => {
            const op = new FlinkOperator("op", { namespace: pulumi.output("ops"), watchNamespaces: pulumi.output([pulumi.output("team-a"), "team-b"]) });
            await settleUntil(() => byType(RELEASE).length === 1 && byType(VWC_PATCH).length === 1);
            assert.strictEqual(release().inputs.namespace, "ops");
            assert.deepStrictEqual(release().inputs.values.watchNamespaces, ["team-a", "team-b"]);
            assert.deepStrictEqual(
                byType("kubernetes:core/v1:Namespace").map((n) => n.inputs.metadata.name),
                ["ops"],
            );
            assert.strictEqual(byType(VWC_PATCH)[0].inputs.metadata.name, "flink-operator-ops-webhook-configuration");
            assert.strictEqual(await valueOf(op.namespace), "ops");
            assert.deepStrictEqual(await valueOf(op.watchNamespaces), ["team-a", "team-b"]);
        });

        it("an Output resolving to undefined is unset: the defaults apply", async () => {
            const op = new FlinkOperator("op", { namespace: pulumi.output(undefined as any), watchNamespaces: pulumi.output(undefined as any) });
            await settleUntil(() => byType(RELEASE).length === 1);
            assert.strictEqual(release().inputs.namespace, "flink-operator");
            assert.strictEqual(release().inputs.values.watchNamespaces, undefined);
            assert.deepStrictEqual(await valueOf(op.watchNamespaces), []);
        });

        it("a computed namespace that is no DNS-1123 label fails when it resolves, with every problem, before the release exists", async () => {
            const err: any = await deferredFailure(
                () => new FlinkOperator("bad", { namespace: pulumi.output("Team_A"), watchNamespaces: [pulumi.output("ok"), pulumi.output("-x")] }),
            );
            assert.ok(err instanceof FlinkOperatorArgsError && err instanceof FlinkValidationError, String(err));
            assert.deepStrictEqual(
                err.issues.map((i: any) => `${i.path} [${i.rule}]`),
                ["namespace [operator-namespace]", "watchNamespaces[1] [operator-namespace]"],
            );
            assert.match(err.message, /namespace is "Team_A"; a namespace must be a DNS-1123 label/);
            await settle();
            assert.deepStrictEqual(byType(RELEASE), [], "no Helm release");
            assert.deepStrictEqual(byType("kubernetes:core/v1:Namespace"), [], "no Namespace");
        });

        it("plain values among them are still checked at construction; secrets stay out of the deferred messages", async () => {
            assert.throws(
                () => new FlinkOperator("bad", { namespace: pulumi.output("ops"), watchNamespaces: ["UPPER", pulumi.output("fine")] }),
                /watchNamespaces\[0\] is "UPPER"/,
            );
            const err: any = await deferredFailure(() => new FlinkOperator("bad", { namespace: pulumi.secret("Sup3r-Secret") }));
            assert.match(err.message, /namespace is "\[secret\]"/);
            assert.ok(!err.message.includes("Sup3r-Secret") && !JSON.stringify(err.issues).includes("Sup3r-Secret"), err.message);
        });
    });

    describe("CRDs", () => {
        it("from a local chart: the four CRDs of its crds/ as resources of their own, before the release, kept on delete", async () => {
            new FlinkOperator("op", { chartPath: CHART, webhook: OperatorWebhook.Disabled });
            await settle();
            const r = release().inputs;
            assert.strictEqual(r.chart, CHART);
            assert.strictEqual(r.version, undefined);
            assert.strictEqual(r.repositoryOpts, undefined);
            assert.strictEqual(r.skipCrds, true);
            const crds = byType(CRD);
            assert.deepStrictEqual(crds.map((c) => c.inputs.spec.names.kind).sort(), [
                "FlinkBlueGreenDeployment",
                "FlinkDeployment",
                "FlinkSessionJob",
                "FlinkStateSnapshot",
            ]);
            for (const crd of crds) {
                assert.strictEqual(crd.inputs.metadata.annotations["pulumi.com/patchForce"], "true");
                assert.ok(dependsOnNames("op").includes(crd.name), `release after ${crd.name}`);
                assert.strictEqual(retainOnDelete.get(crd.name), true);
            }
            const dep = crds.find((c) => c.inputs.spec.names.kind === "FlinkDeployment")!;
            assert.strictEqual(dep.inputs.metadata.name, "flinkdeployments.flink.apache.org");
            assert.ok(dep.inputs.spec.versions[0].schema.openAPIV3Schema.properties.spec, "full schema");
            // Printer columns as the API server keeps them (priority 0 dropped), so the next preview shows no diff.
            const columns = dep.inputs.spec.versions.flatMap((v: any) => v.additionalPrinterColumns ?? []);
            assert.ok(columns.length > 0 && columns.every((c: any) => c.priority === undefined && c.jsonPath), JSON.stringify(columns));
        });

        it("keeps printer column priorities other than the server's default 0", () => {
            const crd = {
                spec: {
                    versions: [
                        {
                            name: "v1",
                            additionalPrinterColumns: [
                                { name: "a", jsonPath: ".a", type: "string", priority: 0 },
                                { name: "b", jsonPath: ".b", type: "string", priority: 1 },
                            ],
                        },
                        { name: "v2" },
                    ],
                },
            };
            assert.deepStrictEqual(withoutServerDefaults(crd).spec.versions, [
                {
                    name: "v1",
                    additionalPrinterColumns: [
                        { name: "a", jsonPath: ".a", type: "string" },
                        { name: "b", jsonPath: ".b", type: "string", priority: 1 },
                    ],
                },
                { name: "v2" },
            ]);
        });

        it("a new chart version updates the CRDs: their manifests come from the chart in use", async () => {
            const newer = chartCopy("1.16.0", (crd) => crd.replace("  scope: Namespaced", "  scope: Namespaced\n  preserveUnknownFields: false"));
            try {
                new FlinkOperator("op", { chartPath: CHART, webhook: OperatorWebhook.Disabled });
                await settle();
                const before = byType(CRD).find((c) => c.inputs.spec.names.kind === "FlinkStateSnapshot")!;
                assert.strictEqual(before.inputs.spec.preserveUnknownFields, undefined);
                resetRegistered();
                const op = new FlinkOperator("op", { chartPath: newer, version: "1.16.0", webhook: OperatorWebhook.Disabled });
                await settle();
                const after = byType(CRD).find((c) => c.inputs.spec.names.kind === "FlinkStateSnapshot")!;
                assert.strictEqual(after.name, before.name, "same resource: updated in place, not replaced");
                assert.strictEqual(after.inputs.spec.preserveUnknownFields, false);
                assert.strictEqual(await valueOf(op.chartVersion), "1.16.0");
            } finally {
                fs.rmSync(newer, { recursive: true, force: true });
            }
        });

        it("from a repository: the chart's crds/ at the version's release tag, read by the provider on every run", async () => {
            new FlinkOperator("op", { version: "1.14.0" });
            await settle();
            const [group] = byType("kubernetes:yaml/v2:ConfigGroup");
            assert.ok(group, "a ConfigGroup of the CRDs");
            assert.deepStrictEqual(
                group.inputs.files,
                [
                    "flinkdeployments.flink.apache.org-v1.yml",
                    "flinksessionjobs.flink.apache.org-v1.yml",
                    "flinkstatesnapshots.flink.apache.org-v1.yml",
                    "flinkbluegreendeployments.flink.apache.org-v1.yml",
                ].map((f) => `https://raw.githubusercontent.com/apache/flink-kubernetes-operator/release-1.14.0/helm/flink-kubernetes-operator/crds/${f}`),
            );
            assert.strictEqual(release().inputs.repositoryOpts.repo, "https://downloads.apache.org/flink/flink-kubernetes-operator-1.14.0/");
            assert.ok(dependsOnNames("op").includes(group.name));
            assert.strictEqual(renderOperator("op", { crds: { source: "https://mirror.example.com/crds" } }).crdSource!.kind, "url");
        });

        it("crds.source, retainOnDelete: false, and manage: false (left to Helm)", async () => {
            new FlinkOperator("op", { crds: { source: path.join(CHART, "crds"), retainOnDelete: false } });
            await settle();
            assert.strictEqual(byType(CRD).length, 4);
            assert.ok(byType(CRD).every((c) => retainOnDelete.get(c.name) === false));
            resetRegistered();
            new FlinkOperator("op2", { crds: { manage: false } });
            await settle();
            assert.strictEqual(byType(CRD).length + byType("kubernetes:yaml/v2:ConfigGroup").length, 0);
            assert.strictEqual(release().inputs.skipCrds, undefined);
        });
    });

    describe("dependants", () => {
        it("a FlinkDeployment with the operator option depends on the CRDs, the release and the webhook's readiness", async () => {
            const op = new FlinkOperator("op", { chartPath: CHART });
            const doc = applicationDeployment();
            new FlinkDeployment("orders-op", { metadata: { namespace: "flink" }, spec: doc.spec }, { operator: op });
            await settle();
            const cr = customResources("FlinkDeployment").find((r) => r.name === "orders-op")!;
            const deps = dependsOnNames(cr.name);
            for (const crd of byType(CRD)) assert.ok(deps.includes(crd.name), `after ${crd.name}`);
            assert.ok(deps.includes("op"), "after the release");
            assert.ok(deps.includes("op-validating-webhook-ready") && deps.includes("op-mutating-webhook-ready"), "after the webhook's CA bundle");
        });

        it("warns when a Flink resource is in a namespace the operator does not watch", async () => {
            const op = new FlinkOperator("op", { watchNamespaces: ["team-a"], webhook: OperatorWebhook.Disabled });
            const outside = await warnings(
                () => new FlinkDeployment("stray", { metadata: { namespace: "team-b" }, spec: applicationDeployment().spec }, { operator: op }),
            );
            assert.ok(
                outside.some((m) => /FlinkDeployment "stray" is in namespace "team-b", which the operator does not watch \(watchNamespaces: team-a\)/.test(m)),
                JSON.stringify(outside),
            );
            const inside = await warnings(
                () => new FlinkDeployment("watched", { metadata: { namespace: "team-a" }, spec: applicationDeployment().spec }, { operator: op }),
            );
            assert.deepStrictEqual(
                inside.filter((m) => /does not watch/.test(m)),
                [],
            );
        });

        it("without the option nothing changes: no dependencies", async () => {
            new FlinkOperator("op", {});
            new FlinkDeployment("orders-plain", { spec: applicationDeployment().spec });
            await settle();
            assert.deepStrictEqual(dependencies.get(customResources("FlinkDeployment")[0].name), []);
        });

        it("FlinkSessionJob and FlinkStateSnapshot take the option too", async () => {
            const op = new FlinkOperator("op", { webhook: OperatorWebhook.Disabled });
            const session = new FlinkDeployment(
                "sessions-op",
                { metadata: { name: "sessions", namespace: "flink" }, spec: sessionCluster().spec },
                { operator: op },
            );
            new FlinkSessionJob("clicks-op", { spec: sessionJob().spec }, { deployment: session, operator: op });
            new FlinkStateSnapshot("snap-op", { metadata: savepointSnapshot().metadata, spec: savepointSnapshot().spec }, { operator: op });
            await settle();
            const job = dependsOnNames(customResources("FlinkSessionJob")[0].name);
            assert.ok(job.includes("op") && job.includes("sessions-op"), "after the release and its session cluster");
            const snap = dependsOnNames(customResources("FlinkStateSnapshot")[0].name);
            assert.ok(snap.includes("op") && snap.includes("op-crds"), "after the release and the CRDs (read from the repository's tag)");
            assert.ok(job.includes("op-crds"));
        });

        it("fills spec.serviceAccount from the operator's job service account, before validation", async () => {
            const op = new FlinkOperator("op", { jobServiceAccount: { name: "flink-jobs" } });
            const spec = applicationDeployment().spec;
            delete spec.serviceAccount;
            assert.throws(() => new FlinkDeployment("no-sa", { spec }), FlinkValidationError, "without the operator it is still required");
            new FlinkDeployment("filled", { spec }, { operator: op });
            new FlinkDeployment("kept", { spec: applicationDeployment().spec }, { operator: op });
            new FlinkDeployment("from-output", { spec: pulumi.output(spec) }, { operator: op });
            await settleUntil(() => customResources("FlinkDeployment").length >= 3);
            const sa = (n: string) => customResources("FlinkDeployment").find((r) => r.name === n)!.inputs.spec.serviceAccount;
            assert.strictEqual(sa("filled"), "flink-jobs");
            assert.strictEqual(sa("kept"), "flink");
            assert.strictEqual(sa("from-output"), "flink-jobs");
            assert.strictEqual(spec.serviceAccount, undefined, "the caller's spec is not mutated");
        });

        it("validates with the operator's default configuration under the spec, as the operator will", async () => {
            const spec = deploymentWithoutStateDirs().spec;
            const withDirs = new FlinkOperator("op", { flinkConfiguration: { "state.checkpoints.dir": "s3://ops/cp", "state.savepoints.dir": "s3://ops/sp" } });
            const bare = new FlinkOperator("op-bare", {});
            const raw = new FlinkOperator("op-raw", {
                helmOptions: {
                    values: {
                        defaultConfiguration: {
                            "flink-conf.yaml": "execution.checkpointing.dir: s3://raw/cp # ours\nexecution.checkpointing.savepoint-dir: s3://raw/sp\n",
                        },
                    },
                },
            });
            assert.throws(() => new FlinkDeployment("no-operator", { spec }), /checkpoint-dir-required[\s\S]*savepoint-dir-required/);
            assert.throws(
                () => new FlinkDeployment("bare-operator", { spec }, { operator: bare }),
                /Checkpoint directory\[execution.checkpointing.dir\] must be defined/,
            );
            new FlinkDeployment("typed-defaults", { spec }, { operator: withDirs });
            new FlinkDeployment("raw-defaults", { spec: pulumi.output(spec) }, { operator: raw });
            await settleUntil(() => customResources("FlinkDeployment").length >= 2);
            const names = customResources("FlinkDeployment")
                .map((r) => r.name)
                .sort();
            assert.deepStrictEqual(names, ["raw-defaults", "typed-defaults"]);
            const sp = customResources("FlinkDeployment").find((r) => r.name === "typed-defaults")!.inputs.spec.flinkConfiguration;
            assert.strictEqual(sp["state.savepoints.dir"], undefined, "the defaults stay the operator's: nothing is copied into the spec");
        });

        it("with defaultConfiguration.create false the operator's configuration is unknown, so specs must carry it", () => {
            const spec = applicationDeployment().spec;
            delete spec.flinkConfiguration["execution.checkpointing.dir"];
            const op = new FlinkOperator("op", { replicas: 1, helmOptions: { values: { defaultConfiguration: { create: false } } } });
            assert.throws(() => new FlinkDeployment("unknown-defaults", { spec }, { operator: op }), /checkpoint-dir-required/);
        });

        it("refuses an operator option that is not a FlinkOperator", () => {
            const other = new pulumi.ComponentResource("x:index:Other", "other");
            assert.throws(
                () => new FlinkDeployment("bad-op", { spec: applicationDeployment().spec }, { operator: other as FlinkOperator }),
                /FlinkDeployment "bad-op" is invalid[\s\S]*operator: the operator option must be a FlinkOperator/,
            );
        });

        describe("operatorUrn: the operator option by URN, for other languages", () => {
            it("orders a FlinkDeployment after the CRDs, the release and the webhook, as the option does", async () => {
                const op = new FlinkOperator("op", { chartPath: CHART });
                new FlinkDeployment("orders-urn", { metadata: { namespace: "flink" }, spec: applicationDeployment().spec, operatorUrn: op.urn });
                await settle();
                const cr = customResources("FlinkDeployment").find((r) => r.name === "orders-urn")!;
                const deps = dependsOnNames(cr.name);
                for (const crd of byType(CRD)) assert.ok(deps.includes(crd.name), `after ${crd.name}`);
                assert.ok(deps.includes("op"), "after the release");
                assert.ok(deps.includes("op-validating-webhook-ready") && deps.includes("op-mutating-webhook-ready"), "after the webhook's CA bundle");
                assert.strictEqual(cr.inputs.operatorUrn, undefined, "the arg is not part of the manifest");
            });

            it("orders FlinkSessionJob and FlinkStateSnapshot too, from a URN string as the component provider passes it", async () => {
                const op = new FlinkOperator("op", { webhook: OperatorWebhook.Disabled });
                const urn = await valueOf(op.urn);
                await settleReferenceTargets(); // what the provider does before it builds a component given a URN string
                const session = new FlinkDeployment("sessions-urn", {
                    metadata: { name: "sessions", namespace: "flink" },
                    spec: sessionCluster().spec,
                    operatorUrn: urn,
                });
                new FlinkSessionJob("clicks-urn", { spec: sessionJob().spec, operatorUrn: urn, deploymentUrn: session.urn });
                new FlinkStateSnapshot("snap-urn", { metadata: savepointSnapshot().metadata, spec: savepointSnapshot().spec, operatorUrn: urn });
                await settle();
                const job = dependsOnNames(customResources("FlinkSessionJob")[0].name);
                assert.ok(
                    job.includes("op") && job.includes("op-crds") && job.includes("sessions-urn"),
                    `after the release, the CRDs and the session cluster: ${job}`,
                );
                const snap = dependsOnNames(customResources("FlinkStateSnapshot")[0].name);
                assert.ok(snap.includes("op") && snap.includes("op-crds"), `after the release and the CRDs: ${snap}`);
            });

            it("fills spec.serviceAccount and validates with the operator's default configuration, as the option does", async () => {
                const spec = deploymentWithoutStateDirs().spec;
                delete spec.serviceAccount;
                const withDirs = new FlinkOperator("op", {
                    jobServiceAccount: { name: "flink-jobs" },
                    flinkConfiguration: { "state.checkpoints.dir": "s3://ops/cp", "state.savepoints.dir": "s3://ops/sp" },
                });
                const bare = new FlinkOperator("op-bare", {});
                assert.throws(
                    () => new FlinkDeployment("bare-operator", { spec, operatorUrn: bare.urn }),
                    /Checkpoint directory\[execution.checkpointing.dir\] must be defined/,
                );
                new FlinkDeployment("typed-defaults", { spec, operatorUrn: withDirs.urn });
                await settleUntil(() => customResources("FlinkDeployment").length >= 1);
                const cr = customResources("FlinkDeployment").find((r) => r.name === "typed-defaults")!;
                assert.strictEqual(cr.inputs.spec.serviceAccount, "flink-jobs");
                assert.strictEqual(cr.inputs.spec.flinkConfiguration["state.checkpoints.dir"], undefined, "the defaults stay the operator's");
            });

            it("warns about an unwatched namespace, as the option does", async () => {
                const op = new FlinkOperator("op", { watchNamespaces: ["team-a"], webhook: OperatorWebhook.Disabled });
                const messages = await warnings(
                    () => new FlinkDeployment("stray", { metadata: { namespace: "team-b" }, spec: applicationDeployment().spec, operatorUrn: op.urn }),
                );
                assert.ok(
                    messages.some((m) => /FlinkDeployment "stray" is in namespace "team-b", which the operator does not watch/.test(m)),
                    JSON.stringify(messages),
                );
            });

            it("refuses the option and the arg together, and the URN of anything but a FlinkOperator of this program", async () => {
                const op = new FlinkOperator("op", { webhook: OperatorWebhook.Disabled });
                const dep = new FlinkDeployment("sessions", { spec: sessionCluster().spec, skipAwait: true });
                const spec = applicationDeployment().spec;
                assert.throws(
                    () => new FlinkDeployment("both", { spec, operatorUrn: op.urn }, { operator: op }),
                    /FlinkDeployment "both"(: | is invalid[\s\S]*\n {2}operatorUrn: )both the `operator` option and operatorUrn are given; they name the same FlinkOperator: keep one of them\./,
                );
                assert.throws(
                    () => new FlinkStateSnapshot("wrong-kind", { spec: savepointSnapshot().spec, operatorUrn: dep.urn }),
                    /FlinkStateSnapshot "wrong-kind"(: | is invalid[\s\S]*\n {2}operatorUrn: )operatorUrn is the URN of a FlinkDeployment, not of a FlinkOperator\. Pass the `urn` output of a FlinkOperator declared in the same program \(e\.g\. operatorUrn: operator\.urn; in Python operator_urn=operator\.urn\)/,
                );
                assert.throws(
                    () => new FlinkSessionJob("elsewhere", { spec: sessionJob().spec, operatorUrn: "urn:pulumi:test::test::flink:index:FlinkOperator::other" }),
                    /FlinkSessionJob "elsewhere"(: | is invalid[\s\S]*\n {2}operatorUrn: )(operatorUrn: )?no FlinkOperator with URN "urn:pulumi:test::test::flink:index:FlinkOperator::other" was built in this program/,
                );
                await settle();
                assert.strictEqual(customResources().filter((r) => ["both", "wrong-kind", "elsewhere"].includes(r.name)).length, 0);
            });
        });

        it("passes the component's own dependsOn (e.g. cert-manager) to its children", async () => {
            const certManager = new pulumi.ComponentResource("x:index:CertManager", "cert-manager");
            class Thing extends pulumi.CustomResource {
                constructor(n: string, o: pulumi.CustomResourceOptions) {
                    super("x:index:Thing", n, {}, o);
                }
            }
            const inner = new Thing("cert-manager-release", { parent: certManager });
            new FlinkOperator("op", { createNamespace: false }, { dependsOn: [inner] });
            await settle();
            assert.ok(dependsOnNames("op").includes("cert-manager-release"));
        });
    });
});
