/** The rule engine's public face: what the components, the CLI and the policy pack import. */
import { DocumentSet, EngineOptions, SourcedDocument, ValidationResult, validateDocuments } from "./engine";
import { RULES } from "./registry";

export * from "./engine";
export { RULES, ruleById } from "./registry";
export { UNKNOWN, isUnknown, containsUnknown } from "../core/unknown";
/** Small parsers the policy pack shares with the rules. */
export { configBoolean, isNonBlank } from "./rules/util";
export { imageTag } from "./rules/image";

/** Validates documents with every registered rule. */
export function validate(docs: readonly SourcedDocument[], options?: EngineOptions, context?: DocumentSet): ValidationResult {
    return validateDocuments(RULES, docs, options, context);
}
