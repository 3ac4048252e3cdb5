/**
 * Hooks into the Node.js component provider host of @pulumi/pulumi, installed only when this package is loaded by
 * the plugin runner (`@pulumi/pulumi/cmd/run-plugin`, which `PulumiPlugin.yaml` makes the CLI start):
 *
 *  - the inferred schema goes through flinkSchema (language settings, integers, no `...Args` type names): the
 *    runner's ComponentProvider builds its schema with `generateSchema` of provider/experimental/schema.js, which
 *    is wrapped, so the type definitions of the same inference are at hand;
 *  - construct resolves the URN args (`operatorUrn`, `deploymentUrn`, `serviceUrn`) to their strings before the
 *    component is built, so the component finds the instance they name (components/provider/references.ts), and
 *    gives the host the components' output names, which it would otherwise infer the whole schema for;
 *  - validation errors reported outside a construct call (values known only later) lose their stack trace: the
 *    message lists every finding, the trace only hides it.
 *
 * These are internals of @pulumi/pulumi (3.248 here). When one is missing, the host runs unchanged and a warning
 * says what the schema lacks; nothing else breaks.
 */
import * as path from "path";
import { resolveReferenceArgs } from "../base/references";

/** ./schema, loaded when a schema is built (programs that only import the package never need it). */
function ourSchema(): typeof import("./schema") {
    return require("./schema");
}

const HOOKED = Symbol.for("pulumi-flink.provider-hooks");
/** This package's directory (package.json, index.ts) from dist/components/provider/. */
const PACKAGE_ROOT = realpath(path.resolve(__dirname, "../../.."));

function realpath(p: string): string {
    try {
        return require("fs").realpathSync(p);
    } catch {
        return path.resolve(p);
    }
}

/** Whether a ComponentProvider serves this package (its directory, through symlinks too). Unknown: assume so. */
function servesThisPackage(provider: { path?: string }): boolean {
    return typeof provider.path !== "string" || realpath(provider.path) === PACKAGE_ROOT;
}
/** The provider name and namespace the plugin runner derives from package.json's name, @pulumi-flink/flink. */
const PACKAGE = { name: "flink", namespace: "pulumi-flink" } as const;
const RUN_PLUGIN = /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run-plugin[\\/]run\.js$/;

/** The @pulumi/pulumi directory of the plugin runner that loaded this process's program, if one did. */
export function pluginRunnerSdkDir(cache: { [id: string]: unknown } = require.cache): string | undefined {
    const run = Object.keys(cache).find((id) => RUN_PLUGIN.test(id));
    return run === undefined ? undefined : path.resolve(path.dirname(run), "../..");
}

function warn(message: string): void {
    // stdout carries the provider's port to the engine: warnings go to stderr, which the CLI shows.
    console.error(`pulumi-flink: ${message}`);
}

/** Component definitions as the host's construct reads them (`outputs` keys), from COMPONENT_OUTPUTS. */
function outputDefinitions(): { [component: string]: { name: string; inputs: object; outputs: { [name: string]: object } } } {
    const { COMPONENT_OUTPUTS } = ourSchema();
    return Object.fromEntries(
        Object.entries(COMPONENT_OUTPUTS).map(([name, outputs]) => [name, { name, inputs: {}, outputs: Object.fromEntries(outputs.map((o) => [o, {}])) }]),
    );
}

interface ProviderModule {
    ComponentProvider?: { prototype: { construct?: (...args: any[]) => any; getSchema?: (...args: any[]) => any } };
}
interface SchemaModule {
    generateSchema?: (...args: any[]) => any;
}

/**
 * Installs the hooks on the given modules (the runner's own copies): exported for tests, which pass stand-ins.
 * Returns what was hooked; each missing piece is a warning.
 */
export function hookComponentProvider(providerModule: ProviderModule, schemaModule: SchemaModule): { schema: boolean; construct: boolean } {
    const hooked = { schema: false, construct: false };
    const generate = schemaModule?.generateSchema;
    if (typeof generate === "function") {
        if (!(generate as any)[HOOKED]) {
            const wrapped = function (this: unknown, ...args: unknown[]) {
                const inferred = generate.apply(this, args);
                // generateSchema(name, version, description, components, typeDefinitions, dependencies, namespace):
                // only this package's schema (a program could load it as a library inside another plugin).
                if (args[0] !== PACKAGE.name || args[6] !== PACKAGE.namespace) return inferred;
                try {
                    return ourSchema().flinkSchema(inferred, args[4] as any);
                } catch (e) {
                    warn(`the schema is served as inferred, without language settings or integer types: ${(e as Error).message}`);
                    return inferred;
                }
            };
            (wrapped as any)[HOOKED] = true;
            schemaModule.generateSchema = wrapped;
        }
        hooked.schema = true;
    }
    const proto = providerModule?.ComponentProvider?.prototype;
    if (proto && typeof proto.getSchema === "function" && !(proto.getSchema as any)[HOOKED]) {
        const getSchema = proto.getSchema;
        // A check that the schema went through flinkSchema; if generateSchema is no longer how the host builds it,
        // post-process the result here instead (without the type descriptions only the inference has).
        const checked = async function (this: { flinkSchema?: string; path?: string }) {
            if (this.flinkSchema !== undefined) return this.flinkSchema;
            const served: string = await getSchema.call(this);
            if (!servesThisPackage(this)) return served;
            let schema: any;
            try {
                schema = JSON.parse(served);
            } catch {
                return served;
            }
            if (schema?.language?.python?.packageName === ourSchema().LANGUAGE_SETTINGS.python.packageName) return (this.flinkSchema = served);
            try {
                this.flinkSchema = JSON.stringify(ourSchema().flinkSchema(schema));
                warn("the host no longer builds its schema through generateSchema; post-processed the served schema (type descriptions missing).");
                return this.flinkSchema;
            } catch (e) {
                warn(`the schema is served as inferred, without language settings or integer types: ${(e as Error).message}`);
                return served;
            }
        };
        (checked as any)[HOOKED] = true;
        proto.getSchema = checked;
    }
    if (proto && typeof proto.construct === "function") {
        if (!(proto.construct as any)[HOOKED]) {
            const construct = proto.construct;
            const resolving = async function (
                this: { path?: string; componentDefinitions?: unknown },
                name: string,
                type: string,
                inputs: { [key: string]: unknown },
                options: unknown,
            ) {
                const ours = type.startsWith(`${PACKAGE.name}:`) && servesThisPackage(this);
                if (!ours) return construct.call(this, name, type, inputs, options);
                // The host reads only the output names of the component it builds; without them it would infer the
                // whole schema first (10-20 s per preview, update and destroy).
                if (this.componentDefinitions === undefined) this.componentDefinitions = outputDefinitions();
                return construct.call(this, name, type, await resolveReferenceArgs(type, name, inputs), options);
            };
            (resolving as any)[HOOKED] = true;
            proto.construct = resolving;
        }
        hooked.construct = true;
    }
    if (!hooked.schema)
        warn(
            "@pulumi/pulumi's provider/experimental/schema.js has no generateSchema: the schema lacks its language settings (Python package pulumi_flink, Go import path, .NET namespace) unless the fallback applies.",
        );
    if (!hooked.construct)
        warn(
            "@pulumi/pulumi's ComponentProvider has no construct method to hook: operatorUrn, deploymentUrn and serviceUrn given as Outputs cannot be resolved.",
        );
    return hooked;
}

/**
 * Installs the hooks when the plugin runner loaded this process's program; does nothing otherwise (TypeScript
 * programs importing the package pay nothing). Never throws.
 */
export function installProviderHooks(): void {
    const sdk = pluginRunnerSdkDir();
    if (sdk === undefined) return;
    try {
        hookComponentProvider(require(path.join(sdk, "provider/experimental/provider")), require(path.join(sdk, "provider/experimental/schema")));
    } catch (e) {
        warn(`could not hook the component provider host of ${sdk}: ${(e as Error).message}. The schema lacks its language settings.`);
    }
    // Validation errors thrown when a value known only later resolves reach the host's unhandled-error log, which
    // prints the stack: the message (every finding with its field path) is what the user needs.
    process.prependListener("uncaughtException", withoutStack);
    process.prependListener("unhandledRejection", withoutStack);
}

/** Drops the stack trace of this package's validation errors (their message lists every finding); others keep theirs. */
export function withoutStack(err: unknown): void {
    if (err instanceof Error && err.name === "FlinkValidationError") err.stack = `${err.name}: ${err.message}`;
}
