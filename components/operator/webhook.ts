/**
 * The operator's admission webhook: the typed choice (cert-manager or disabled) over the raw values, which halves
 * the chart then installs (validating, mutating), and the keystore password Secret of its certificate.
 */
import { OperatorIssues, OperatorRules } from "./errors";
import { get, isObject, set } from "./plain";
import { FlinkOperatorArgs, OperatorWebhook } from "./types";

export interface WebhookParts {
    validatingWebhook: boolean;
    mutatingWebhook: boolean;
}

/** Writes the webhook choice and keystore into `values`; which webhook configurations the chart will create. */
export function webhookValues(args: FlinkOperatorArgs, values: { [key: string]: any }, issues: OperatorIssues): WebhookParts {
    const keystore = args.webhookKeystorePasswordSecret;
    if (keystore !== undefined) {
        if (!keystore || typeof keystore.name !== "string" || keystore.name === "" || typeof keystore.key !== "string" || keystore.key === "") {
            issues.add(
                "webhookKeystorePasswordSecret",
                OperatorRules.webhookKeystore,
                `webhookKeystorePasswordSecret needs a Secret name and key, e.g. { name: "flink-webhook-keystore", key: "password" }.`,
            );
        } else {
            set(values, ["webhook", "keystore"], { useDefaultPassword: false, passwordSecretRef: { name: keystore.name, key: keystore.key } });
        }
    }
    // Typed choice wins; otherwise the raw values decide as the chart does (webhook.create, validator/mutator).
    if (args.webhook !== undefined && !Object.values(OperatorWebhook).includes(args.webhook)) {
        issues.add(
            "webhook",
            OperatorRules.webhook,
            `webhook is "${args.webhook}"; use one of ${Object.values(OperatorWebhook)
                .map((v) => `"${v}"`)
                .join(", ")}.`,
        );
    }
    if (args.webhook === OperatorWebhook.Disabled || args.webhook === OperatorWebhook.CertManager) {
        const on = args.webhook === OperatorWebhook.CertManager;
        set(values, ["webhook", "create"], on);
        // Typed wins: raw values that turn off (or on) one half are overridden too.
        for (const half of ["validator", "mutator"]) if (isObject(get(values, ["webhook", half]))) set(values, ["webhook", half, "create"], on);
    }
    const webhookCreate = get(values, ["webhook", "create"]) ?? true;
    const part = (half: string) => (isObject(get(values, ["webhook", half])) ? Boolean(values.webhook[half].create) : Boolean(webhookCreate));
    return { validatingWebhook: part("validator"), mutatingWebhook: part("mutator") };
}
