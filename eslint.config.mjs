// ESLint, flat config, run by `npm run lint` (and so by `npm test`). TypeScript sources get typescript-eslint's
// recommended set, the JavaScript tools and e2e tests ESLint's recommended set. Every rule turned off or tuned below
// says why, in one line; anything else the sets report is an error to fix.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

// Unused bindings are errors, except the deliberate ones: `const { dropped, ...rest } = x` (omitting keys) and
// names starting with `_`.
const unusedVars = ["error", { ignoreRestSiblings: true, argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }];

export default defineConfig([
    {
        // Build output, installed packages and the generated SDKs (sdk/ is written by tools/gen-sdk.js).
        ignores: ["dist/**", "**/node_modules/**", "sdk/**", "examples/**/bin/**", "examples/**/dist/**"],
    },
    {
        linterOptions: { reportUnusedDisableDirectives: "error" },
    },
    {
        files: ["**/*.ts"],
        extends: [js.configs.recommended, tseslint.configs.recommended],
        rules: {
            // Kubernetes manifests, Helm values, CRD schemas and Pulumi mock inputs are untyped JSON: `any` names them.
            "@typescript-eslint/no-explicit-any": "off",
            // require() is how optional peers (@pulumi/aiven) and heavy modules (@pulumi/kubernetes) load lazily, on first use.
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/no-unused-vars": unusedVars,
        },
    },
    {
        files: ["**/*.js", "**/*.mjs"],
        extends: [js.configs.recommended],
        languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node } },
        rules: { "no-unused-vars": unusedVars },
    },
    {
        files: ["**/*.mjs"],
        languageOptions: { sourceType: "module" },
    },
    {
        files: ["tests/**/*.js", "tests/**/*.ts"],
        languageOptions: { globals: { ...globals.mocha } },
    },
    {
        // The CLI, the Helm values renderer and the Java parsers find control characters on purpose (to refuse or escape them).
        rules: { "no-control-regex": "off" },
    },
]);
