// Aiven for Apache Flink through the Aiven Kubernetes operator: the service is the operator's `Flink` resource
// (aiven.io/v1alpha1), so it lives in the cluster next to the Flink jobs and the operator owns it (GitOps). Needs the
// Aiven operator installed in the cluster, and a Secret with an Aiven API token (here "aiven-token", key "token").
// The operator writes the connection Secret; a FlinkDeployment's pods read it (env valueFrom secretKeyRef).
import * as pulumi from "@pulumi/pulumi";
import { AivenOperatorFlink, FlinkDeployment, FlinkVersion, UpgradeMode } from "@pulumi-flink/flink";

const config = new pulumi.Config();
const project = config.require("aivenProject");
const namespace = config.get("namespace") ?? "flink";
// Who may reach the Aiven service: the cluster's egress network, never 0.0.0.0/0.
const allowedNetwork = config.get("allowedNetwork") ?? "10.0.0.0/8";

const PREFIX = "AIVEN_FLINK_";
const events = new AivenOperatorFlink("events", {
    namespace,
    project,
    plan: "business-4",
    cloudName: "google-europe-west1",
    authSecretRef: { name: "aiven-token", key: "token" },
    maintenanceWindowDow: "sunday",
    maintenanceWindowTime: "03:00:00",
    // terminationProtection defaults to true: `pulumi destroy` is refused until you set it to false and run `up`.
    // flinkVersion and customCode cannot change once the service exists (the operator's CRD refuses it; so does
    // the component, at preview).
    userConfig: { flinkVersion: "1.20", numberOfTaskSlots: 4, ipFilter: [{ network: allowedNetwork, description: "cluster egress" }] },
    connInfoSecretTarget: { name: "events-flink", prefix: PREFIX },
});

// The keys the Aiven operator writes (it writes no PORT: the port is in the URI and in each host:port of HOSTS).
const KEYS = ["HOST", "USER", "PASSWORD", "URI", "HOSTS"];
const secretName = events.connectionSecretName.apply((name) => {
    if (!name) throw new Error("the Aiven operator writes no connection Secret: leave connInfoSecretTargetDisabled unset");
    return name;
});
const env = KEYS.map((key) => ({ name: `${PREFIX}${key}`, valueFrom: { secretKeyRef: { name: secretName, key: `${PREFIX}${key}` } } }));

// A job on Kubernetes that talks to the Aiven service: the Flink operator must run in the cluster, with the job
// service account "flink" in `namespace`. It is created once the Aiven service is RUNNING (the Secret exists then).
const monitor = new FlinkDeployment(
    "events-monitor",
    {
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
    },
    { dependsOn: [events] },
);

export const serviceName = events.serviceName;
export const state = events.state;
export const serviceHost = events.host;
export const password = events.password; // a Pulumi secret
export const uri = events.uri; // a Pulumi secret
export const connectionSecret = secretName;
export const monitorName = monitor.name;
