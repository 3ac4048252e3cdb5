/**
 * From FlinkOperator args to Helm release settings and chart values: every check of the args is made here, at
 * construction, and every problem is reported at once (FlinkValidationError, kind "FlinkOperator"). Each part has its
 * own unit: chart-source.ts (where the chart comes from), namespaces.ts, configuration.ts (the operator configuration
 * file and leader election), mapping.ts (typed args to chart values), webhook.ts, crds.ts. Value names follow the
 * chart's values.yaml and templates/ of 1.15.0.
 */
import * as pulumi from "@pulumi/pulumi";
import { chartSource } from "./chart-source";
import { operatorConfiguration } from "./configuration";
import { CrdSource, crdSource } from "./crds";
import { OperatorIssues, OperatorRules } from "./errors";
import { mapValues, operatorReplicas } from "./mapping";
import { operatorNamespaces } from "./namespaces";
import { clone, isObject, set } from "./plain";
import { FlinkOperatorArgs } from "./types";
import { webhookValues } from "./webhook";

export { MAX_REPLICAS } from "./mapping";

export interface RenderedOperator {
    /** The operator namespace; an Output when given as one (it resolves once checked). */
    namespace: pulumi.Input<string>;
    createNamespace: boolean;
    /** Release args other than values (plain, but the namespace). */
    release: { [key: string]: any };
    values: { [key: string]: any };
    /** Chart version when known at construction (remote: the requested one; local: Chart.yaml's). */
    chartVersion: string | undefined;
    replicas: number;
    leaderElection: boolean;
    leaseName: string | undefined;
    validatingWebhook: boolean;
    mutatingWebhook: boolean;
    /** Namespaces the operator watches (empty: all); an Output when given as one (it resolves once checked). */
    watchNamespaces: pulumi.Input<string[]>;
    jobServiceAccount: string;
    /** Where CRD manifests come from (a directory's read at construction), or undefined when Helm installs them. */
    crdSource: CrdSource;
    retainCrds: boolean;
    /**
     * The Flink defaults the operator lays under every spec, for the rule engine of Flink resources given this
     * operator; undefined when not known here (defaultConfiguration.create false). See configuration.ts.
     */
    defaultFlinkConfiguration: { [key: string]: string } | undefined;
}

/**
 * Everything the component creates, decided from args alone. Throws FlinkValidationError (a FlinkOperatorArgsError)
 * with every issue of the args; namespaces known only later are checked when they resolve.
 */
export function renderOperator(name: string, args: FlinkOperatorArgs = {}): RenderedOperator {
    const issues = new OperatorIssues(name);
    const helm = args.helmOptions ?? {};
    if (helm.values !== undefined && !isObject(helm.values))
        issues.add("helmOptions.values", OperatorRules.helmValues, `helmOptions.values must be a map of chart values.`);
    const raw: { [key: string]: any } = isObject(helm.values) ? clone(helm.values) : {};
    const values: { [key: string]: any } = clone(raw);

    const source = chartSource(name, args, issues);
    const release = source.release;
    const { replicas, field: replicasField } = operatorReplicas(args, raw, issues);
    const namespacesOnceChecked = operatorNamespaces(name, args, raw, issues);
    const conf = operatorConfiguration({ args, raw, values, release, replicas, replicasField }, issues);
    const { jobServiceAccount } = mapValues({ args, raw, values, source, replicas, leaderElection: conf.leaderElection }, issues);
    const webhook = webhookValues(args, values, issues);
    // A local chart that cannot be read has no crds/ to read either (its issue says so already).
    const unreadableChart = source.localPath !== undefined && source.localChart === undefined && args.crds?.source === undefined;
    const crds = unreadableChart ? undefined : crdSource(args, release, source.localPath, source.chartVersion, issues);
    if (args.skipAwait !== undefined) release.skipAwait = args.skipAwait;
    issues.throwIfErrors();
    const namespaces = namespacesOnceChecked();
    release.namespace = namespaces.namespace;
    if (namespaces.typedWatchNamespaces !== undefined) set(values, ["watchNamespaces"], namespaces.typedWatchNamespaces);

    return {
        namespace: namespaces.namespace,
        createNamespace: args.createNamespace ?? true,
        release,
        values,
        chartVersion: source.chartVersion,
        replicas: replicas!,
        leaderElection: conf.leaderElection,
        leaseName: conf.leaseName,
        validatingWebhook: webhook.validatingWebhook,
        mutatingWebhook: webhook.mutatingWebhook,
        watchNamespaces: namespaces.watchNamespaces,
        jobServiceAccount,
        crdSource: crds,
        retainCrds: args.crds?.retainOnDelete ?? true,
        defaultFlinkConfiguration: conf.defaultFlinkConfiguration,
    };
}
