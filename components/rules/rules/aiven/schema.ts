/** The fields of every Aiven kind: each one the kind takes (typos, the wrong spelling of userConfig), with its type. */
import type { Rule } from "../../engine";
import { AIVEN_KINDS, AivenKind, SHAPES, camel } from "./kinds";
import { typeName, walkShape } from "./util";

function snakeOrCamelHint(key: string, known: string[]): string {
    const c = camel(key);
    if (c !== key && known.includes(c)) return `; did you mean ${c}?`;
    const s = key.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
    if (s !== key && known.includes(s)) return `; did you mean ${s}? (the operator's userConfig is snake_case)`;
    return `; known fields here: ${known.join(", ")}`;
}

export const unknownField: Rule = {
    id: "aiven-unknown-field",
    kinds: AIVEN_KINDS,
    severity: "error",
    source: "aiven",
    checksCanaries: true,
    description:
        "Every field is one the kind takes (catches typos, and userConfig keys in the other spelling: camelCase for the components, snake_case for the operator's CR).",
    check(ctx) {
        const prefix = ctx.kind === "Flink" ? "spec." : "";
        walkShape(rawRoot(ctx), SHAPES[ctx.kind as AivenKind], "", {
            unknownField(path, key, known) {
                ctx.report(path, `${prefix}${path} is not a field of ${ctx.kind}${snakeOrCamelHint(key, known)}`, true);
            },
            wrongType() {
                /* aiven-field-type */
            },
        });
    },
};

export const fieldType: Rule = {
    id: "aiven-field-type",
    kinds: AIVEN_KINDS,
    severity: "error",
    source: "aiven",
    checksCanaries: true,
    description: "Every field has its type (strings, booleans, integers, lists, maps of strings).",
    check(ctx) {
        const prefix = ctx.kind === "Flink" ? "spec." : "";
        walkShape(rawRoot(ctx), SHAPES[ctx.kind as AivenKind], "", {
            unknownField() {
                /* aiven-unknown-field */
            },
            wrongType(path, expected, value) {
                ctx.report(path, `${prefix}${path} must be ${expected}, got ${typeName(value)}`, true);
            },
        });
    },
};

/** The fields as the document spells them (the rules' view may respell them). */
function rawRoot(ctx: Parameters<Rule["check"]>[0]): unknown {
    return ctx.doc.spec;
}
