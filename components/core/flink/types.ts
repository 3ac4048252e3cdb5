/**
 * Typed model of the Apache Flink Kubernetes Operator 1.15.0 custom resources (`flink.apache.org/v1beta1`).
 *
 * Field names and shapes are the CRD's own, so a manifest's `spec` is valid input as-is. Descriptions come from
 * the operator's CRD reference. Every field accepts a `pulumi.Input`. The interfaces keep to what Pulumi's schema
 * inference accepts (interfaces, enums, maps, arrays; no unions other than `| undefined`) so a later SDK for other
 * languages can be generated from them.
 */
import * as pulumi from "@pulumi/pulumi";

/** Flink image version. v1_13 and v1_14 are rejected by the operator; v1_15 to v1_18 are deprecated. */
export enum FlinkVersion {
    /** No longer supported since the 1.7 operator release. */
    v1_13 = "v1_13",
    /** No longer supported since the 1.7 operator release. */
    v1_14 = "v1_14",
    /** Deprecated since the 1.10 operator release. */
    v1_15 = "v1_15",
    /** Deprecated. */
    v1_16 = "v1_16",
    /** Deprecated. */
    v1_17 = "v1_17",
    /** Deprecated. */
    v1_18 = "v1_18",
    v1_19 = "v1_19",
    v1_20 = "v1_20",
    v2_0 = "v2_0",
    v2_1 = "v2_1",
    v2_2 = "v2_2",
}

/** Flink job upgrade behaviour. */
export enum UpgradeMode {
    /** Job is upgraded by first taking a savepoint of the running job, shutting it down and restoring from the savepoint. */
    Savepoint = "savepoint",
    /** Job is upgraded using any latest checkpoint or savepoint available. */
    LastState = "last-state",
    /** Job is upgraded with empty state. */
    Stateless = "stateless",
}

/** Desired job state. */
export enum JobState {
    /** Job is expected to be processing data. */
    Running = "running",
    /** Processing is suspended with the intention of continuing later. */
    Suspended = "suspended",
}

/** Deployment mode of the Flink cluster on Kubernetes. */
export enum KubernetesDeploymentMode {
    /** Deploys Flink using Flink's native Kubernetes support. */
    Native = "native",
    /** Deploys Flink on top of Kubernetes in standalone mode. */
    Standalone = "standalone",
}

/** Savepoint format type. */
export enum SavepointFormatType {
    /** A canonical format, common to all state backends. */
    Canonical = "CANONICAL",
    /** A format specific to the chosen state backend. */
    Native = "NATIVE",
    /** Format unknown, if the savepoint was not triggered by the operator. */
    Unknown = "UNKNOWN",
}

/** Kubernetes kind of a snapshot's job reference. */
export enum JobKind {
    /** FlinkDeployment custom resource kind. */
    FlinkDeployment = "FlinkDeployment",
    /** FlinkSessionJob custom resource kind. */
    FlinkSessionJob = "FlinkSessionJob",
}

/** Kubernetes object metadata, as much of it as a user sets. */
export interface ObjectMeta {
    /** Name of the object. Defaults to the Pulumi resource name. FlinkDeployment names: lower case alphanumerics or '-', at most 45 characters. */
    name?: pulumi.Input<string>;
    /** Namespace of the object. Defaults to the provider's namespace. */
    namespace?: pulumi.Input<string>;
    /** Labels (string values only). */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Annotations (string values only). */
    annotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** Flink job spec. */
export interface JobSpec {
    /** Optional URI of the job jar within the Flink docker container, e.g. local:///opt/flink/examples/streaming/StateMachineExample.jar. If not specified the job jar should be available in the system classpath. Session jobs may fetch it from a remote scheme allowed by the operator (https by default). */
    jarURI?: pulumi.Input<string>;
    /** Parallelism of the Flink job. */
    parallelism?: pulumi.Input<number>;
    /** Fully qualified main class name of the Flink job. */
    entryClass?: pulumi.Input<string>;
    /** Arguments for the Flink job main class. */
    args?: pulumi.Input<pulumi.Input<string>[]>;
    /** Desired state for the job. */
    state?: pulumi.Input<JobState>;
    /** Nonce used to manually trigger a savepoint for the running job. Change the number to a different non-null value to trigger one. */
    savepointTriggerNonce?: pulumi.Input<number>;
    /** Savepoint path used by the job the first time it is deployed or during savepoint redeployments (triggered by changing savepointRedeployNonce). */
    initialSavepointPath?: pulumi.Input<string>;
    /** Nonce used to manually trigger a checkpoint for the running job. Change the number to a different non-null value to trigger one. */
    checkpointTriggerNonce?: pulumi.Input<number>;
    /** Upgrade mode of the Flink job. */
    upgradeMode?: pulumi.Input<UpgradeMode>;
    /** Allow checkpoint state that cannot be mapped to any job vertex in tasks. */
    allowNonRestoredState?: pulumi.Input<boolean>;
    /** Nonce used to trigger a full redeployment of the job from initialSavepointPath. Change the number to a different non-null value to trigger it. Rollback is not possible after redeployment. */
    savepointRedeployNonce?: pulumi.Input<number>;
    /** Nonce used to reset the autoscaler's state. Change the number to a different non-null value to reset it. */
    autoscalerResetNonce?: pulumi.Input<number>;
}

/** Resource spec of JobManager or TaskManager pods. */
export interface Resource {
    /** Amount of CPU allocated to the pod (cores, may be fractional). */
    cpu?: pulumi.Input<number>;
    /** Amount of memory allocated to the pod, e.g. 1024m, 1g, 2Gi. */
    memory?: pulumi.Input<string>;
    /** Amount of ephemeral storage allocated to the pod, e.g. 1024m, 2G. */
    ephemeralStorage?: pulumi.Input<string>;
}

/** JobManager spec. */
export interface JobManagerSpec {
    /** Resource specification for the JobManager pods. */
    resource?: pulumi.Input<Resource>;
    /** Number of JobManager replicas. Must be 1 for non-HA deployments. */
    replicas?: pulumi.Input<number>;
    /** JobManager pod template (a Kubernetes PodTemplateSpec). It is merged with spec.podTemplate. */
    podTemplate?: pulumi.Input<any>;
}

/** TaskManager spec. */
export interface TaskManagerSpec {
    /** Resource specification for the TaskManager pods. */
    resource?: pulumi.Input<Resource>;
    /** Number of TaskManager replicas. If defined, takes precedence over parallelism. */
    replicas?: pulumi.Input<number>;
    /** TaskManager pod template (a Kubernetes PodTemplateSpec). It is merged with spec.podTemplate. */
    podTemplate?: pulumi.Input<any>;
}

/** Ingress TLS entry. */
export interface IngressTLS {
    /** Hosts included in the TLS certificate. */
    hosts?: pulumi.Input<pulumi.Input<string>[]>;
    /** Name of the Secret holding the TLS certificate. */
    secretName?: pulumi.Input<string>;
}

/** Ingress spec for the JobManager REST/UI service. */
export interface IngressSpec {
    /** Ingress template for the JobManager service, e.g. "flink.k8s.io/{{namespace}}/{{name}}" or "{{name}}.{{namespace}}.flink.k8s.io". Required when ingress is set. */
    template?: pulumi.Input<string>;
    /** Ingress className for the Flink deployment. */
    className?: pulumi.Input<string>;
    /** Ingress annotations. */
    annotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Ingress labels. */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Ingress TLS. */
    tls?: pulumi.Input<pulumi.Input<IngressTLS>[]>;
}

/** Spec that describes a Flink application or session cluster deployment. */
export interface FlinkDeploymentSpec {
    /** Job specification for application deployments. Leave unset for a session cluster. */
    job?: pulumi.Input<JobSpec>;
    /** Nonce used to manually trigger a restart of the cluster. Change the number to a different non-null value to restart. */
    restartNonce?: pulumi.Input<number>;
    /** Flink configuration overrides: flat keys ("high-availability.type") or nested maps ({"high-availability": {"type": "kubernetes"}}); strings, numbers and booleans. */
    flinkConfiguration?: pulumi.Input<{ [key: string]: any }>;
    /** Flink docker image used to start the JobManager and TaskManager pods, e.g. flink:1.20. */
    image?: pulumi.Input<string>;
    /** Image pull policy of the Flink docker image. */
    imagePullPolicy?: pulumi.Input<string>;
    /** Kubernetes service account used by the Flink pods; with the operator's Helm chart, its jobServiceAccount (default "flink"). */
    serviceAccount?: pulumi.Input<string>;
    /** Flink image version. */
    flinkVersion?: pulumi.Input<FlinkVersion>;
    /** Ingress spec. */
    ingress?: pulumi.Input<IngressSpec>;
    /** Base pod template (a Kubernetes PodTemplateSpec) for JobManager and TaskManager pods. Can be overridden by the jobManager and taskManager pod templates. */
    podTemplate?: pulumi.Input<any>;
    /** JobManager spec. */
    jobManager?: pulumi.Input<JobManagerSpec>;
    /** TaskManager spec. */
    taskManager?: pulumi.Input<TaskManagerSpec>;
    /** Log configuration overrides: file name ("log4j-console.properties" or "logback-console.xml") to content. */
    logConfiguration?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Deployment mode of the Flink cluster, native or standalone. */
    mode?: pulumi.Input<KubernetesDeploymentMode>;
}

/** Spec that describes a Flink session job. */
export interface FlinkSessionJobSpec {
    /** The name of the target session cluster FlinkDeployment. Set automatically when `deployment` is given. */
    deploymentName?: pulumi.Input<string>;
    /** Job specification. Required. */
    job?: pulumi.Input<JobSpec>;
    /** Nonce used to manually trigger a restart of the session job. Change the number to a different non-null value to restart. */
    restartNonce?: pulumi.Input<number>;
    /** Flink configuration overrides for the session job, flat or nested like FlinkDeployment's. */
    flinkConfiguration?: pulumi.Input<{ [key: string]: any }>;
}

/** Flink resource reference: a FlinkDeployment or a FlinkSessionJob. */
export interface JobReference {
    /** Kind of the Flink resource, FlinkDeployment or FlinkSessionJob. */
    kind?: pulumi.Input<JobKind>;
    /** Name of the Flink resource. */
    name?: pulumi.Input<string>;
}

/** Spec for savepoint state snapshots. */
export interface SavepointSpec {
    /** Optional path for the savepoint. */
    path?: pulumi.Input<string>;
    /** Savepoint format to use. */
    formatType?: pulumi.Input<SavepointFormatType>;
    /** Dispose of the savepoint when the custom resource is deleted. */
    disposeOnDelete?: pulumi.Input<boolean>;
    /** The savepoint already exists at `path`: the operator triggers nothing and marks the snapshot completed. */
    alreadyExists?: pulumi.Input<boolean>;
}

/** Spec for checkpoint state snapshots: an empty object that tells the operator to trigger a checkpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the CRD's checkpoint spec is an empty object
export interface CheckpointSpec {}

/** Spec that describes a FlinkStateSnapshot. Exactly one of savepoint and checkpoint must be set. */
export interface FlinkStateSnapshotSpec {
    /** Source to take a snapshot of. Not required for a savepoint with alreadyExists: true. */
    jobReference?: pulumi.Input<JobReference>;
    /** Spec in case of a savepoint. */
    savepoint?: pulumi.Input<SavepointSpec>;
    /** Spec in case of a checkpoint. */
    checkpoint?: pulumi.Input<CheckpointSpec>;
    /** Maximum number of retries before the snapshot is considered failed. -1 for unlimited, 0 for no retries. */
    backoffLimit?: pulumi.Input<number>;
}

/** State of a FlinkBlueGreenDeployment's blue/green state machine (status.blueGreenState). */
export enum FlinkBlueGreenDeploymentState {
    /** First deployment: the blue child is being created. */
    InitializingBlue = "INITIALIZING_BLUE",
    /** The blue child runs the job (a terminal, steady state). */
    ActiveBlue = "ACTIVE_BLUE",
    /** The green child runs the job (a terminal, steady state). */
    ActiveGreen = "ACTIVE_GREEN",
    /** A savepoint of the blue child is being taken before the switch to green. */
    SavepointingBlue = "SAVEPOINTING_BLUE",
    /** A savepoint of the green child is being taken before the switch to blue. */
    SavepointingGreen = "SAVEPOINTING_GREEN",
    /** Switching from green to blue: the blue child is started while green keeps running. */
    TransitioningToBlue = "TRANSITIONING_TO_BLUE",
    /** Switching from blue to green: the green child is started while blue keeps running. */
    TransitioningToGreen = "TRANSITIONING_TO_GREEN",
}

/**
 * The keys of a FlinkBlueGreenDeployment's `spec.configuration` the operator reads, with their defaults. Values are
 * Flink durations: a whole number and a unit (ms, s, min, h, d, ...; no unit means milliseconds), e.g. "10 min".
 */
export enum BlueGreenConfigKey {
    /** How long a new child may take to become ready (job RUNNING, lifecycle STABLE) before the switch is aborted and the old child stays active. Default "10 min". */
    AbortGracePeriod = "kubernetes.operator.bluegreen.abort.grace-period",
    /** How often the operator looks at a blue/green deployment while it is changing. Default "15 s". */
    ReconciliationRescheduleInterval = "kubernetes.operator.bluegreen.reconciliation.reschedule-interval",
    /** How long the old child keeps running after the new one is ready, before it is deleted. Default "0 ms". */
    DeploymentDeletionDelay = "kubernetes.operator.bluegreen.deployment-deletion.delay",
}

/** A FlinkDeployment as a FlinkBlueGreenDeployment's template: the spec both children get. */
export interface FlinkDeploymentTemplate {
    /** Metadata of the template. Kept in the resource, but the operator 1.15 does not apply it to the children: they are named `<name>-blue`/`<name>-green`, in the blue/green deployment's namespace, with only its own type label. */
    metadata?: pulumi.Input<ObjectMeta>;
    /** The FlinkDeployment spec of the children, exactly as a FlinkDeployment's (an application: spec.job is required). Validated with every FlinkDeployment rule. */
    spec?: pulumi.Input<FlinkDeploymentSpec>;
}

/** Spec of a FlinkBlueGreenDeployment: a Flink application upgraded by starting a second deployment and switching over. */
export interface FlinkBlueGreenDeploymentSpec {
    /** Blue/green options of the operator, by key (see BlueGreenConfigKey): `kubernetes.operator.bluegreen.abort.grace-period` (default "10 min"), `...reconciliation.reschedule-interval` ("15 s"), `...deployment-deletion.delay` ("0 ms"). Values are Flink durations as strings. Flink options belong in template.spec.flinkConfiguration. */
    configuration?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Ingress the operator keeps pointed at the active child's REST service ({{name}} is the blue/green deployment's name). */
    ingress?: pulumi.Input<IngressSpec>;
    /** The FlinkDeployment both children are made from. */
    template: pulumi.Input<FlinkDeploymentTemplate>;
}
