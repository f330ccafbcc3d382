// The typed, validated, frozen configuration. `load-config.ts` produces it from tim.config.yaml;
// everything else receives it (or a slice of it) as a parameter, never through a global import.
export {};
//# sourceMappingURL=types.js.map