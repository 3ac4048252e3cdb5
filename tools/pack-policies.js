#!/usr/bin/env node
// @ts-check
// Builds a self-contained copy of the policy pack for `pulumi policy publish`: policies/ in the checkout points its
// `main` at ../dist/policies, which a published archive (only the pack's own folder) would not contain. The copy holds
// the compiled policies and the compiled rule engine they import, a package.json whose `main` is inside the folder
// and whose dependencies are the runtime ones (installed by Pulumi Cloud when the pack runs), and PulumiPolicy.yaml.
//
//   npm run build && node tools/pack-policies.js [outDir]     (default dist/policy-pack)
//   cd dist/policy-pack && pulumi policy publish <org>
"use strict";

const fs = require("fs");
const path = require("path");

const REPO = path.resolve(__dirname, "..");
const DIST = path.join(REPO, "dist");

/** @param {string} from @param {string} to */
function copyJs(from, to) {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        const src = path.join(from, entry.name);
        const dst = path.join(to, entry.name);
        if (entry.isDirectory()) copyJs(src, dst);
        else if (/\.(js|json)$/.test(entry.name)) {
            fs.mkdirSync(to, { recursive: true });
            fs.copyFileSync(src, dst);
        }
    }
}

function packPolicies(outDir = path.join(DIST, "policy-pack")) {
    const entry = path.join(DIST, "policies", "index.js");
    if (!fs.existsSync(entry)) throw new Error(`${path.relative(process.cwd(), entry)} is missing: run \`npm run build\` first.`);
    const root = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    const pack = JSON.parse(fs.readFileSync(path.join(REPO, "policies", "package.json"), "utf8"));
    fs.rmSync(outDir, { recursive: true, force: true });
    // Same layout as dist/, so the policies' relative imports of ../components resolve unchanged.
    copyJs(path.join(DIST, "policies"), path.join(outDir, "policies"));
    copyJs(path.join(DIST, "components"), path.join(outDir, "components"));
    fs.copyFileSync(path.join(REPO, "policies", "PulumiPolicy.yaml"), path.join(outDir, "PulumiPolicy.yaml"));
    fs.copyFileSync(path.join(REPO, "policies", "README.md"), path.join(outDir, "README.md"));
    const manifest = {
        name: pack.name,
        version: pack.version,
        description: pack.description,
        license: pack.license,
        private: true,
        main: "policies/index.js",
        // The pack's own pins, plus what the engine code needs at run time (from the package's dependencies).
        dependencies: { ...pack.dependencies, ...root.dependencies },
    };
    fs.writeFileSync(path.join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    return outDir;
}

module.exports = { packPolicies };

if (require.main === module) {
    try {
        const out = packPolicies(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
        process.stdout.write(
            `policy pack written to ${path.relative(process.cwd(), out) || "."}; publish it with: cd ${path.relative(process.cwd(), out)} && pulumi policy publish <org>\n`,
        );
    } catch (e) {
        process.stderr.write(`pack-policies: ${e instanceof Error ? e.message : e}\n`);
        process.exit(1);
    }
}
