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

// Aiven: the kinds and what the components and the policy pack read of them.
export {
    AIVEN_KINDS,
    AivenKind,
    AIVEN_SHAPES,
    AivenShape,
    COMPONENT_API_VERSION,
    AIVEN_OPERATOR_API_VERSION,
    AIVEN_OPERATOR_FLINK_KIND,
    componentDocument,
    displayPath,
    cidrError,
    DEPRECATED_AIVEN_FLINK_VERSIONS,
    TRANSITION_RULES,
    TransitionIssue,
    transitionIssues,
} from "./rules/aiven";
