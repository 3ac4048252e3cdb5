/**
 * Checks of the component options that are not part of the manifest (readiness, configuration helpers), with zod.
 * zod is loaded on first use: it costs ~100 ms to import.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ZodType } from "zod";

let schema: ZodType | undefined;
/** One schema per component kind: zod compiles a schema on its first parse, so building one per call is slow. */
const pickedSchemas = new Map<string, ZodType>();

function optionsSchema(): ZodType {
    if (schema) return schema;
    const { z } = require("zod") as typeof import("zod");
    // An Output or Promise is checked by the engine when it resolves (if it lands in the manifest) or not at all.
    const later = z.custom<unknown>((v) => pulumi.Output.isInstance(v) || v instanceof Promise);
    const text = (what: string) => z.union([later, z.string().trim().min(1, `${what} must not be empty`)]);
    schema = z.object({
        skipAwait: z.boolean({ error: "must be true or false" }).nullish(),
        awaitTimeoutSeconds: z
            .number({ error: "must be a number of seconds" })
            .int("must be a whole number of seconds")
            .min(1, "must be at least 1 second")
            .max(86400, "must be at most 86400 seconds (a day)")
            .nullish(),
        highAvailability: z
            .object(
                { storageDir: text("the HA storage directory, e.g. s3://bucket/flink/ha,"), type: text("the HA type").nullish() },
                { error: 'must be an object such as { storageDir: "s3://bucket/flink/ha" }' },
            )
            .nullish(),
        checkpoints: z
            .object(
                { dir: text("the checkpoint directory"), interval: text('the checkpoint interval, e.g. "60 s",').nullish() },
                { error: 'must be an object such as { dir: "s3://bucket/flink/checkpoints" }' },
            )
            .nullish(),
        savepoints: z
            .object(
                { dir: text("the savepoint directory"), periodicInterval: text('the periodic savepoint interval, e.g. "6h",').nullish() },
                { error: 'must be an object such as { dir: "s3://bucket/flink/savepoints" }' },
            )
            .nullish(),
    });
    return schema;
}

/** Problems with the options (empty when fine). Keys outside `accepted` are refused. */
export function checkComponentOptions(args: { [key: string]: unknown }, accepted: readonly string[]): { field: string; message: string }[] {
    const keys = Object.keys(args);
    // Nothing but metadata and spec: nothing to check (and zod not loaded).
    if (keys.every((k) => k === "metadata" || k === "spec")) return [];
    const options = Object.fromEntries(keys.filter((k) => k !== "metadata" && k !== "spec").map((k) => [k, args[k]]));
    const key = accepted.join(",");
    let picked = pickedSchemas.get(key);
    if (!picked) {
        picked = (optionsSchema() as any).pick(Object.fromEntries(accepted.map((k) => [k, true]))).strict() as ZodType;
        pickedSchemas.set(key, picked);
    }
    const result = picked.safeParse(options);
    if (result.success) return [];
    return result.error.issues.map((issue: { path: PropertyKey[]; message: string; code: string; keys?: string[] }) =>
        issue.code === "unrecognized_keys"
            ? {
                  field: issue.keys!.join(", "),
                  message: `not an argument of this component; it takes metadata, spec${accepted.length ? ", " + accepted.join(", ") : ""}.`,
              }
            : { field: issue.path.join(".") || "(args)", message: `${issue.message}.` },
    );
}
