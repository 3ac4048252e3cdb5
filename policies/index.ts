/** The policy pack's entry: the one place that starts the pack. Policies live in ./policies.ts. */
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, policies } from "./policies";

new PolicyPack(POLICY_PACK_NAME, { policies });
