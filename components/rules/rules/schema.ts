import { FLINK_KINDS, Rule, RuleContext } from "../engine";
import { SchemaIssueKind, schemaIssues } from "../schema";

function schemaRule(id: string, issueKind: SchemaIssueKind, description: string, checksCanaries = true): Rule {
    return {
        id,
        checksCanaries,
        kinds: FLINK_KINDS,
        severity: "error",
        source: "schema",
        description,
        check(ctx: RuleContext) {
            const issues = schemaIssues(ctx.doc, ctx.kind);
            for (let i = 0; i < issues.length; i++) {
                if (issues[i].kind === issueKind) ctx.report(issues[i].path, issues[i].message);
            }
        },
    };
}

export const unknownField = schemaRule(
    "schema-unknown-field",
    "unknown-field",
    "No field outside the CRD schema: the API server would silently drop it (catches typos such as jobManger).",
);
export const fieldType = schemaRule("schema-type", "type", "Every field has the CRD's type (string, integer, number, boolean, object, array).");
export const fieldEnum = schemaRule(
    "schema-enum",
    "enum",
    "Enumerated fields (flinkVersion, upgradeMode, job state, mode, formatType, jobReference.kind) hold an allowed value.",
);
export const requiredField = schemaRule("schema-required", "required", "spec is set (the 1.15 CRDs declare no other required field).", false);
