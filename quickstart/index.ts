/**
 * The quickstart: the package's main job in one program. `npm start` runs it (the root Pulumi.yaml names its
 * compiled form, dist/quickstart/index.js) on a local control plane, or on a real cluster with `--context NAME`;
 * `npm stop` removes it. Settings are stack config, written by tools/quickstart.js:
 *
 *   kubeconfig     kubeconfig file of the target cluster (the local control plane's; empty with --context: yours)
 *   kubeContext    context in that kubeconfig
 *   chartPath      a local operator chart directory (offline), or
 *   chartRepository  the chart repository (default: the Apache download repository of the operator release)
 *   webhook        install the operator's admission webhook (needs cert-manager in the cluster)
 *   skipAwait      don't wait for readiness (the local control plane runs no pods)
 *   namespace      namespace of the session cluster and its job; the operator runs in <namespace>-operator
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { FlinkDeployment, FlinkOperator, FlinkSessionJob, FlinkVersion, OperatorWebhook, UpgradeMode } from "../components";

const config = new pulumi.Config();
const skipAwait = config.getBoolean("skipAwait") ?? false;
const namespace = config.get("namespace") ?? "flink-quickstart";

// Every resource goes through this provider: the cluster is always the one named in the stack config, never
// whichever kube context happens to be current.
const cluster = new k8s.Provider("cluster", {
    kubeconfig: config.get("kubeconfig") || undefined,
    context: config.get("kubeContext") || undefined,
});

// The session cluster and its job run here; the operator watches it and creates the job service account in it.
const jobs = new k8s.core.v1.Namespace("jobs", { metadata: { name: namespace } }, { provider: cluster });

const operator = new FlinkOperator(
    "flink-operator",
    {
        namespace: `${namespace}-operator`,
        watchNamespaces: [namespace],
        chartPath: config.get("chartPath") || undefined,
        repository: config.get("chartRepository") || undefined,
        // With the webhook off, this package's preview-time validation is what checks the specs.
        webhook: config.getBoolean("webhook") ? OperatorWebhook.CertManager : OperatorWebhook.Disabled,
        skipAwait,
        // The quickstart owns its CRDs on the local control plane; on a real cluster they are kept on teardown
        // (deleting a CRD deletes every resource of its kind, other teams' included).
        crds: { retainOnDelete: config.getBoolean("retainCrds") ?? true },
    },
    { providers: { kubernetes: cluster }, dependsOn: [jobs] },
);

// A session cluster: a JobManager that session jobs are submitted to (a spec without `job`).
const sessions = new FlinkDeployment(
    "sessions",
    {
        metadata: { name: "quickstart-sessions", namespace },
        spec: {
            image: "flink:2.2",
            flinkVersion: FlinkVersion.v2_2,
            jobManager: { resource: { memory: "2048m", cpu: 1 } },
            taskManager: { resource: { memory: "2048m", cpu: 1 } },
            // serviceAccount: filled in with the operator's job service account (the `operator` option).
        },
        skipAwait,
    },
    { operator, providers: { kubernetes: cluster } },
);

// A job in that session cluster: deploymentName and namespace come from `deployment`, which is also checked at
// preview to be a session cluster.
const job = new FlinkSessionJob(
    "top-speed",
    {
        metadata: { name: "quickstart-top-speed" },
        spec: {
            job: {
                jarURI: "https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/2.2.0/flink-examples-streaming-2.2.0-TopSpeedWindowing.jar",
                parallelism: 2,
                upgradeMode: UpgradeMode.Stateless,
            },
        },
        skipAwait,
    },
    { operator, deployment: sessions, providers: { kubernetes: cluster } },
);

export const operatorNamespace = operator.namespace;
export const operatorRelease = operator.releaseName;
export const operatorChartVersion = operator.chartVersion;
export const operatorReleaseStatus = operator.status;
export const webhookEnabled = operator.webhookEnabled;
export const sessionCluster = sessions.name;
export const sessionClusterNamespace = sessions.namespace;
export const sessionClusterRestAddress = sessions.restAddress;
// Reported by the operator: empty until it has reconciled the resources (always, on the local control plane).
export const sessionClusterLifecycle = sessions.lifecycleState.apply((s) => s ?? "");
export const sessionJob = job.name;
export const sessionJobState = job.jobState.apply((s) => s ?? "");
