/**
 * FlinkOperator: the Apache Flink Kubernetes Operator installed through a Helm release, high-availability by default,
 * with its CRDs managed so that they follow the chart version, and a readiness point Flink resources can wait on.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { CRD_FILES, DEFAULT_WEBHOOK_AWAIT_SECONDS, webhookConfigurationName } from "./defaults";
import { FlinkOperatorArgs } from "./types";
import type { EngineOptions } from "../rules/engine";
import { RenderedOperator, renderOperator } from "./values";
import { registerReferenceTarget } from "../base/references";
import { FlinkValidationError, issue } from "../core/issues";

/** What a FlinkOperator keeps to itself (class properties other than outputs would leak into the inferred schema). */
export interface OperatorInternals {
    rendered: RenderedOperator;
    release: k8s.helm.v3.Release;
    /** The CRDs (one resource each, or a ConfigGroup when read from URLs). Empty when Helm installs them. */
    crds: pulumi.Resource[];
    /** Resources that finish when the webhook configurations carry their CA bundle. */
    webhookReady: pulumi.Resource[];
}
export const operatorInternals = new WeakMap<FlinkOperator, OperatorInternals>();

/**
 * The Apache Flink Kubernetes Operator (chart `flink-kubernetes-operator`) as one component: optionally its
 * namespace, the four CRDs as resources of their own, a `helm.v3.Release`, and — with the webhook on — a wait for
 * the webhook configurations' CA bundle.
 *
 * Defaults: operator 1.15.0 from the Apache download repository, 2 replicas with leader election, webhook on with
 * cert-manager. Pass the component as the `operator` resource option of FlinkDeployment, FlinkSessionJob and
 * FlinkStateSnapshot (from other languages: its `urn` as their `operatorUrn` arg): their custom resources are then
 * created after the CRDs, the operator and its webhook, and destroyed before them (so the operator can still remove
 * their finalizers).
 *
 * Precedence of settings: typed args > `helmOptions` (raw `values` and Release args) > this component's defaults >
 * the chart's defaults.
 */
export class FlinkOperator extends pulumi.ComponentResource {
    /** Namespace the operator runs in. */
    public readonly namespace: pulumi.Output<string>;
    /** Helm release name. */
    public readonly releaseName: pulumi.Output<string>;
    /** Version of the installed chart (the operator release). */
    public readonly chartVersion: pulumi.Output<string>;
    /** Helm release status (deployed, failed, pending-upgrade, ...). */
    public readonly status: pulumi.Output<string>;
    /** Whether the admission webhook is installed. */
    public readonly webhookEnabled: pulumi.Output<boolean>;
    /** Namespaces the operator watches; empty: all. */
    public readonly watchNamespaces: pulumi.Output<string[]>;
    /** Service account Flink pods run as (spec.serviceAccount of FlinkDeployments), in each watched namespace. */
    public readonly jobServiceAccount: pulumi.Output<string>;

    constructor(name: string, args: FlinkOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        // Refused args throw here, with every problem, before anything (this component included) is registered.
        const rendered = renderOperator(name, args ?? {});
        super("flink:index:FlinkOperator", name, {}, opts);
        registerReferenceTarget("FlinkOperator", this);
        const { Namespace } = require("@pulumi/kubernetes/core/v1") as typeof k8s.core.v1;
        const { Release } = require("@pulumi/kubernetes/helm/v3") as typeof k8s.helm.v3;

        // The component's own dependsOn (cert-manager installed by the same program, say) applies to every child.
        const before: pulumi.Input<pulumi.Resource>[] = asList(opts?.dependsOn);
        if (rendered.createNamespace) {
            before.push(new Namespace(`${name}-namespace`, { metadata: { name: rendered.namespace } }, { parent: this }));
        }

        const crds = this.createCrds(name, rendered, asList(opts?.dependsOn));
        const release = new Release(name, { ...rendered.release, values: rendered.values } as k8s.helm.v3.ReleaseArgs, {
            parent: this,
            dependsOn: [...before, ...crds],
        });

        const webhookReady = this.waitForWebhook(name, args ?? {}, rendered, release);
        operatorInternals.set(this, { rendered, release, crds, webhookReady });

        const status = release.status as pulumi.Output<k8s.types.output.helm.v3.ReleaseStatus | undefined>;
        this.namespace = pulumi.output(rendered.namespace);
        this.releaseName = pulumi.all([status, release.name]).apply(([s, n]) => s?.name ?? n ?? rendered.release.name);
        this.chartVersion = pulumi.all([status, release.version]).apply(([s, v]) => s?.version ?? v ?? rendered.chartVersion ?? "");
        this.status = status.apply((s) => s?.status ?? "");
        this.webhookEnabled = pulumi.output(rendered.validatingWebhook || rendered.mutatingWebhook);
        this.watchNamespaces = pulumi.output(rendered.watchNamespaces);
        this.jobServiceAccount = pulumi.output(rendered.jobServiceAccount);
        this.registerOutputs({
            namespace: this.namespace,
            releaseName: this.releaseName,
            chartVersion: this.chartVersion,
            status: this.status,
            webhookEnabled: this.webhookEnabled,
            watchNamespaces: this.watchNamespaces,
            jobServiceAccount: this.jobServiceAccount,
        });
    }

    /**
     * The CRDs as resources of their own, so a new chart version updates them (the provider replaces a CRD's spec in
     * place; custom resources stay). `pulumi.com/patchForce` takes over fields a previous Helm install owned.
     */
    private createCrds(name: string, rendered: RenderedOperator, dependsOn: pulumi.Input<pulumi.Resource>[]): pulumi.Resource[] {
        const source = rendered.crdSource;
        if (!source) return [];
        const opts: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: rendered.retainCrds, dependsOn };
        if (source.kind === "directory") {
            const { CustomResourceDefinition } = require("@pulumi/kubernetes/apiextensions/v1") as typeof k8s.apiextensions.v1;
            return source.documents.map((doc) => {
                const { apiVersion: _a, kind: _k, status: _s, ...rest } = withoutServerDefaults(doc);
                const metadata = { ...rest.metadata, annotations: { ...rest.metadata?.annotations, "pulumi.com/patchForce": "true" } };
                return new CustomResourceDefinition(`${name}-${doc.metadata.name}`, { ...rest, metadata }, opts);
            });
        }
        // Read by the Kubernetes provider at deploy time, on every run: a new version is a new set of URLs. The
        // transform gives the CRDs it registers the same treatment as those read from a directory.
        const { ConfigGroup } = require("@pulumi/kubernetes/yaml/v2") as typeof k8s.yaml.v2;
        const transforms: pulumi.ResourceTransform[] = [(t) => (t.type === CRD_TYPE ? { props: withoutServerDefaults(t.props), opts: t.opts } : undefined)];
        return [
            new ConfigGroup(
                `${name}-crds`,
                { files: Object.values(CRD_FILES).map((f) => source.base + f) },
                engineSupportsTransforms() ? { ...opts, transforms } : opts,
            ),
        ];
    }

    /**
     * With the webhook on, a server-side-apply patch of each webhook configuration adding only the
     * `pulumi.com/waitFor` annotation on its caBundle: the provider's generic await then holds the patch until
     * cert-manager's CA injector has filled the bundle. Dependants (via the `operator` option) wait on the patches.
     * Deleting a patch removes only the annotation it added. Needs the provider's server-side apply (the default).
     */
    private waitForWebhook(name: string, args: FlinkOperatorArgs, rendered: RenderedOperator, release: k8s.helm.v3.Release): pulumi.Resource[] {
        const annotations: { [key: string]: string } = args.skipAwait
            ? { "pulumi.com/skipAwait": "true" }
            : {
                  "pulumi.com/waitFor": "jsonpath={.webhooks[*].clientConfig.caBundle}",
                  "pulumi.com/timeoutSeconds": String(args.webhookAwaitTimeoutSeconds ?? DEFAULT_WEBHOOK_AWAIT_SECONDS),
              };
        const ns = rendered.namespace;
        const metadata = { name: typeof ns === "string" ? webhookConfigurationName(ns) : pulumi.output(ns).apply(webhookConfigurationName), annotations };
        const opts: pulumi.CustomResourceOptions = { parent: this, dependsOn: [release] };
        const ready: pulumi.Resource[] = [];
        if (rendered.validatingWebhook) {
            const { ValidatingWebhookConfigurationPatch } = require("@pulumi/kubernetes/admissionregistration/v1") as typeof k8s.admissionregistration.v1;
            ready.push(new ValidatingWebhookConfigurationPatch(`${name}-validating-webhook-ready`, { metadata }, opts));
        }
        if (rendered.mutatingWebhook) {
            const { MutatingWebhookConfigurationPatch } = require("@pulumi/kubernetes/admissionregistration/v1") as typeof k8s.admissionregistration.v1;
            ready.push(new MutatingWebhookConfigurationPatch(`${name}-mutating-webhook-ready`, { metadata }, opts));
        }
        return ready;
    }
}

function asList(dependsOn: pulumi.ComponentResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
    if (dependsOn === undefined) return [];
    return Array.isArray(dependsOn) ? [...dependsOn] : [dependsOn as pulumi.Input<pulumi.Resource>];
}

const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

/**
 * Whether the engine runs resource transforms (Pulumi CLI 3.111+; not under `setMocks`, where a transform would fail
 * the registration). Read from the SDK's runtime state, which learns it before the program runs; without it the
 * URL-read CRDs keep a cosmetic priority diff on preview.
 */
function engineSupportsTransforms(): boolean {
    try {
        return (require("@pulumi/pulumi/runtime/state") as { getStore(): { supportsTransforms?: boolean } }).getStore().supportsTransforms === true;
    } catch {
        return false;
    }
}

/**
 * A CRD as the API server returns it: `priority: 0` of printer columns is dropped there (it is the default), and
 * the provider would otherwise report that field as changed on every preview.
 */
export function withoutServerDefaults(crd: any): any {
    const versions = crd?.spec?.versions;
    if (!Array.isArray(versions)) return crd;
    return {
        ...crd,
        spec: {
            ...crd.spec,
            versions: versions.map((v: any) =>
                !Array.isArray(v?.additionalPrinterColumns)
                    ? v
                    : {
                          ...v,
                          additionalPrinterColumns: v.additionalPrinterColumns.map(({ priority, ...column }: any) =>
                              priority === 0 ? column : { ...column, priority },
                          ),
                      },
            ),
        },
    };
}

/**
 * For Flink resource components given the `operator` option: what their custom resource depends on (the CRDs,
 * the release, the webhook readiness), or a clear error when the option is not a FlinkOperator of this package.
 */
export function operatorDependencies(kind: string, name: string, operator: FlinkOperator | undefined): pulumi.Resource[] {
    if (operator === undefined) return [];
    const known = operatorInternals.get(operator);
    if (!known) {
        throw new FlinkValidationError(kind, name, [
            issue(kind, name, "operator", "operator-option", "the operator option must be a FlinkOperator component of this package."),
        ]);
    }
    return [...known.crds, known.release, ...known.webhookReady];
}

/** The operator's job service account name, for FlinkDeployments that leave spec.serviceAccount unset. */
export function operatorJobServiceAccount(operator: FlinkOperator): string | undefined {
    return operatorInternals.get(operator)?.rendered.jobServiceAccount;
}

/** What the rule engine must know of the operator's configuration to judge a resource as the operator will. */
export function operatorEngineOptions(operator: FlinkOperator | undefined): EngineOptions {
    const defaults = operator === undefined ? undefined : operatorInternals.get(operator)?.rendered.defaultFlinkConfiguration;
    return defaults === undefined ? {} : { defaultConfiguration: defaults };
}

/**
 * Warns when a namespace (plain) is not one the operator watches: nothing would reconcile the resource there. With
 * watched namespaces known only later, the warning comes when they resolve.
 */
export function warnIfUnwatched(kind: string, name: string, namespace: unknown, operator: FlinkOperator, parent: pulumi.Resource): void {
    const ns = typeof namespace === "string" ? namespace : undefined;
    const watchedInput = operatorInternals.get(operator)?.rendered.watchNamespaces;
    if (ns === undefined || watchedInput === undefined) return;
    const warn = (watched: string[]) => {
        if (watched.length > 0 && !watched.includes(ns)) {
            pulumi.log.warn(
                `${kind} "${name}" is in namespace "${ns}", which the operator does not watch (watchNamespaces: ${watched.join(", ")}); it would never be reconciled.`,
                parent,
            );
        }
    };
    if (Array.isArray(watchedInput)) warn(watchedInput);
    else pulumi.output(watchedInput).apply(warn);
}
