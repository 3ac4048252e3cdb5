/*
 * Args of the FlinkOperator component. Data only (no resource references) and within what Pulumi's schema
 * inference accepts, so SDKs for other languages can be generated: interfaces, enums, maps, arrays, `any`,
 * `pulumi.Input` where users naturally compute the value (namespaces), and @pulumi/kubernetes input types for the
 * Kubernetes fields (inference copies them into this package's schema under their Kubernetes names; see
 * KUBERNETES_TYPES in components/provider/schema.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";

/** How the operator's admission webhook is run. */
export enum OperatorWebhook {
    /**
     * The chart's validating and mutating webhook, its certificate issued through cert-manager, which must already
     * be in the cluster (its CRDs are needed at install). When cert-manager is installed by the same program, put it
     * in the FlinkOperator's `dependsOn`. Flink resources given the `operator` option wait until both webhook
     * configurations carry their CA bundle, so the first FlinkDeployment is not refused by a webhook that is not
     * serving yet.
     */
    CertManager = "cert-manager",
    /**
     * No webhook and no cert-manager needed. The API server then accepts any spec its CRD schema allows; the checks
     * the webhook made (the operator's DefaultValidator rules) are made by this package instead, at preview, when a
     * FlinkDeployment, FlinkSessionJob or FlinkStateSnapshot component is constructed (or by `pulumi-flink validate`
     * for manifests). Resources applied by other means (kubectl) are only checked by the operator's reconcile loop,
     * which reports errors in status instead of refusing them.
     */
    Disabled = "disabled",
}

/**
 * The operator image. Each field replaces the chart's value. Default: the release image
 * `apache/flink-kubernetes-operator:<chart appVersion>` (Docker Hub), pinned instead of the chart's floating
 * `ghcr.io/...:latest`, unless any of repository, tag or digest is set here or in helmOptions.values, or a local
 * chart pins its own tag.
 */
export interface OperatorImage {
    /** Image repository. Chart default: ghcr.io/apache/flink-kubernetes-operator. */
    repository?: string;
    /** Image tag. Default: the chart's appVersion with the release repository (see above). */
    tag?: string;
    /** Image digest; when set, the chart ignores the tag. */
    digest?: string;
    /** Pull policy: Always, IfNotPresent or Never. Chart default: IfNotPresent. */
    pullPolicy?: string;
    /** Names of image pull secrets in the operator namespace. */
    pullSecrets?: string[];
}

/**
 * Compute resources of a container: Kubernetes core/v1 ResourceRequirements as @pulumi/kubernetes types it
 * (`{ requests: { cpu: "250m", memory: "512Mi" }, limits: {...} }`).
 */
export type ResourceRequirements = k8s.types.input.core.v1.ResourceRequirements;

/** The service account Flink JobManagers and TaskManagers run as, created with its Role and RoleBinding by the chart. */
export interface JobServiceAccount {
    /** Create the service account (in each watched namespace, or in the operator namespace when all are watched). Default: true. */
    create?: boolean;
    /** Its name. Default: "flink". FlinkDeployments given the `operator` option use it when spec.serviceAccount is unset. */
    name?: string;
    /** Annotations, e.g. for workload identity. Replaces the chart's (which keep the account on uninstall). */
    annotations?: { [key: string]: string };
}

/** The CustomResourceDefinitions of the operator. */
export interface OperatorCrd {
    /**
     * Manage the four CRDs (FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot, FlinkBlueGreenDeployment) as
     * resources of their own, installed before the release and updated whenever the chart changes; the release
     * then skips the chart's crds/. Helm itself installs crds/ on first install only and never upgrades them.
     * false: leave them to Helm (never upgraded). Default: true.
     */
    manage?: boolean;
    /**
     * Where the CRD manifests are read from: a directory, or a URL prefix to which the file names of the chart's
     * crds/ are appended. Default: the crds/ directory of `chartPath` when a local chart is used, otherwise the
     * chart's crds/ in the operator's source at tag release-<version> on GitHub.
     */
    source?: string;
    /**
     * Leave the CRDs in the cluster when the FlinkOperator is destroyed. Deleting a CRD deletes every custom resource
     * of its kind in the cluster, including those other programs manage. Default: true (what Helm does too).
     */
    retainOnDelete?: boolean;
}

/**
 * Every other `helm.v3.Release` argument, for what the typed args don't cover. Typed args win over the same
 * settings here: `values` are deep-merged under the values the typed args render, so a typed arg replaces the raw
 * value at its path while other raw values pass through.
 */
export interface OperatorHelmOptions {
    /** Release name. Default: the FlinkOperator's resource name. */
    name?: string;
    /** Chart name or path; `chartPath` wins. */
    chart?: string;
    /** Chart version; `version` wins. */
    version?: string;
    /** Chart repository options (repo, username, password, caFile, certFile, keyFile); `repository` wins over repo. */
    repositoryOpts?: { [key: string]: string };
    /** Raw chart values (the chart's values.yaml). Typed args win over the same paths. */
    values?: { [key: string]: any };
    /** Description of the release. */
    description?: string;
    /** Purge the chart when the installation fails (turns skipAwait off). */
    atomic?: boolean;
    /** Delete the resources a failed upgrade created. */
    cleanupOnFail?: boolean;
    /** Update the chart's dependencies before installing. */
    dependencyUpdate?: boolean;
    /** Accept development chart versions (pre-releases). */
    devel?: boolean;
    /** Don't run the chart's CRD hooks. */
    disableCRDHooks?: boolean;
    /** Don't validate the rendered manifests against the Kubernetes OpenAPI schema. */
    disableOpenapiValidation?: boolean;
    /** Don't run the chart's hooks. */
    disableWebhooks?: boolean;
    /** Force resource updates through delete and recreate where needed. */
    forceUpdate?: boolean;
    /** Keyring of public keys used to verify the chart (with verify). */
    keyring?: string;
    /** Lint the chart before installing. */
    lint?: boolean;
    /** Most release revisions kept in history; 0: no limit. */
    maxHistory?: number;
    /** Post-render command run on the rendered manifests. */
    postrender?: string;
    /** Restart pods on upgrade and rollback. */
    recreatePods?: boolean;
    /** Render the notes of subcharts. */
    renderSubchartNotes?: boolean;
    /** Reuse the release name even if it is in use (unsafe in production). */
    replace?: boolean;
    /** Reset the values to the chart's built-in ones on upgrade. */
    resetValues?: boolean;
    /** Reuse the last release's values on upgrade, merging these over them. */
    reuseValues?: boolean;
    /** Don't wait for the release's workloads to be ready. `skipAwait` of the args wins. */
    skipAwait?: boolean;
    /** Ignored while the CRDs are managed (`crds.manage`), which needs the chart's crds/ skipped. */
    skipCrds?: boolean;
    /** Seconds Helm waits for the release. Default: 300. */
    timeout?: number;
    /** Verify the chart's signature before installing. */
    verify?: boolean;
    /** Wait until the release's Jobs have completed before marking it successful (ignored with skipAwait). */
    waitForJobs?: boolean;
    /** Allow null values in `values` (a null removes a chart default). */
    allowNullValues?: boolean;
}

/** A key of a Secret in the operator's namespace. */
export interface SecretKeyRef {
    /** Secret name. */
    name: string;
    /** Key within the Secret. */
    key: string;
}

export interface FlinkOperatorArgs {
    /**
     * Namespace of the operator (a DNS-1123 label). Default: "flink-operator". May be computed (an Output): it is
     * then checked when it resolves, before the namespace and the Helm release are created.
     */
    namespace?: pulumi.Input<string>;
    /** Create the namespace (a Namespace resource of this component). Default: true. */
    createNamespace?: boolean;
    /** Operator release (chart version). Default: 1.15.0. Changing it upgrades the release and, when managed, the CRDs. */
    version?: string;
    /** Chart repository URL. Default: https://downloads.apache.org/flink/flink-kubernetes-operator-<version>/. */
    repository?: string;
    /** Path of a local chart directory, used instead of a repository (its crds/ then give the CRDs). */
    chartPath?: string;
    /** The operator image. */
    image?: OperatorImage;
    /**
     * Operator pods. Default: 2, with leader election configured (`kubernetes.operator.leader-election.enabled`
     * and a lease name), a rolling update strategy and preferred anti-affinity across nodes. 1 turns leader
     * election off unless operatorConfiguration enables it. Below 1 is refused.
     */
    replicas?: number;
    /**
     * Namespaces the operator watches (DNS-1123 labels); empty or unset: all. The chart creates the job service
     * account and its Role and RoleBinding in each (they must exist). May be computed: checked when it resolves.
     */
    watchNamespaces?: pulumi.Input<pulumi.Input<string>[]>;
    /** Resources of the operator container. */
    resources?: ResourceRequirements;
    /** Resources of the webhook container. */
    webhookResources?: ResourceRequirements;
    /** Security context of the operator pod (Kubernetes PodSecurityContext). Chart default: runAsUser and runAsGroup 9999. */
    podSecurityContext?: k8s.types.input.core.v1.PodSecurityContext;
    /** Security context of the operator container (Kubernetes SecurityContext). */
    operatorSecurityContext?: k8s.types.input.core.v1.SecurityContext;
    /** Security context of the webhook container (Kubernetes SecurityContext). */
    webhookSecurityContext?: k8s.types.input.core.v1.SecurityContext;
    /** The job service account. */
    jobServiceAccount?: JobServiceAccount;
    /**
     * Additions to the default Flink configuration every FlinkDeployment starts from (e.g. state.checkpoints.dir).
     * Flink resources given this operator (the `operator` option) are validated with it under their spec.
     */
    flinkConfiguration?: { [key: string]: string };
    /**
     * Operator configuration (kubernetes.operator.* keys). Leader election keys are checked against `replicas`:
     * leader election disabled, or an empty lease name, with more than one replica is refused.
     */
    operatorConfiguration?: { [key: string]: string };
    /** Exposes the operator's metrics on this container port (named "metrics"). */
    metricsPort?: number;
    /** Node selector of the operator pods. */
    nodeSelector?: { [key: string]: string };
    /** Tolerations of the operator pods (Kubernetes Tolerations). */
    tolerations?: k8s.types.input.core.v1.Toleration[];
    /** Affinity of the operator pods (Kubernetes Affinity). Default with more than one replica: preferred anti-affinity across nodes. */
    affinity?: k8s.types.input.core.v1.Affinity;
    /** The admission webhook: on with cert-manager (default) or off. */
    webhook?: OperatorWebhook;
    /**
     * The Secret holding the password of the webhook's PKCS12 keystore (which cert-manager writes). Without it the
     * chart uses its own Secret with a fixed, publicly known password (webhook.keystore.useDefaultPassword).
     */
    webhookKeystorePasswordSecret?: SecretKeyRef;
    /** How long dependants wait for the webhook's CA bundle. Default: 300 seconds. */
    webhookAwaitTimeoutSeconds?: number;
    /** The CRDs: managed as resources of their own by default, so that changing `version` upgrades them. */
    crds?: OperatorCrd;
    /**
     * Don't wait for anything to become ready: the release's workloads, the webhook's CA bundle. For API servers
     * without controllers (tests). Default: false.
     */
    skipAwait?: boolean;
    /** Escape hatch: every other Release argument and raw chart values. Typed args win over the same settings. */
    helmOptions?: OperatorHelmOptions;
}

/** @deprecated Renamed OperatorImage (schema type names carry no Args suffix; other languages add their own). */
export type OperatorImageArgs = OperatorImage;
/** @deprecated Renamed ResourceRequirements. */
export type ResourceRequirementsArgs = ResourceRequirements;
/** @deprecated Renamed JobServiceAccount. */
export type JobServiceAccountArgs = JobServiceAccount;
/** @deprecated Renamed OperatorCrd. */
export type OperatorCrdArgs = OperatorCrd;
/** @deprecated Renamed SecretKeyRef. */
export type SecretKeyRefArgs = SecretKeyRef;
