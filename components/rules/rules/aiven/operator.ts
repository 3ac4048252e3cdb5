/**
 * What only the Aiven operator's `Flink` resource has (AivenOperatorFlink and the CR): the API token's Secret, the
 * project VPC by reference, the Kubernetes name, and the CRD's CEL transition rules (fields that never change).
 */
import type { Rule } from "../../engine";
import { isUnknown } from "../../../core/unknown";
import { OPERATOR_KINDS } from "./kinds";
import { DNS_LABEL, DNS_SUBDOMAIN, at, isBlank } from "./util";

export const authSecretRef: Rule = {
    id: "aiven-auth-secret-ref",
    kinds: OPERATOR_KINDS,
    severity: "error",
    source: "aiven",
    description: "authSecretRef, when set, names a Secret and a key in it (the CRD requires both, non-empty).",
    check(ctx) {
        const ref = ctx.get("authSecretRef");
        if (ref === undefined || ref === null || typeof ref !== "object") return;
        for (const field of ["name", "key"]) {
            if (isBlank(ctx.get(`authSecretRef.${field}`))) {
                ctx.report(
                    `authSecretRef.${field}`,
                    `${at(ctx, `authSecretRef.${field}`)} is required; set the ${field === "name" ? "name of the Secret" : "key in the Secret"} that holds the Aiven API token (e.g. ${field === "name" ? "aiven-token" : "token"}).`,
                );
            }
        }
    },
};

export const projectVpc: Rule = {
    id: "aiven-project-vpc",
    kinds: OPERATOR_KINDS,
    severity: "error",
    source: "aiven",
    description: "At most one of projectVpcId and projectVpcRef (the operator's webhook refuses both); projectVpcRef names a ProjectVPC.",
    check(ctx) {
        const id = ctx.get("projectVpcId");
        const ref = ctx.get("projectVpcRef");
        if (ref === undefined || ref === null || typeof ref !== "object") return;
        if (id !== undefined && id !== null) {
            ctx.report(
                "projectVpcRef",
                `${at(ctx, "projectVpcId")} and ${at(ctx, "projectVpcRef")} are both set, and the Aiven operator's webhook refuses that; keep one (projectVpcRef names a ProjectVPC resource of the operator, projectVpcId is the VPC's id).`,
            );
        }
        if (isBlank(ctx.get("projectVpcRef.name")))
            ctx.report("projectVpcRef.name", `${at(ctx, "projectVpcRef.name")} is required; set the name of the ProjectVPC resource.`);
        const namespace = ctx.get("projectVpcRef.namespace");
        if (typeof namespace === "string" && !DNS_LABEL.test(namespace)) {
            ctx.report(
                "projectVpcRef.namespace",
                `${at(ctx, "projectVpcRef.namespace")} "${namespace}" is not a namespace: lower case letters, digits and "-", starting and ending alphanumeric.`,
            );
        }
    },
};

export const operatorResourceName: Rule = {
    id: "aiven-operator-resource-name",
    kinds: ["AivenOperatorFlink"],
    severity: "error",
    source: "aiven",
    description: "The Flink resource's name (serviceName, default the resource name) and namespace are valid Kubernetes names.",
    check(ctx) {
        const given = ctx.get("serviceName");
        const name = given ?? ctx.name;
        if (typeof name === "string" && name.trim() !== "" && (name.length > 253 || !DNS_SUBDOMAIN.test(name))) {
            ctx.report(
                "serviceName",
                `${given === undefined ? `the resource name "${name}" (the Flink resource's name and the Aiven service name by default)` : `serviceName "${name}"`} is not a valid Kubernetes name: lower case letters, digits, "-" and ".", starting and ending alphanumeric; set serviceName.`,
            );
        }
        const namespace = ctx.get("namespace");
        if (typeof namespace === "string" && (namespace.length > 63 || !DNS_LABEL.test(namespace))) {
            ctx.report(
                "namespace",
                `namespace "${namespace}" is not a valid namespace: lower case letters, digits and "-", starting and ending alphanumeric, at most 63 characters.`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------------
// The CRD's CEL rules (x-kubernetes-validations of flinks.aiven.io v0.44.0). All are transition rules: they compare
// an update with the object it replaces, so a single document cannot break them; they are checked on a change.

export interface TransitionRule {
    /** The field, as a path of the model (camelCase; `null` for the rule on spec itself). */
    path: string;
    /** The CEL rule and its message, as the CRD has them. */
    cel: string;
    celMessage: string;
    /** Whether the change breaks the rule. */
    broken(old: unknown, next: unknown): boolean;
    /** What to do about it. */
    hint: string;
}

const isSet = (v: unknown) => v !== undefined && v !== null;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** `self == oldSelf` on a field: applies when both objects have it (CEL transition rules skip a field missing on either side). */
const immutable = (path: string, hint: string, celMessage = "Value is immutable"): TransitionRule => ({
    path,
    cel: "self == oldSelf",
    celMessage,
    hint,
    broken: (old, next) => isSet(old) && isSet(next) && !same(old, next),
});

export const TRANSITION_RULES: readonly TransitionRule[] = [
    immutable("project", "create a new resource (another name) in the other project and move to it"),
    immutable("connInfoSecretTarget.name", "keep the Secret's name; to use another, create a new resource"),
    immutable("connInfoSecretTargetDisabled", "it is fixed when the resource is created", "connInfoSecretTargetDisabled is immutable."),
    immutable("serviceIntegrations", "service integrations are only applied when the service is created"),
    immutable("userConfig.customCode", "a new service is needed: create a new resource (another name) with the new value"),
    immutable("userConfig.flinkVersion", "Aiven has no in-place Flink upgrade: create a new resource (another name) with the new version and move the jobs"),
    {
        path: "connInfoSecretTargetDisabled",
        cel: "has(oldSelf.connInfoSecretTargetDisabled) == has(self.connInfoSecretTargetDisabled)",
        celMessage: "connInfoSecretTargetDisabled can only be set during resource creation.",
        hint: "set or remove it only when the resource is created",
        broken: (old, next) => isSet(old) !== isSet(next),
    },
];

function read(root: unknown, path: string): unknown {
    let v: any = root;
    for (const seg of path.split(".")) {
        if (v === null || typeof v !== "object" || isUnknown(v)) return undefined;
        v = Object.prototype.hasOwnProperty.call(v, seg) ? v[seg] : undefined;
    }
    return v;
}

export interface TransitionIssue {
    path: string;
    cel: string;
    message: string;
}

/**
 * The CEL transition rules an update from `old` to `next` breaks (both in the model's spelling: the components'
 * args, or a CR's spec read through its view). Values not known yet are skipped.
 */
export function transitionIssues(old: unknown, next: unknown, display: (path: string) => string = (p) => p): TransitionIssue[] {
    const out: TransitionIssue[] = [];
    for (const rule of TRANSITION_RULES) {
        const a = read(old, rule.path);
        const b = read(next, rule.path);
        if (isUnknown(a) || isUnknown(b)) continue;
        if (rule.broken(a, b)) {
            // No values in the message: they may come from secrets.
            const change = rule.cel.startsWith("has(") ? (isSet(b) ? "is set after creation" : "is removed after creation") : "changes after creation";
            out.push({
                path: rule.path,
                cel: rule.cel,
                message: `${display(rule.path)} ${change}, and the Aiven operator's CRD refuses that ("${rule.celMessage}"); ${rule.hint}.`,
            });
        }
    }
    return out;
}
