/**
 * How the Aiven components validate: through the one rule engine (components/rules), whose table holds the Aiven
 * rules (components/rules/rules/aiven/). `validateAiven` and `AIVEN_RULES` are thin names over it for programmatic
 * use; there is no second implementation.
 */
import { AivenKind, Finding, RULES, Rule, componentDocument, validate } from "../rules";

/** The rules that check Aiven kinds (a view of the engine's one table). */
export const AIVEN_RULES: readonly Rule[] = RULES.filter((r) => r.id.startsWith("aiven-"));

export interface AivenValidationResult {
    findings: Finding[];
    /** Ids of rules that read an unknown value and so could not decide yet. */
    deferred: string[];
}

/** A finding without the keys a component's args have no use for (namespace, file). */
function compact(f: Finding): Finding {
    const out: Finding = { rule: f.rule, severity: f.severity, path: f.path, message: f.message, kind: f.kind, name: f.name };
    if (f.namespace !== undefined) out.namespace = f.namespace;
    if (f.file !== undefined) out.file = f.file;
    return out;
}

/** Runs the rules of `kind` (or only those in `only`) over a snapshot of a component's args (values not known yet: UNKNOWN). */
export function validateAiven(kind: AivenKind, name: string, args: unknown, only?: ReadonlySet<string>): AivenValidationResult {
    const options = only ? { rules: Object.fromEntries(AIVEN_RULES.filter((r) => !only.has(r.id)).map((r) => [r.id, "off" as const])) } : undefined;
    const { findings, deferred } = validate([{ doc: componentDocument(kind, name, args) }], options);
    return { findings: findings.map(compact), deferred: deferred.map((d) => d.slice(d.lastIndexOf(": ") + 2)) };
}
