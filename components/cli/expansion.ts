/**
 * Bounds on what a parsed YAML document may expand to. YAML aliases make a document a graph: js-yaml returns the
 * same object for every alias of an anchor, so a 1 KB file of nested aliases ("billion laughs") is a tree of billions
 * of values to any walker, and an alias inside its own anchor is a cycle. Everything downstream (the rules, the
 * Flink configuration flattener) walks trees, so the loader measures each document first, in time linear in the
 * number of distinct values, and refuses what would not stay linear in the file size.
 */

/** How many values a document may expand to, per byte of its file (plus a floor for tiny files). */
export const EXPANSION_PER_BYTE = 16;
export const EXPANSION_FLOOR = 10_000;
/** Deeper than any Kubernetes manifest nests (a pod template is ~15 levels); recursive walkers stay off the stack limit. */
export const MAX_DEPTH = 256;

export type ExpansionProblem = { problem: "cycle"; path: string } | { problem: "too-large"; limit: number } | { problem: "too-deep"; path: string };

export function expansionLimit(fileBytes: number): number {
    return EXPANSION_FLOOR + EXPANSION_PER_BYTE * fileBytes;
}

type Container = { [key: string]: unknown } | unknown[];

function isContainer(value: unknown): value is Container {
    return value !== null && typeof value === "object";
}

function entriesOf(value: Container): [string, unknown][] {
    return Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.keys(value).map((k) => [`.${k}`, (value as { [key: string]: unknown })[k]]);
}

/**
 * The number of values `root` expands to when every alias is copied out, or the first problem: a cycle, an
 * expansion above `limit`, or nesting deeper than MAX_DEPTH. Iterative (no recursion on hostile depth) and memoised
 * per object, so shared subtrees are counted once each: O(distinct values).
 */
export function measureExpansion(root: unknown, limit: number): { size: number } | ExpansionProblem {
    if (!isContainer(root)) return { size: 1 };
    const done = new Map<object, number>();
    const onPath = new Set<object>();
    // Explicit DFS stack: each frame is a container, its children, the index of the next child, and the path so far.
    const stack: { node: Container; children: [string, unknown][]; next: number; size: number; path: string }[] = [];
    const push = (node: Container, path: string): ExpansionProblem | undefined => {
        if (stack.length >= MAX_DEPTH) return { problem: "too-deep", path };
        onPath.add(node);
        stack.push({ node, children: entriesOf(node), next: 0, size: 1, path });
        return undefined;
    };
    const first = push(root, "");
    if (first) return first;
    let total = 0;
    while (stack.length > 0) {
        const frame = stack[stack.length - 1];
        if (frame.next < frame.children.length) {
            const [key, child] = frame.children[frame.next++];
            const childPath = frame.path + key;
            if (!isContainer(child)) {
                frame.size += 1;
            } else if (onPath.has(child)) {
                return { problem: "cycle", path: childPath.replace(/^\./, "") };
            } else if (done.has(child)) {
                frame.size += done.get(child)!;
            } else {
                const problem = push(child, childPath);
                if (problem) return { ...problem, path: childPath.replace(/^\./, "") } as ExpansionProblem;
                continue;
            }
            if (frame.size > limit) return { problem: "too-large", limit };
            continue;
        }
        stack.pop();
        onPath.delete(frame.node);
        done.set(frame.node, frame.size);
        if (frame.size > limit) return { problem: "too-large", limit };
        if (stack.length > 0) stack[stack.length - 1].size += frame.size;
        else total = frame.size;
    }
    return { size: total };
}

/** The message for people, or undefined when the document is within bounds. */
export function expansionMessage(root: unknown, fileBytes: number): string | undefined {
    const result = measureExpansion(root, expansionLimit(fileBytes));
    if ("size" in result) return undefined;
    switch (result.problem) {
        case "cycle":
            return `YAML alias cycle at ${result.path || "the document root"}: an anchor refers to itself, so the document never ends. Replace the alias with the values it stands for.`;
        case "too-deep":
            return `nested more than ${MAX_DEPTH} levels deep at ${result.path}: no Kubernetes manifest nests so deep. Check for runaway nesting or aliases.`;
        case "too-large":
            return `YAML aliases expand this document to more than ${result.limit.toLocaleString("en-US")} values (${EXPANSION_PER_BYTE} per byte of the file): it was not checked. Replace the aliases with the values they stand for, or split the document.`;
    }
}
