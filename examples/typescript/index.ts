// A Flink platform on Kubernetes: the Flink Kubernetes Operator, a session cluster running two session jobs, an
// application cluster with high availability, checkpoints and savepoint upgrades, a savepoint of it, and a job
// upgraded blue/green (a second deployment started from a savepoint, traffic switched once it runs).
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import {
    BlueGreenConfigKey,
    FlinkBlueGreenDeployment,
    FlinkDeployment,
    FlinkOperator,
    FlinkSessionJob,
    FlinkStateSnapshot,
    FlinkVersion,
    JobKind,
    OperatorWebhook,
    SavepointFormatType,
    UpgradeMode,
} from "@pulumi-flink/flink";

const config = new pulumi.Config();
// A local chart directory (offline); unset: the chart from the Apache download repository.
const chartPath = config.get("chartPath");
const operatorNamespace = config.get("operatorNamespace") ?? "flink-operator";
const namespace = config.get("namespace") ?? "flink";
// "cert-manager" (default; cert-manager must be in the cluster) or "disabled".
const webhook = (config.get("webhook") ?? OperatorWebhook.CertManager) as OperatorWebhook;
// true where nothing runs pods (a bare API server): don't wait for the operator or the Flink jobs to be ready.
const skipAwait = config.getBoolean("skipAwait") ?? false;
// Where HA metadata, checkpoints and savepoints go: a file system every Flink pod can reach.
const storage = config.get("storage") ?? "s3://flink";
const image = config.get("image") ?? "flink:1.20.0";

// The operator creates the job service account and its RBAC in each namespace it watches: create that first.
const jobs = new k8s.core.v1.Namespace("jobs", { metadata: { name: namespace } });

const operator = new FlinkOperator(
    "flink-operator",
    {
        namespace: operatorNamespace,
        chartPath, // undefined: the Apache repository, at the package's default version
        watchNamespaces: [namespace],
        webhook,
        skipAwait,
    },
    { dependsOn: [jobs] },
);

const resources = {
    jobManager: { resource: { memory: "2048m", cpu: 1 } },
    taskManager: { resource: { memory: "2048m", cpu: 1 } },
};

// A session cluster (no `job`): session jobs are submitted to it.
const sessions = new FlinkDeployment(
    "sessions",
    {
        metadata: { namespace },
        spec: { image, flinkVersion: FlinkVersion.v1_20, ...resources },
        skipAwait,
    },
    { operator },
);

const examples = "https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/1.20.0";
// `deployment`: fills spec.deploymentName and the namespace, checks at preview that `sessions` is a session cluster,
// and creates each job after it.
const topSpeed = new FlinkSessionJob(
    "top-speed",
    {
        spec: { job: { jarURI: `${examples}/flink-examples-streaming-1.20.0-TopSpeedWindowing.jar`, parallelism: 1, upgradeMode: UpgradeMode.Stateless } },
        skipAwait,
    },
    { deployment: sessions, operator },
);
const windowJoin = new FlinkSessionJob(
    "window-join",
    {
        spec: { job: { jarURI: `${examples}/flink-examples-streaming-1.20.0-WindowJoin.jar`, parallelism: 1, upgradeMode: UpgradeMode.Stateless } },
        skipAwait,
    },
    { deployment: sessions, operator },
);

// An application cluster: two JobManagers (one standby) need Kubernetes HA; upgrades go through a savepoint.
const orders = new FlinkDeployment(
    "orders",
    {
        metadata: { namespace },
        spec: {
            image,
            flinkVersion: FlinkVersion.v1_20,
            jobManager: { replicas: 2, resource: { memory: "2048m", cpu: 1 } },
            taskManager: { resource: { memory: "2048m", cpu: 1 } },
            job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 2, upgradeMode: UpgradeMode.Savepoint },
        },
        highAvailability: { storageDir: `${storage}/ha` },
        checkpoints: { dir: `${storage}/checkpoints`, interval: "60 s" },
        savepoints: { dir: `${storage}/savepoints`, periodicInterval: "6h" },
        skipAwait,
    },
    { operator },
);

// A savepoint of the application, taken by the operator (into the savepoint directory above).
const snapshot = new FlinkStateSnapshot(
    "orders-savepoint",
    {
        metadata: { namespace },
        spec: {
            jobReference: { kind: JobKind.FlinkDeployment, name: orders.name },
            savepoint: { formatType: SavepointFormatType.Canonical, disposeOnDelete: false },
        },
        skipAwait,
    },
    { operator, dependsOn: [orders] },
);

// A job upgraded blue/green: the operator runs it in "payments-blue"; a change of the template starts "payments-green"
// from a savepoint of the running job, switches once it runs, and deletes the old one a minute later. The template is
// a FlinkDeployment spec, checked at preview with every FlinkDeployment rule.
const payments = new FlinkBlueGreenDeployment(
    "payments",
    {
        metadata: { namespace },
        spec: {
            configuration: { [BlueGreenConfigKey.AbortGracePeriod]: "15 min", [BlueGreenConfigKey.DeploymentDeletionDelay]: "1 min" },
            template: {
                spec: {
                    image,
                    flinkVersion: FlinkVersion.v1_20,
                    ...resources,
                    job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 1, upgradeMode: UpgradeMode.LastState },
                },
            },
        },
        checkpoints: { dir: `${storage}/checkpoints`, interval: "60 s" },
        savepoints: { dir: `${storage}/savepoints` },
        skipAwait,
    },
    { operator },
);

export const operatorNamespaceName = operator.namespace;
export const operatorRelease = operator.releaseName;
export const operatorVersion = operator.chartVersion;
export const operatorStatus = operator.status;
export const jobServiceAccount = operator.jobServiceAccount;
export const sessionCluster = sessions.name;
export const sessionRestAddress = sessions.restAddress;
export const sessionJobs = [topSpeed.name, windowJoin.name];
export const sessionJobTarget = topSpeed.deploymentName;
export const application = orders.name;
export const applicationRestAddress = orders.restAddress;
export const applicationLifecycle = orders.lifecycleState;
export const applicationJobState = orders.jobState;
export const savepoint = snapshot.name;
export const savepointState = snapshot.state;
export const savepointPath = snapshot.path;
export const blueGreen = payments.name;
export const blueGreenState = payments.blueGreenState;
export const blueGreenActive = payments.activeDeploymentName;
