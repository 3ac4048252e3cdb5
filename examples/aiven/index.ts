// Aiven for Apache Flink next to a Flink job on Kubernetes: AivenFlink writes the service's connection details to a
// Kubernetes Secret, and a FlinkDeployment's pods read them from that Secret (env valueFrom secretKeyRef), so the
// password never appears in the FlinkDeployment or in the program. A SQL application runs on the Aiven service.
import * as pulumi from "@pulumi/pulumi";
import { AivenFlink, AivenFlinkSqlApplication, FlinkDeployment, FlinkVersion, UpgradeMode } from "@pulumi-flink/flink";

const config = new pulumi.Config();
const project = config.require("aivenProject");
const plan = config.get("plan") ?? "business-4";
const cloudName = config.get("cloudName") ?? "google-europe-west1";
// The namespace of the FlinkDeployment and of the connection Secret (a secretKeyRef reads its own namespace only).
const namespace = config.get("namespace") ?? "flink";
// Who may reach the Aiven service: the cluster's egress network, never 0.0.0.0/0.
const allowedNetwork = config.get("allowedNetwork") ?? "10.0.0.0/8";

const PREFIX = "AIVEN_FLINK_";
const events = new AivenFlink("events", {
    project,
    plan,
    cloudName,
    maintenanceWindowDow: "sunday",
    maintenanceWindowTime: "03:00:00",
    // terminationProtection defaults to true: `pulumi destroy` is refused until you set it to false and run `up`.
    userConfig: { flinkVersion: "1.20", numberOfTaskSlots: 4, ipFilter: [{ network: allowedNetwork, description: "cluster egress" }] },
    connInfoSecretTarget: { name: "events-flink", namespace, prefix: PREFIX },
});

const secretName = events.connectionSecretName.apply((name) => {
    if (!name) throw new Error("AivenFlink wrote no connection Secret: leave connInfoSecretTargetDisabled unset");
    return name;
});

// Every key the Secret holds, as an environment variable of the same name in the Flink containers.
const KEYS = ["HOST", "PORT", "USER", "PASSWORD", "URI", "HOSTS"];
const env = KEYS.map((key) => ({
    name: `${PREFIX}${key}`,
    valueFrom: { secretKeyRef: { name: secretName, key: `${PREFIX}${key}` } },
}));

// A job on Kubernetes that talks to the Aiven service (its REST API, say): the operator must already run in the
// cluster, with the job service account "flink" in `namespace`.
const monitor = new FlinkDeployment("events-monitor", {
    metadata: { namespace },
    spec: {
        image: "flink:1.20.0",
        flinkVersion: FlinkVersion.v1_20,
        serviceAccount: "flink",
        podTemplate: { spec: { containers: [{ name: "flink-main-container", env }] } },
        jobManager: { resource: { memory: "2048m", cpu: 1 } },
        taskManager: { resource: { memory: "2048m", cpu: 1 } },
        job: { jarURI: "local:///opt/flink/usrlib/events-monitor.jar", parallelism: 1, upgradeMode: UpgradeMode.Stateless },
    },
});

// A SQL application on the Aiven service: application, version, then deployment, all after the service, and deleted
// before it.
const enrich = new AivenFlinkSqlApplication(
    "enrich",
    {
        statement: "INSERT INTO enriched SELECT id, UPPER(name) AS name FROM events",
        sources: [{ createTable: "CREATE TABLE events (id INT, name STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '10')" }],
        sinks: [{ createTable: "CREATE TABLE enriched (id INT, name STRING) WITH ('connector' = 'blackhole')" }],
        deployment: { parallelism: 2, restartEnabled: true },
    },
    { service: events },
);

export const serviceName = events.serviceName;
export const serviceHost = events.host;
export const servicePort = events.port;
export const password = events.password; // a Pulumi secret
export const uri = events.uri; // a Pulumi secret
export const connectionSecret = secretName;
export const monitorName = monitor.name;
export const sqlApplicationId = enrich.applicationId;
export const sqlDeploymentId = enrich.deploymentId;
