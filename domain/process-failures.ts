// Failure types that activities raise and workflows recognise by name (workflows import activities as
// types only, so the names live here, where both may import them).

/** The SMS provider needs a person (no money, bad credentials, a blocked IP): wait, do not hammer it. */
export const PROVIDER_NEEDS_OPERATOR = 'SmsProviderNeedsOperator';
