/** The connection Secret: where it goes (connInfoSecretTarget) and whether there is one (connInfoSecretTargetDisabled). */
import type { Rule } from "../../engine";
import { isUnknown } from "../../../core/unknown";
import { SERVICE_KINDS } from "./kinds";
import { DNS_LABEL, DNS_SUBDOMAIN, at, isBlank } from "./util";

const SECRET_KEY_CHARS = /^[-._a-zA-Z0-9]*$/;

export const secretTarget: Rule = {
    id: "aiven-conn-info-secret-target",
    kinds: SERVICE_KINDS,
    severity: "error",
    source: "aiven",
    description: "The connection Secret has a valid Kubernetes name (and namespace, for AivenFlink), and a prefix of Secret-key characters.",
    check(ctx) {
        if (ctx.get("connInfoSecretTargetDisabled") === true) return;
        const target = ctx.get("connInfoSecretTarget");
        if (target !== undefined && target !== null && typeof target !== "object") return;
        const name = target ? ctx.get("connInfoSecretTarget.name") : undefined;
        const p = at(ctx, "connInfoSecretTarget.name");
        if (target && isBlank(name)) {
            ctx.report("connInfoSecretTarget.name", `${p} is required; set the name of the Kubernetes Secret to create (e.g. flink-secret).`);
        } else if (typeof name === "string" && (name.length > 253 || !DNS_SUBDOMAIN.test(name))) {
            ctx.report(
                "connInfoSecretTarget.name",
                `${p} "${name}" is not a valid Kubernetes name: lower case letters, digits, "-" and ".", starting and ending alphanumeric, at most 253 characters.`,
            );
        } else if (!target && ctx.kind !== "Flink" && (ctx.name.length > 253 || !DNS_SUBDOMAIN.test(ctx.name))) {
            ctx.report(
                "connInfoSecretTarget.name",
                `the connection Secret is named after the resource by default, and "${ctx.name}" is not a valid Kubernetes name; set connInfoSecretTarget.name (lower case letters, digits, "-", "."), or connInfoSecretTargetDisabled: true.`,
            );
        }
        const namespace = target ? ctx.get("connInfoSecretTarget.namespace") : undefined;
        if (typeof namespace === "string" && (namespace.length > 63 || !DNS_LABEL.test(namespace))) {
            ctx.report(
                "connInfoSecretTarget.namespace",
                `connInfoSecretTarget.namespace "${namespace}" is not a valid namespace: lower case letters, digits and "-", starting and ending alphanumeric, at most 63 characters.`,
            );
        }
        const prefix = target ? ctx.get("connInfoSecretTarget.prefix") : undefined;
        if (typeof prefix === "string" && !SECRET_KEY_CHARS.test(prefix)) {
            ctx.report(
                "connInfoSecretTarget.prefix",
                `${at(ctx, "connInfoSecretTarget.prefix")} "${prefix}" would make invalid Secret keys: use letters, digits, "-", "_" and "." only (e.g. FLINK_).`,
            );
        }
    },
};

export const secretTargetDisabled: Rule = {
    id: "aiven-conn-info-secret-disabled",
    kinds: SERVICE_KINDS,
    severity: "warning",
    source: "extra",
    description: "connInfoSecretTarget is not set while connInfoSecretTargetDisabled is true (it would be ignored).",
    check(ctx) {
        const target = ctx.get("connInfoSecretTarget");
        if (ctx.get("connInfoSecretTargetDisabled") === true && target !== undefined && target !== null) {
            ctx.report(
                "connInfoSecretTarget",
                `${at(ctx, "connInfoSecretTarget")} is ignored because connInfoSecretTargetDisabled is true; remove one of them.`,
            );
        }
    },
};

export const secretDisabledKnown: Rule = {
    id: "aiven-conn-info-secret-disabled-known",
    kinds: ["AivenFlink", "AivenOperatorFlink"],
    severity: "error",
    source: "extra",
    description: "connInfoSecretTargetDisabled is a plain boolean (whether to create or read the Secret is decided when the program runs).",
    check(ctx) {
        if (isUnknown(ctx.peek("connInfoSecretTargetDisabled"))) {
            ctx.report(
                "connInfoSecretTargetDisabled",
                "connInfoSecretTargetDisabled must be a plain true or false, not an Output: the component decides whether there is a connection Secret before values resolve.",
            );
        }
    },
};
