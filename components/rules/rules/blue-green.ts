/**
 * FlinkBlueGreenDeployment rules: what the operator 1.15.0 needs of a blue/green deployment beyond its template
 * (which the engine checks with every FlinkDeployment rule, on the child the operator would create from it: see
 * validateTemplate in ../engine.ts). The operator's webhook does not look at FlinkBlueGreenDeployments: these are
 * the failures it would otherwise report late, while reconciling or when it creates a child.
 */
import { Rule } from "../engine";
import { RESOURCE_NAME, isNonBlank } from "./util";
import { suggest } from "../schema";
import { FlinkOptions } from "../../core/flink/config";
import { UpgradeMode } from "../../core/flink/types";
import { isUnknown } from "../../core/unknown";
import { ingressTemplateError } from "../../core/java/url";
import { parseFlinkDuration } from "../../core/java/duration";
import {
    BLUE_GREEN_NAME_LIMIT,
    BLUE_GREEN_OPTION_KEYS,
    BLUE_GREEN_OPTION_PREFIX,
    BLUE_GREEN_TYPE_LABEL,
    BlueGreenOptions,
    childName,
} from "../../core/flink/blue-green";

const KINDS = ["FlinkBlueGreenDeployment"] as const;

export const blueGreenName: Rule = {
    id: "bluegreen-name",
    kinds: KINDS,
    severity: "error",
    source: "operator",
    checksCanaries: true,
    description: `A FlinkBlueGreenDeployment name leaves room for its children's: the operator names them <name>-blue and <name>-green, FlinkDeployment names (lower case alphanumerics or '-', starting with a letter, at most 45 characters), so at most ${BLUE_GREEN_NAME_LIMIT} characters.`,
    check(ctx) {
        const name = ctx.get("metadata.name");
        if (typeof name !== "string" || name === "") return;
        const bad = [childName(name, "blue"), childName(name, "green")].filter((child) => !RESOURCE_NAME.test(child));
        if (bad.length === 0) return;
        const tooLong = name.length > BLUE_GREEN_NAME_LIMIT;
        const names = `"${childName(name, "blue")}" and "${childName(name, "green")}"`;
        const which = bad.length === 2 ? "neither is a valid FlinkDeployment name" : `"${bad[0]}" is not a valid FlinkDeployment name`;
        ctx.report(
            "metadata.name",
            `The operator names the FlinkDeployments of this blue/green deployment ${names}, and ${which}${tooLong ? ` (${bad[bad.length - 1].length} characters; at most 45)` : ""}: it could not create them. Use a name of at most ${BLUE_GREEN_NAME_LIMIT} characters, lower case alphanumerics or '-', starting with a letter, e.g. 'orders-bg'.`,
        );
    },
};

export const blueGreenTemplateRequired: Rule = {
    id: "bluegreen-template-required",
    kinds: KINDS,
    severity: "error",
    source: "operator",
    checksCanaries: true,
    description:
        "spec.template.spec is set and has a job: the operator makes both children from it, and a blue/green deployment switches a running job (a session cluster template never becomes ready).",
    check(ctx) {
        const spec = ctx.get("spec");
        if (spec === undefined || spec === null || typeof spec !== "object") return;
        const templateSpec = ctx.get("spec.template.spec");
        if (templateSpec === undefined || templateSpec === null) {
            ctx.report(
                "spec.template.spec",
                "spec.template.spec is missing: the operator creates both FlinkDeployments from it. Move the FlinkDeployment spec (image, flinkVersion, job, ...) under spec.template.spec.",
            );
            return;
        }
        if (typeof templateSpec !== "object") return; // the schema rules report it
        const job = ctx.get("spec.template.spec.job");
        if (job === undefined || job === null) {
            ctx.report(
                "spec.template.spec.job",
                "spec.template.spec.job is missing: a blue/green deployment runs an application (the operator switches when the new job is RUNNING, and reads its upgrade mode at every switch). Set spec.template.spec.job (jarURI, parallelism, upgradeMode); for a session cluster use a FlinkDeployment.",
            );
        }
    },
};

/**
 * On a FlinkDeployment of a blue/green deployment (the template as the engine checks it, or a child the operator
 * made, both labelled flink/blue-green-deployment-type): the operator takes a savepoint of the running child at every
 * switch unless the upgrade mode is stateless (BlueGreenUtils.isSavepointRequired), into the savepoint directory of
 * its configuration (which it requires). savepoint-dir-required already covers upgradeMode savepoint.
 */
export const blueGreenSavepointDirRequired: Rule = {
    id: "bluegreen-savepoint-dir-required",
    kinds: ["FlinkDeployment"],
    severity: "error",
    source: "operator",
    checksCanaries: true,
    description:
        "A blue/green template (or child) with upgradeMode last-state has a savepoint directory: the operator takes a savepoint of the running child at every switch for every upgrade mode but stateless (savepoint mode: see savepoint-dir-required).",
    check(ctx) {
        const labels = ctx.get("metadata.labels");
        if (labels === undefined || labels === null || typeof labels !== "object" || labels[BLUE_GREEN_TYPE_LABEL] === undefined) return;
        if (ctx.get("spec.job.upgradeMode") !== UpgradeMode.LastState) return;
        if (isNonBlank(ctx.config(FlinkOptions.savepointsDir))) return;
        const key = FlinkOptions.savepointsDir.key;
        ctx.report(
            "spec.flinkConfiguration",
            `A blue/green deployment with upgradeMode last-state takes a savepoint of the running job at every switch, and the operator cannot trigger it while config key[${key}] is not set (the switch fails). Set ${key} in spec.flinkConfiguration, e.g. s3://bucket/flink/savepoints, or use upgradeMode: stateless.`,
        );
    },
};

/** The plain entries of spec.configuration; values not known yet are left out (checked once known). */
function configurationEntries(configuration: unknown): [string, unknown][] {
    if (configuration === null || typeof configuration !== "object" || Array.isArray(configuration)) return [];
    return Object.entries(configuration as { [k: string]: unknown }).filter(([, v]) => !isUnknown(v));
}

export const blueGreenConfiguration: Rule = {
    id: "bluegreen-configuration",
    kinds: KINDS,
    severity: "error",
    source: "operator",
    checksCanaries: true,
    description:
        "spec.configuration's kubernetes.operator.bluegreen.* keys are the operator's three options (abort.grace-period, reconciliation.reschedule-interval, deployment-deletion.delay; a misspelt one would silently keep its default), each a duration Flink 1.20 reads (a whole number and a unit such as ms, s, min, h, d; no unit is milliseconds; no sign, fraction or ISO-8601 form).",
    check(ctx) {
        for (const [key, value] of configurationEntries(ctx.get("spec.configuration"))) {
            const path = `spec.configuration[${JSON.stringify(key)}]`;
            if (!key.startsWith(BLUE_GREEN_OPTION_PREFIX)) continue;
            if (!BLUE_GREEN_OPTION_KEYS.includes(key)) {
                const hint = suggest(key, [...BLUE_GREEN_OPTION_KEYS]);
                ctx.report(
                    path,
                    `${key} is not a blue/green option of the operator, which would ignore it and keep the default.${hint ? ` Did you mean "${hint}"?` : ""} The options are ${BLUE_GREEN_OPTION_KEYS.join(", ")}.`,
                );
                continue;
            }
            if (typeof value !== "string") continue; // schema-type reports it
            const reading = parseFlinkDuration(value);
            if (reading.error !== undefined) {
                const option = Object.values(BlueGreenOptions).find((o) => o.key === key)!;
                ctx.report(
                    path,
                    `Could not parse value '${value}' for key '${key}': ${reading.error}; the operator fails every reconciliation of this deployment. Use a duration such as "${option.default}" (a whole number and a unit: ms, s, min, h, d).`,
                );
            }
        }
    },
};

export const blueGreenConfigurationScope: Rule = {
    id: "bluegreen-configuration-scope",
    kinds: KINDS,
    severity: "warning",
    source: "extra",
    checksCanaries: true,
    description:
        "spec.configuration holds only kubernetes.operator.bluegreen.* options: the operator reads nothing else there (Flink options belong in spec.template.spec.flinkConfiguration).",
    check(ctx) {
        for (const [key] of configurationEntries(ctx.get("spec.configuration"))) {
            if (key.startsWith(BLUE_GREEN_OPTION_PREFIX)) continue;
            ctx.report(
                `spec.configuration[${JSON.stringify(key)}]`,
                `The operator reads only the ${BLUE_GREEN_OPTION_PREFIX}* options from spec.configuration and ignores ${key} here. Move Flink and operator options to spec.template.spec.flinkConfiguration.`,
            );
        }
    },
};

/** A configured duration in milliseconds, the default when unset, undefined when unknown or unreadable. */
function durationMillis(configuration: unknown, option: { key: string; defaultMillis: number }): number | undefined {
    if (configuration === undefined || configuration === null) return option.defaultMillis;
    if (typeof configuration !== "object" || isUnknown(configuration)) return undefined;
    const value = (configuration as { [k: string]: unknown })[option.key];
    if (value === undefined || value === null) return option.defaultMillis;
    if (typeof value !== "string") return undefined;
    const reading = parseFlinkDuration(value);
    return reading.millis === undefined ? undefined : Number(reading.millis);
}

export const blueGreenTiming: Rule = {
    id: "bluegreen-timing",
    kinds: KINDS,
    severity: "warning",
    source: "extra",
    checksCanaries: true,
    description:
        "The abort grace period is longer than the reconciliation reschedule interval (the operator first looks at a new child one interval after creating it: a shorter grace period aborts every switch whose child is not ready by then), and the interval is not 0 (a reconciliation loop without pause).",
    check(ctx) {
        const configuration = ctx.get("spec.configuration");
        const grace = durationMillis(configuration, BlueGreenOptions.abortGracePeriod);
        const interval = durationMillis(configuration, BlueGreenOptions.reconciliationRescheduleInterval);
        if (interval === 0) {
            ctx.report(
                `spec.configuration[${JSON.stringify(BlueGreenOptions.reconciliationRescheduleInterval.key)}]`,
                `A reschedule interval of 0 makes the operator reconcile this deployment again at once, in a loop, while it changes. Use a few seconds, e.g. "${BlueGreenOptions.reconciliationRescheduleInterval.default}" (the default).`,
            );
        }
        if (grace !== undefined && interval !== undefined && grace <= interval) {
            ctx.report(
                `spec.configuration[${JSON.stringify(BlueGreenOptions.abortGracePeriod.key)}]`,
                `The abort grace period (${grace} ms) is not longer than the reschedule interval (${interval} ms): the operator first checks a new child one interval after creating it, so a switch is aborted unless the child is already RUNNING and STABLE then. Allow the time a deployment takes to start, e.g. "${BlueGreenOptions.abortGracePeriod.default}" (the default).`,
            );
        }
    },
};

export const blueGreenIngress: Rule = {
    id: "bluegreen-ingress",
    kinds: KINDS,
    severity: "error",
    source: "operator",
    checksCanaries: true,
    description:
        "spec.ingress (the ingress the operator points at the active child) has a template that, with {{name}}/{{namespace}} filled in, builds a java.net.URL, as for a FlinkDeployment's ingress.",
    check(ctx) {
        const ingress = ctx.get("spec.ingress");
        if (ingress === undefined || ingress === null || typeof ingress !== "object") return;
        const template = ctx.get("spec.ingress.template");
        if (template === undefined || template === null) {
            ctx.report(
                "spec.ingress.template",
                `Ingress template must be defined. Set spec.ingress.template, e.g. "{{name}}.{{namespace}}.flink.example.com" or "flink.example.com/{{namespace}}/{{name}}".`,
            );
            return;
        }
        if (typeof template !== "string") return;
        const name = ctx.get("metadata.name");
        const namespace = ctx.get("metadata.namespace");
        const error = ingressTemplateError(
            template,
            typeof name === "string" ? name : "name",
            typeof namespace === "string" && namespace !== "" ? namespace : "default",
        );
        if (error !== undefined) {
            ctx.report(
                "spec.ingress.template",
                `Unable to process the Ingress template(${template}). Error: ${error}. Use a host, an optional numeric port and an optional path, with {{name}}/{{namespace}} placeholders, e.g. "{{name}}.{{namespace}}.flink.example.com".`,
            );
        }
    },
};

export const blueGreenTemplateMetadata: Rule = {
    id: "bluegreen-template-metadata",
    kinds: KINDS,
    severity: "warning",
    source: "extra",
    checksCanaries: true,
    description:
        "spec.template.metadata sets nothing: the operator 1.15 does not apply it (children are named <name>-blue/<name>-green, in the blue/green deployment's namespace, with only the flink/blue-green-deployment-type label).",
    check(ctx) {
        const meta = ctx.get("spec.template.metadata");
        if (meta === undefined || meta === null || typeof meta !== "object") return;
        const set = Object.keys(meta).filter((k) => meta[k] !== undefined && meta[k] !== null);
        if (set.length === 0) return;
        ctx.report(
            "spec.template.metadata",
            `The operator 1.15 ignores spec.template.metadata (${set.join(", ")}): the FlinkDeployments it creates are named <name>-blue and <name>-green, in this resource's namespace, labelled only ${BLUE_GREEN_TYPE_LABEL}. Remove it; set labels and annotations for the pods in spec.template.spec.podTemplate.metadata.`,
        );
    },
};

export const blueGreenTemplateIngressScheme: Rule = {
    id: "bluegreen-template-ingress-scheme",
    kinds: KINDS,
    severity: "error",
    source: "extra",
    checksCanaries: true,
    description:
        "spec.template.spec.ingress.template has no http:// or https:// scheme: the operator puts blue-/green- in front of the template for each child, so a scheme would become part of the host (green-https) and the child's ingress would route nowhere.",
    check(ctx) {
        const template = ctx.get("spec.template.spec.ingress.template");
        if (typeof template !== "string" || !/^https?:\/\//i.test(template)) return;
        const bare = template.replace(/^https?:\/\//i, "");
        ctx.report(
            "spec.template.spec.ingress.template",
            `The operator names each child's ingress by putting blue- or green- in front of this template, so "${template}" becomes "green-${template}": a URL whose host is "green-${template.slice(0, template.indexOf(":"))}". Leave the scheme out: "${bare}".`,
        );
    },
};
