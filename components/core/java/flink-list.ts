/**
 * A list-typed Flink option read from its string form, as Flink's Configuration does
 * (ConfigurationUtils.convertToList → StructuredOptionsSplitter.splitEscaped with ';'): unquoted items are trimmed;
 * an item may be quoted with ' or " (a doubled quote inside stands for one) to hold a ';'; a quoted item must be
 * followed by ';' or the end; a leading or trailing ';' adds nothing, but two ';' in a row add an empty item.
 */
import { isJavaWhitespace, javaTrim } from "./lang";

export class FlinkListError extends Error {}

type Token = { type: "quoted" | "unquoted" | "delimiter"; text: string; position: number };

export function splitFlinkList(text: string, delimiter = ";"): string[] {
    const tokens: Token[] = [];
    for (let cursor = 0; cursor < text.length;) {
        const c = text[cursor];
        if (c === "'" || c === '"') {
            let value = "";
            let i = cursor + 1;
            let closed = false;
            for (; i < text.length; i++) {
                if (text[i] === c) {
                    if (i + 1 < text.length && text[i + 1] === c) {
                        value += c;
                        i++;
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    value += text[i];
                }
            }
            if (!closed) throw new FlinkListError("Could not split string. Quoting was not closed properly.");
            tokens.push({ type: "quoted", text: value, position: cursor });
            cursor = i + 1;
        } else if (c === delimiter) {
            tokens.push({ type: "delimiter", text: c, position: cursor });
            cursor++;
        } else if (!isJavaWhitespace(c)) {
            let end = text.indexOf(delimiter, cursor);
            if (end === -1) end = text.length;
            tokens.push({ type: "unquoted", text: javaTrim(text.slice(cursor, end)), position: cursor });
            cursor = end;
        } else {
            cursor++;
        }
    }
    const items: string[] = [];
    tokens.forEach((token, i) => {
        const next = tokens[i + 1];
        if (token.type === "quoted") {
            if (next !== undefined && next.type !== "delimiter") {
                throw new FlinkListError(`Could not split string. Illegal quoting at position: ${next.position - 1}`);
            }
            items.push(token.text);
        } else if (token.type === "unquoted") {
            items.push(token.text);
        } else if (next?.type === "delimiter") {
            items.push("");
        }
    });
    return items;
}
