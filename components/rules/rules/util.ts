/** Small parsers shared by the rules. */
export { isNonBlank } from "../../core/values";

/** The operator's resource-name pattern (45 characters at most). */
export const RESOURCE_NAME = /^[a-z]([-a-z\d]{0,43}[a-z\d])?$/;

export function invalidNameMessage(name: string): string {
    return `The FlinkDeployment name: ${name} is invalid, must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123'), and the length must be no more than 45 characters.`;
}

/** Parses a boolean config value the way Flink does (case-insensitive true/false). */
export function configBoolean(value: string | undefined): boolean | undefined {
    if (value === undefined) return undefined;
    const v = value.trim().toLowerCase();
    return v === "true" ? true : v === "false" ? false : undefined;
}
