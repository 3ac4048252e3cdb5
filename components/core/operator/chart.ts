/**
 * Facts of the Flink Kubernetes Operator's Helm chart (`flink-kubernetes-operator`, values.yaml and templates/ of
 * 1.15.0) that both the FlinkOperator component and the policy pack depend on: defined once, here.
 */
import type { ConfigOption } from "../flink/config";

/** The chart's name in the Apache repositories (Chart.yaml `name`; also the operator container's name). */
export const OPERATOR_CHART_NAME = "flink-kubernetes-operator";

/** The operator's leader election options (read by the operator from its mounted configuration file). */
export const LEADER_ELECTION: { readonly enabled: ConfigOption; readonly leaseName: ConfigOption } = {
    enabled: { key: "kubernetes.operator.leader-election.enabled", deprecatedKeys: [] },
    leaseName: { key: "kubernetes.operator.leader-election.lease-name", deprecatedKeys: [] },
};

/** The lease name the component (and the flink-operator-ha policy's remediation) writes when none is given. */
export const DEFAULT_LEASE_NAME = "flink-operator-lease";

/**
 * The chart's own value of `defaultConfiguration."flink-conf.yaml"`. Setting that value replaces it, so whoever adds
 * keys (the component, the policy's remediation) starts from it and adds theirs after.
 */
export const CHART_DEFAULT_FLINK_CONF = [
    "# Flink Config Overrides",
    "kubernetes.operator.metrics.reporter.slf4j.factory.class: org.apache.flink.metrics.slf4j.Slf4jReporterFactory",
    "kubernetes.operator.metrics.reporter.slf4j.interval: 5 MINUTE",
    "",
    "kubernetes.operator.reconcile.interval: 15 s",
    "kubernetes.operator.observer.progress-check.interval: 5 s",
    "",
].join("\n");

/**
 * The chart defaults the policy pack reads values against (checked against the chart's values.yaml by a unit test):
 * one replica, the floating `latest` image, and a mounted legacy flink-conf.yaml.
 */
export const CHART_DEFAULTS = {
    replicas: 1,
    image: { repository: "ghcr.io/apache/flink-kubernetes-operator", tag: "latest", digest: "" },
    defaultConfiguration: { create: true, append: true, "flink-conf.yaml": "" },
};

/** Where the chart mounts the operator configuration, and FLINK_CONF_DIR's default in the operator image. */
export const OPERATOR_CONF_DIR = "/opt/flink/conf";

/** The name the chart gives the operator's ConfigMap (templates/controller/configmap.yaml). */
export const OPERATOR_CONFIG_MAP = "flink-operator-config";
