// A small Flink platform whose production readiness is set by stack configuration, to be run with the pulumi-flink
// policy pack: `pulumi preview --policy-pack ../../policies`. The components accept both configurations (a single
// JobManager without HA is a valid Flink setup); the pack's mandatory policies refuse the non-compliant one.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { FlinkDeployment, FlinkOperator, FlinkVersion, OperatorWebhook, UpgradeMode } from "@pulumi-flink/flink";

const config = new pulumi.Config();
const chartPath = config.get("chartPath"); // unset: the Apache chart repository
const operatorNamespace = config.get("operatorNamespace") ?? "flink-operator";
const namespace = config.get("namespace") ?? "flink";
const webhook = (config.get("webhook") ?? OperatorWebhook.CertManager) as OperatorWebhook;
const skipAwait = config.getBoolean("skipAwait") ?? false;
const storage = config.get("storage") ?? "s3://flink";
// What the two stack files set (Pulumi.compliant.yaml, Pulumi.noncompliant.yaml).
const operatorReplicas = config.getNumber("operatorReplicas") ?? 2;
const jobManagerReplicas = config.getNumber("jobManagerReplicas") ?? 2;
const highAvailability = config.getBoolean("highAvailability") ?? true;

const jobs = new k8s.core.v1.Namespace("jobs", { metadata: { name: namespace } });

const operator = new FlinkOperator(
    "flink-operator",
    {
        namespace: operatorNamespace,
        chartPath,
        replicas: operatorReplicas, // 1: the component turns leader election off; flink-operator-ha wants 2 with it on
        watchNamespaces: [namespace],
        webhook,
        skipAwait,
    },
    { dependsOn: [jobs] },
);

const orders = new FlinkDeployment(
    "orders",
    {
        metadata: { namespace },
        spec: {
            image: "flink:1.20.0",
            flinkVersion: FlinkVersion.v1_20,
            jobManager: { replicas: jobManagerReplicas, resource: { memory: "2048m", cpu: 1 } },
            taskManager: { resource: { memory: "2048m", cpu: 1 } },
            job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 2, upgradeMode: UpgradeMode.Savepoint },
        },
        highAvailability: highAvailability ? { storageDir: `${storage}/ha` } : undefined,
        checkpoints: { dir: `${storage}/checkpoints` },
        savepoints: { dir: `${storage}/savepoints` },
        skipAwait,
    },
    { operator },
);

export const operatorRelease = operator.releaseName;
export const application = orders.name;
export const applicationRestAddress = orders.restAddress;
