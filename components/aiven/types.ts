/**
 * Args of the Aiven for Apache Flink components. Field names follow the Aiven Kubernetes operator's `Flink` CRD
 * (aiven.io/v1alpha1) in Pulumi's camelCase, so users of the operator recognise them. The interfaces keep to what
 * Pulumi's schema inference accepts (interfaces, maps, arrays; no unions other than `| undefined`); object
 * references (providers, the service of an application) are resource options, not args.
 *
 * Nothing here imports @pulumi/aiven: it is an optional peer dependency, required only when a component is built.
 */
import * as pulumi from "@pulumi/pulumi";

/** One entry of the service's IP allow-list. */
export interface AivenFlinkIpFilter {
    /** CIDR address block, e.g. `10.20.0.0/16` (at most 43 characters). `0.0.0.0/0` opens the service to everyone (a warning). */
    network: pulumi.Input<string>;
    /** Description for the entry (at most 1024 characters). */
    description?: pulumi.Input<string>;
}

/** Service components reachable through Privatelink. */
export interface AivenFlinkPrivatelinkAccess {
    /** Enable flink. */
    flink?: pulumi.Input<boolean>;
    /** Enable prometheus. */
    prometheus?: pulumi.Input<boolean>;
}

/** Service ports reachable from the public Internet. */
export interface AivenFlinkPublicAccess {
    /** Allow clients to connect to flink from the public internet for service nodes in a project VPC or another private network. */
    flink?: pulumi.Input<boolean>;
}

/**
 * Flink user configuration (the operator's `userConfig`, Aiven's `flink_user_config`).
 * **Aiven cannot reset these options to defaults: an option once set stays set when removed here.**
 */
export interface AivenFlinkUserConfig {
    /**
     * Flink major version, e.g. `1.20` (`1.16` is deprecated; newer versions may be available).
     * **Changing it replaces the service** (new service, new endpoints and password; applications are recreated):
     * Aiven has no in-place Flink upgrade.
     */
    flinkVersion?: pulumi.Input<string>;
    /** Task slots per node, 1 to 1024. For a 3 node plan, the total number of task slots is 3x this value. */
    numberOfTaskSlots?: pulumi.Input<number>;
    /** Allow incoming connections from these CIDR blocks (at most 8000 entries). */
    ipFilter?: pulumi.Input<pulumi.Input<AivenFlinkIpFilter>[]>;
    /** Allow access to selected service components through Privatelink. */
    privatelinkAccess?: pulumi.Input<AivenFlinkPrivatelinkAccess>;
    /** Allow access to selected service ports from the public Internet. */
    publicAccess?: pulumi.Input<AivenFlinkPublicAccess>;
    /**
     * Enable uploading custom JARs for Flink applications (needed by AivenFlinkJarApplication).
     * **Changing it replaces the service.**
     */
    customCode?: pulumi.Input<boolean>;
    /** Timeout in seconds for all futures and blocking Pekko requests, 5 to 60. */
    pekkoAskTimeoutS?: pulumi.Input<number>;
    /** Maximum size in bytes of messages between the JobManager and the TaskManagers, 1048576 to 52428800. */
    pekkoFramesizeB?: pulumi.Input<number>;
    /** Store logs for the service so that they are available in the HTTP API and console. */
    serviceLog?: pulumi.Input<boolean>;
    /** Use static public IP addresses. */
    staticIps?: pulumi.Input<boolean>;
}

/** Where the connection Secret goes (the operator's `connInfoSecretTarget`). */
export interface AivenFlinkConnInfoSecretTarget {
    /** Name of the Kubernetes Secret to create. Default: the component's resource name. */
    name: pulumi.Input<string>;
    /** Namespace of the Secret. Default: the Kubernetes provider's default namespace. */
    namespace?: pulumi.Input<string>;
    /** Prefix of the Secret's keys, used as-is. Default: `FLINK_` (keys FLINK_HOST, FLINK_PORT, ...). */
    prefix?: pulumi.Input<string>;
    /** Labels of the Secret. */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Annotations of the Secret. */
    annotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** A technical contact of the service. */
export interface AivenFlinkTechnicalEmail {
    /** Email address. */
    email: pulumi.Input<string>;
}

/** A service integration. Listed only to refuse it with a clear message: Aiven accepts none for Flink. */
export interface AivenFlinkServiceIntegration {
    /** Integration type. */
    integrationType: pulumi.Input<string>;
    /** Name of the source service. */
    sourceServiceName: pulumi.Input<string>;
}

export interface AivenFlinkArgs {
    /** The Aiven project of the service: letters, digits, `_` or `-`, at most 63 characters. Changing it replaces the service. */
    project: pulumi.Input<string>;
    /** Subscription plan, e.g. `business-4` (at most 128 characters). */
    plan: pulumi.Input<string>;
    /** Cloud and region the service runs in, e.g. `google-europe-west1` (at most 256 characters). */
    cloudName?: pulumi.Input<string>;
    /** Name of the Aiven service. Default: the component's resource name. Changing it replaces the service. */
    serviceName?: pulumi.Input<string>;
    /** Day of the week for maintenance: monday, tuesday, wednesday, thursday, friday, saturday or sunday. */
    maintenanceWindowDow?: pulumi.Input<string>;
    /** Time of day (UTC) for maintenance, HH:mm:ss, e.g. `11:00:00`. */
    maintenanceWindowTime?: pulumi.Input<string>;
    /**
     * Prevent the service from being deleted. Default: **true** (Aiven's own default is false). While true,
     * `pulumi destroy` (or removing the component, or a change that replaces the service) fails with Aiven's refusal
     * ("Service is protected against termination and shutdown"). To remove the service on purpose: first set
     * `terminationProtection: false` and run `pulumi up`; then remove the component and run `pulumi up`
     * (or run `pulumi destroy`).
     */
    terminationProtection?: pulumi.Input<boolean>;
    /** Identifier of the project VPC the service runs in (at most 36 characters). Default: the public Internet. */
    projectVpcId?: pulumi.Input<string>;
    /** Tags: key-value pairs to categorise the service. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Email addresses (at most 10) that get alerts about maintenance and service instability. */
    technicalEmails?: pulumi.Input<pulumi.Input<AivenFlinkTechnicalEmail>[]>;
    /** Disk space of the service, e.g. `80GiB`. Possible values depend on the plan, cloud and project. */
    diskSpace?: pulumi.Input<string>;
    /** Flink user configuration. */
    userConfig?: pulumi.Input<AivenFlinkUserConfig>;
    /** Where the connection Secret goes. Default: a Secret named after the component, keys prefixed `FLINK_`. */
    connInfoSecretTarget?: pulumi.Input<AivenFlinkConnInfoSecretTarget>;
    /** Don't create the connection Secret (no Kubernetes provider needed). Default: false. */
    connInfoSecretTargetDisabled?: boolean;
    /** Not accepted: Aiven accepts no service integration for Flink services, so any entry is refused. */
    serviceIntegrations?: pulumi.Input<pulumi.Input<AivenFlinkServiceIntegration>[]>;
}

/** Resource options of AivenFlink: the providers of its children, besides the usual `providers` map. */
export interface AivenFlinkOptions extends pulumi.ComponentResourceOptions {
    /** The Aiven provider for the service (default: inherited, as `providers: { aiven }` would). */
    aivenProvider?: pulumi.ProviderResource;
    /** The Kubernetes provider for the connection Secret (default: inherited, as `providers: { kubernetes }` would). */
    kubernetesProvider?: pulumi.ProviderResource;
}

/** A table of an SQL application version. */
export interface AivenFlinkTable {
    /** The CREATE TABLE statement. */
    createTable: pulumi.Input<string>;
    /** The integration (e.g. to a Kafka service) the table reads from or writes to. */
    integrationId?: pulumi.Input<string>;
}

/** How an application version runs. */
export interface AivenFlinkApplicationDeployment {
    /** Parallelism of the job, 1 to 128. Keep it at most (nodes x numberOfTaskSlots), or the job fails. Default: 1. */
    parallelism?: pulumi.Input<number>;
    /** Restart the job automatically when it fails. Default: true. */
    restartEnabled?: pulumi.Input<boolean>;
    /** Savepoint to start the job from. */
    startingSavepoint?: pulumi.Input<string>;
}

export interface AivenFlinkSqlApplicationArgs {
    /** Aiven project. Default: the project of the service option (or serviceUrn); required without them. */
    project?: pulumi.Input<string>;
    /** Aiven service name. Default: that of the service option (or serviceUrn); required without them. */
    serviceName?: pulumi.Input<string>;
    /** Application name. Default: the resource name. */
    applicationName?: pulumi.Input<string>;
    /** The job's SQL statement (e.g. INSERT INTO sink SELECT ... FROM source). Changing it creates a new version. */
    statement: pulumi.Input<string>;
    /** Source tables. */
    sources?: pulumi.Input<pulumi.Input<AivenFlinkTable>[]>;
    /** Sink tables. */
    sinks?: pulumi.Input<pulumi.Input<AivenFlinkTable>[]>;
    /** Run the version. Default: a deployment with Aiven's defaults. */
    deployment?: AivenFlinkApplicationDeployment;
    /** Create the application and version only, without a deployment. Default: false. */
    noDeployment?: boolean;
    /**
     * The `urn` of an AivenFlink of the same program: the same as the TypeScript `service` resource option, for other
     * languages (e.g. Python `service_urn=service.urn`). Sets project and serviceName, and the application's
     * resources are created after the service and deleted before it. Give this or the option, not both.
     */
    serviceUrn?: pulumi.Input<string>;
}

export interface AivenFlinkJarApplicationArgs {
    /** Aiven project. Default: the project of the service option (or serviceUrn); required without them. */
    project?: pulumi.Input<string>;
    /** Aiven service name. Default: that of the service option (or serviceUrn); required without them. */
    serviceName?: pulumi.Input<string>;
    /** Application name. Default: the resource name. */
    applicationName?: pulumi.Input<string>;
    /** Path of the local .jar file to upload (the service needs userConfig.customCode: true). */
    jarPath: pulumi.Input<string>;
    /** Fully qualified entry class; default: the jar manifest's Main-Class. */
    entryClass?: pulumi.Input<string>;
    /** Program arguments. */
    programArgs?: pulumi.Input<pulumi.Input<string>[]>;
    /** Run the version. Default: a deployment with Aiven's defaults. */
    deployment?: AivenFlinkApplicationDeployment;
    /** Create the application and version only, without a deployment. Default: false. */
    noDeployment?: boolean;
    /**
     * The `urn` of an AivenFlink of the same program: the same as the TypeScript `service` resource option, for other
     * languages (e.g. Python `service_urn=service.urn`). Sets project and serviceName, and the application's
     * resources are created after the service and deleted before it. Give this or the option, not both.
     */
    serviceUrn?: pulumi.Input<string>;
}

/** @deprecated Renamed AivenFlinkApplicationDeployment (schema type names carry no Args suffix; other languages add their own). */
export type AivenFlinkApplicationDeploymentArgs = AivenFlinkApplicationDeployment;

// ---------------------------------------------------------------------------------------------------------------
// AivenOperatorFlink: the Aiven Kubernetes operator's `Flink` resource (aiven.io/v1alpha1).

/** The Secret and key holding the Aiven API token the operator uses for this resource (the CR's `authSecretRef`). */
export interface AivenOperatorAuthSecretRef {
    /** Name of the Secret (in the resource's namespace). */
    name: pulumi.Input<string>;
    /** Key of the token in the Secret. */
    key: pulumi.Input<string>;
}

/** A ProjectVPC resource of the Aiven operator whose id the service uses (the CR's `projectVPCRef`). */
export interface AivenOperatorProjectVpcRef {
    /** Name of the ProjectVPC resource. */
    name: pulumi.Input<string>;
    /** Its namespace. Default: the Flink resource's. */
    namespace?: pulumi.Input<string>;
}

/** Where the operator writes the connection Secret (the CR's `connInfoSecretTarget`; always in the resource's namespace). */
export interface AivenOperatorSecretTarget {
    /** Name of the Secret. Default: the Flink resource's name. Cannot change after creation (the CRD refuses it). */
    name: pulumi.Input<string>;
    /** Prefix of the keys, used as-is. Default: `FLINK_`. */
    prefix?: pulumi.Input<string>;
    /** Labels of the Secret. */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Annotations of the Secret. */
    annotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

export interface AivenOperatorFlinkArgs {
    /** The Aiven project: letters, digits, `_` or `-`, at most 63 characters. Cannot change after creation (the CRD refuses it). */
    project: pulumi.Input<string>;
    /** Subscription plan, e.g. `business-4` (at most 128 characters). */
    plan: pulumi.Input<string>;
    /** Cloud and region, e.g. `google-europe-west1` (at most 256 characters). */
    cloudName?: pulumi.Input<string>;
    /** Name of the Flink resource, which is the Aiven service's name. Default: the component's resource name. Changing it replaces the resource (a new service). */
    serviceName?: pulumi.Input<string>;
    /** Namespace of the Flink resource (and of the connection Secret). Default: the Kubernetes provider's. */
    namespace?: pulumi.Input<string>;
    /** Labels of the Flink resource. */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Annotations of the Flink resource (the component adds its readiness annotations; yours win). */
    annotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** The Secret with the Aiven API token. Default: the operator's default token Secret. */
    authSecretRef?: pulumi.Input<AivenOperatorAuthSecretRef>;
    /** Day of the week for maintenance: monday ... sunday. */
    maintenanceWindowDow?: pulumi.Input<string>;
    /** Time of day (UTC) for maintenance, HH:mm:ss. */
    maintenanceWindowTime?: pulumi.Input<string>;
    /**
     * Prevent the service from being deleted. Default: **true** (the operator's default is false). While true, the
     * component refuses `pulumi destroy` and removal of the resource, as the operator's webhook refuses deleting it.
     * To delete on purpose: set `terminationProtection: false`, `pulumi up`, then remove or destroy.
     */
    terminationProtection?: pulumi.Input<boolean>;
    /** Identifier of the project VPC (the VPC id, or aiven.ProjectVpc's `<project>/<vpc id>`, whose VPC id is sent). Not with projectVpcRef. */
    projectVpcId?: pulumi.Input<string>;
    /** The operator's ProjectVPC resource to take the VPC id from. Not with projectVpcId (the operator's webhook refuses both). */
    projectVpcRef?: pulumi.Input<AivenOperatorProjectVpcRef>;
    /** Tags: key-value pairs. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Email addresses (at most 10) for maintenance and instability alerts. */
    technicalEmails?: pulumi.Input<pulumi.Input<AivenFlinkTechnicalEmail>[]>;
    /** Disk space, e.g. `80GiB` (the CR's `disk_space`). */
    diskSpace?: pulumi.Input<string>;
    /** Flink user configuration, as AivenFlink's (sent in the CR's snake_case). flinkVersion and customCode cannot change after creation. */
    userConfig?: pulumi.Input<AivenFlinkUserConfig>;
    /** Power state: false powers the service off (ignored on creation). Default: the operator's (true). */
    powered?: pulumi.Input<boolean>;
    /** Where the operator writes the connection Secret. Default: named after the Flink resource, keys prefixed `FLINK_`. */
    connInfoSecretTarget?: pulumi.Input<AivenOperatorSecretTarget>;
    /** The operator writes no connection Secret (the connection outputs are then unset). Can only be set at creation. Default: unset. */
    connInfoSecretTargetDisabled?: boolean;
    /** Do not wait for the operator to report the service RUNNING (the connection outputs are then unset). Default: false. */
    skipAwait?: boolean;
    /** How long to wait for RUNNING, in seconds. Default: 1800 (an Aiven service takes minutes to build). */
    awaitTimeoutSeconds?: number;
}
