// Stands in, inside a Lambda bundle, for a module the bundled code requires at load time but
// never calls (see NEVER_CALLED_MODULES in lib/lambda-bundle.ts). Deliberately empty: a call
// into it fails at once instead of shipping megabytes that never run.
export {};
