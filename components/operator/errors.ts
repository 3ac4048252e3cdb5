/**
 * FlinkOperator's refusals in the package's one error model (core/issues.ts): every check of the args adds an Issue
 * with the arg's path and a rule id, and the component throws them all at once, before anything is registered.
 */
import { FlinkValidationError, Issue, Severity, issue } from "../core/issues";
import { redact } from "../base/secrets";

export const OPERATOR_KIND = "FlinkOperator";

/** The rule ids of FlinkOperator's own argument checks, by what they check. */
export const OperatorRules = {
    /** helmOptions.values is a map. */
    helmValues: "operator-helm-values",
    /** chartPath / helmOptions.chart is a chart directory. */
    chartPath: "operator-chart-path",
    /** version agrees with a local chart's Chart.yaml. */
    chartVersion: "operator-chart-version",
    /** repository and chartPath are not both set. */
    chartSource: "operator-chart-source",
    /** replicas is a whole number within bounds. */
    replicas: "operator-replicas",
    /** namespace and watchNamespaces are DNS-1123 labels. */
    namespace: "operator-namespace",
    /** flinkConfiguration / operatorConfiguration entries are text that flink-conf.yaml can hold. */
    configurationEntry: "operator-configuration-entry",
    /** helmOptions.values.defaultConfiguration is a configuration file the component can add its settings to. */
    configurationFile: "operator-configuration-file",
    /** Leader election is on, and named, with more than one replica. */
    leaderElection: "operator-leader-election",
    /** metricsPort is a port. */
    metricsPort: "operator-metrics-port",
    /** webhook is one of OperatorWebhook. */
    webhook: "operator-webhook",
    /** webhookKeystorePasswordSecret names a Secret and a key. */
    webhookKeystore: "operator-webhook-keystore",
    /** The CRD directory exists and holds CRDs. */
    crds: "operator-crds",
} as const;

/**
 * Thrown by FlinkOperator for args that cannot work: a FlinkValidationError (kind "FlinkOperator") with every issue.
 * @deprecated Catch `FlinkValidationError`; this subclass stays so that `instanceof FlinkOperatorArgsError` in
 * existing programs keeps working.
 */
export class FlinkOperatorArgsError extends FlinkValidationError {
    constructor(resourceName: string, issues: readonly Issue[]) {
        super(OPERATOR_KIND, resourceName, issues);
    }
}

/** The issues of one FlinkOperator's args, collected while rendering. */
export class OperatorIssues {
    readonly list: Issue[] = [];
    constructor(readonly name: string) {}

    /** Adds an issue: `path` is the arg ("replicas", "helmOptions.values.replicas", "operatorConfiguration[\"k\"]"). */
    add(path: string, rule: string, message: string, severity: Severity = "error"): void {
        this.list.push(issue(OPERATOR_KIND, this.name, path, rule, message, severity));
    }

    get hasErrors(): boolean {
        return this.list.some((i) => i.severity === "error");
    }

    /** Throws every issue at once when any is an error; `secrets` are redacted from the messages first. */
    throwIfErrors(secrets: readonly string[] = []): void {
        if (!this.hasErrors) return;
        const issues = secrets.length === 0 ? this.list : this.list.map((i) => ({ ...i, message: redact(i.message, secrets), path: redact(i.path, secrets) }));
        throw new FlinkOperatorArgsError(this.name, issues);
    }
}
