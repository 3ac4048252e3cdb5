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
            for (const issue of schemaIssues(ctx.doc, ctx.kind)) {
                if (issue.kind === issueKind) ctx.report(issue.path, issue.message);
            }
        },
    };
}

export const unknownField = schemaRule("schema-unknown-field", "unknown-field", "No field outside the CRD schema: the API server would silently drop it (catches typos such as jobManger).");
export const fieldType = schemaRule("schema-type", "type", "Every field has the CRD's type (string, integer, number, boolean, object, array).");
export const fieldEnum = schemaRule("schema-enum", "enum", "Enumerated fields (flinkVersion, upgradeMode, job state, mode, formatType, jobReference.kind) hold an allowed value.");
export const requiredField = schemaRule("schema-required", "required", "spec is set (the 1.15 CRDs declare no other required field).", false);
