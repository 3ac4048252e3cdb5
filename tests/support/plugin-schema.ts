/**
 * The schema exactly as the component provider serves it: Pulumi's own ComponentProvider (fresh copies of its
 * modules, so the hooks installed here touch nothing else in the test process) with this package's hooks, on the
 * repository's sources. Computed once per run: inference type-checks the sources (10-20 s).
 */
import * as path from "path";
import { hookComponentProvider } from "../../components/provider/host";
import * as components from "../../index";

export const ROOT = path.resolve(__dirname, "../../..");

const SDK = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const PROVIDER_JS = path.join(SDK, "provider/experimental/provider.js");
const SCHEMA_JS = path.join(SDK, "provider/experimental/schema.js");

/** Pulumi's provider and schema modules, loaded afresh (the cached copies are put back). */
export function freshProviderModules(): { provider: any; schema: any } {
    const saved = [PROVIDER_JS, SCHEMA_JS].map((id) => [id, require.cache[id]] as const);
    for (const [id] of saved) delete require.cache[id];
    try {
        const provider = require(PROVIDER_JS);
        const schema = require(SCHEMA_JS);
        return { provider, schema };
    } finally {
        for (const [id, mod] of saved) {
            if (mod) require.cache[id] = mod;
            else delete require.cache[id];
        }
    }
}

/** A ComponentProvider as the plugin runner makes it for this package (run.js: name and namespace from package.json). */
export function hookedProvider(): any {
    const { provider, schema } = freshProviderModules();
    hookComponentProvider(provider, schema);
    return new provider.ComponentProvider({
        name: "flink",
        namespace: "pulumi-flink",
        dirname: ROOT,
        components: provider.getPulumiComponents(components),
    });
}

let served: Promise<any> | undefined;
let servingProvider: any;

/** The provider that served pluginSchema() (its component definitions are loaded: construct works without inference). */
export async function servingComponentProvider(): Promise<any> {
    await pluginSchema();
    return servingProvider;
}

/** The parsed schema the hooked provider serves. */
export function pluginSchema(): Promise<any> {
    served ??= (async () => {
        servingProvider = hookedProvider();
        return JSON.parse(await servingProvider.getSchema());
    })();
    return served;
}
