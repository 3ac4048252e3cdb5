/**
 * The operator namespace and the watched namespaces. Both may be computed (`pulumi.Input`): plain values are checked
 * at construction; values known only later are checked when they resolve, before the Namespace and the Helm release
 * (whose inputs wait on that check) are created. Each must be a DNS-1123 label.
 */
import * as pulumi from "@pulumi/pulumi";
import { secretLeaves } from "../base/secrets";
import { DEFAULT_NAMESPACE } from "./defaults";
import { OperatorIssues, OperatorRules } from "./errors";
import { show } from "./plain";
import { FlinkOperatorArgs } from "./types";

/** A Kubernetes namespace name: a DNS-1123 label. */
const DNS1123_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface Namespaces {
    /** The operator namespace: plain when known at construction, else an Output that resolves once checked. */
    namespace: pulumi.Input<string>;
    /** The watched namespaces (empty: all): plain when known at construction, else an Output that resolves once checked. */
    watchNamespaces: pulumi.Input<string[]>;
    /** The typed watchNamespaces to write at values.watchNamespaces (plain or checked Output); undefined: leave the raw value. */
    typedWatchNamespaces: pulumi.Input<string[] | undefined> | undefined;
}

/** Known now: neither an Output nor a Promise. */
function isPlain(v: unknown): boolean {
    return !pulumi.Output.isInstance(v) && !(v !== null && typeof v === "object" && typeof (v as any).then === "function");
}

function checkNamespace(field: string, value: unknown, issues: OperatorIssues): void {
    if (typeof value !== "string" || !DNS1123_LABEL.test(value)) {
        issues.add(
            field,
            OperatorRules.namespace,
            `${field} is ${show(value)}; a namespace must be a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.`,
        );
    }
}

/** The watched namespaces as given, each checked; undefined when unset (null counts as unset). */
function checkWatchList(value: unknown, issues: OperatorIssues): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
        issues.add("watchNamespaces", OperatorRules.namespace, `watchNamespaces is ${show(value)}; it must be a list of namespaces.`);
        return undefined;
    }
    value.forEach((ns, i) => {
        if (isPlain(ns)) checkNamespace(`watchNamespaces[${i}]`, ns, issues);
    });
    return value as string[];
}

function rawWatchList(raw: { [key: string]: any }): string[] {
    return Array.isArray(raw.watchNamespaces) ? raw.watchNamespaces.map(String) : [];
}

/**
 * Checks the plain namespaces of the args now (issues); returns how to make the namespaces once the args passed,
 * with the others checked when they resolve (made only then, so a refused component leaves no check pending).
 */
export function operatorNamespaces(name: string, args: FlinkOperatorArgs, raw: { [key: string]: any }, issues: OperatorIssues): () => Namespaces {
    const namespaceNow = isPlain(args.namespace);
    if (namespaceNow && args.namespace !== undefined && args.namespace !== null) checkNamespace("namespace", args.namespace, issues);
    const watchNow = isPlain(args.watchNamespaces) && (!Array.isArray(args.watchNamespaces) || args.watchNamespaces.every(isPlain));
    const watchGiven = isPlain(args.watchNamespaces) ? checkWatchList(args.watchNamespaces, issues) : undefined;
    if (namespaceNow && watchNow) {
        return () => ({
            namespace: (args.namespace as string | undefined) ?? DEFAULT_NAMESPACE,
            watchNamespaces: watchGiven !== undefined ? watchGiven.map(String) : rawWatchList(raw),
            typedWatchNamespaces: watchGiven,
        });
    }
    return () => deferredNamespaces(name, args, raw, namespaceNow, watchNow, watchGiven);
}

function deferredNamespaces(
    name: string,
    args: FlinkOperatorArgs,
    raw: { [key: string]: any },
    namespaceNow: boolean,
    watchNow: boolean,
    watchGiven: string[] | undefined,
): Namespaces {
    // Known later: checked on resolution; secrets among them stay out of the messages.
    const secrets = secretLeaves([args.namespace, args.watchNamespaces]);
    const checked = pulumi.all([args.namespace, args.watchNamespaces, secrets]).apply(([namespace, watch, secretValues]) => {
        const later = new OperatorIssues(name);
        if (namespace !== undefined && namespace !== null) checkNamespace("namespace", namespace, later);
        const watchList = checkWatchList(watch, later);
        later.throwIfErrors(secretValues as string[]);
        return { namespace: (namespace as string | undefined) ?? DEFAULT_NAMESPACE, watchList: watchList?.map(String) };
    });
    return {
        namespace: namespaceNow ? ((args.namespace as string | undefined) ?? DEFAULT_NAMESPACE) : checked.apply((c) => c.namespace),
        watchNamespaces: watchNow ? (watchGiven?.map(String) ?? rawWatchList(raw)) : checked.apply((c) => c.watchList ?? rawWatchList(raw)),
        typedWatchNamespaces: watchNow ? watchGiven : checked.apply((c) => c.watchList ?? raw.watchNamespaces),
    };
}
