/** Small parsers shared by the rules. */

/** The operator's resource-name pattern (45 characters at most). */
export const RESOURCE_NAME = /^[a-z]([-a-z\d]{0,43}[a-z\d])?$/;

export function invalidNameMessage(name: string): string {
    return `The FlinkDeployment name: ${name} is invalid, must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123'), and the length must be no more than 45 characters.`;
}

const FLINK_MEMORY_UNITS = /^(b|bytes|k|kb|kibibytes|m|mb|mebibytes|g|gb|gibibytes|t|tb|tebibytes)?$/i;
const K8S_QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
const FLINK_MEMORY = /^(\d+)\s*([a-zA-Z]*)$/;

/**
 * Why a memory or storage amount cannot be parsed, or undefined if it can. The operator accepts Flink's memory
 * syntax ("2048m", "1 gb") and Kubernetes quantities ("2Gi", "1.5G").
 */
export function memoryParseError(value: unknown): string | undefined {
    if (typeof value !== "string") return `expected a string such as "2048m" or "2Gi", got ${JSON.stringify(value)}`;
    const text = value.trim();
    const flink = FLINK_MEMORY.exec(text);
    if (flink && FLINK_MEMORY_UNITS.test(flink[2])) return undefined;
    if (K8S_QUANTITY.test(text)) return undefined;
    return `"${value}" is neither a Flink memory size (e.g. 2048m, 2g) nor a Kubernetes quantity (e.g. 2Gi)`;
}

/** Parses a boolean config value the way Flink does (case-insensitive true/false). */
export function configBoolean(value: string | undefined): boolean | undefined {
    if (value === undefined) return undefined;
    const v = value.trim().toLowerCase();
    return v === "true" ? true : v === "false" ? false : undefined;
}

export function isNonBlank(value: unknown): boolean {
    return typeof value === "string" ? value.trim() !== "" : value !== undefined && value !== null;
}
