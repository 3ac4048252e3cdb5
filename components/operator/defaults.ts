/**
 * Every version and default of the FlinkOperator component, in one place. Bumping the operator is a change here
 * (and a look at the chart's values.yaml and templates/ for renamed values), and in core/operator/chart.ts for the
 * chart facts the policy pack shares (chart name, leader election keys, default lease name, default flink-conf.yaml).
 */

/** The operator release the component installs unless `version` is given. */
export const DEFAULT_OPERATOR_VERSION = "1.15.0";

/**
 * Where the Apache release images are published under their version tags (Docker Hub, as the operator's quick start
 * uses with `--set image.repository=apache/flink-kubernetes-operator`). The chart's own values point at
 * ghcr.io with the floating tag `latest`; the component pins `<this>:<chart appVersion>` instead unless told otherwise.
 */
export const RELEASE_IMAGE_REPOSITORY = "apache/flink-kubernetes-operator";

/**
 * The Apache download repository of one operator release. Apache keeps only current releases on downloads.apache.org;
 * older ones move to https://archive.apache.org/dist/flink/flink-kubernetes-operator-<version>/ (pass `repository`).
 */
export function defaultRepository(version: string): string {
    return `https://downloads.apache.org/flink/flink-kubernetes-operator-${version}/`;
}

/**
 * Where the CRD manifests of a release are read from when the chart is not a local directory: the chart's crds/
 * folder in the operator's source at the release tag.
 */
export function defaultCrdBaseUrl(version: string): string {
    return `https://raw.githubusercontent.com/apache/flink-kubernetes-operator/release-${version}/helm/flink-kubernetes-operator/crds/`;
}

/**
 * The crds/ files of the 1.15.0 chart, one per custom resource kind. Older releases have fewer (FlinkStateSnapshot
 * came in 1.10, FlinkBlueGreenDeployment later): for those, CRDs read from URLs fail with 404, so give `crds.source`
 * as a directory of that release's crds/ or set `crds.manage: false`.
 */
export const CRD_FILES: { [kind: string]: string } = {
    FlinkDeployment: "flinkdeployments.flink.apache.org-v1.yml",
    FlinkSessionJob: "flinksessionjobs.flink.apache.org-v1.yml",
    FlinkStateSnapshot: "flinkstatesnapshots.flink.apache.org-v1.yml",
    FlinkBlueGreenDeployment: "flinkbluegreendeployments.flink.apache.org-v1.yml",
};

export const DEFAULT_NAMESPACE = "flink-operator";
/** Two replicas with leader election: one leads, the other takes over within the lease duration. */
export const DEFAULT_REPLICAS = 2;
/** The chart's default job service account name (values.yaml jobServiceAccount.name). */
export const DEFAULT_JOB_SERVICE_ACCOUNT = "flink";
/** How long dependants wait for cert-manager to put the CA bundle into the webhook configurations. */
export const DEFAULT_WEBHOOK_AWAIT_SECONDS = 300;

/** The selector label key of the operator pods (templates/_helpers.tpl flink-operator.selectorLabels); its value is the chart's name or nameOverride. */
export const OPERATOR_POD_LABEL_KEY = "app.kubernetes.io/name";

/** Name of the chart's Validating- and MutatingWebhookConfiguration (templates/webhook/). */
export function webhookConfigurationName(namespace: string): string {
    return `flink-operator-${namespace}-webhook-configuration`;
}
