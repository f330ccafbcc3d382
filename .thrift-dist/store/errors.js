// The store's two error types. StoreError is what every Store method rejects with (the core maps
// it to 5103, to 5104 when its kind is 'busy', to 4104 when it is 'input'); TemplateError is a
// start-up error in the deployer's templates.
export class StoreError extends Error {
    kind;
    /** the template key involved, when there is one */
    key;
    constructor(kind, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'StoreError';
        this.kind = kind;
        if (options.key !== undefined)
            this.key = options.key;
    }
}
/**
 * Every template problem found at start-up, in one error (`tim check` lists all keys). The fields
 * key, parameter, file, line and col repeat those of the first problem for convenience.
 */
export class TemplateError extends Error {
    problems;
    key;
    parameter;
    file;
    line;
    col;
    constructor(problems) {
        if (problems.length === 0)
            throw new RangeError('TemplateError needs at least one problem');
        super(problems.map((p) => p.message).join('\n'));
        this.name = 'TemplateError';
        this.problems = problems;
        const first = problems[0];
        this.key = first.key;
        this.parameter = first.parameter;
        this.file = first.file;
        this.line = first.line;
        this.col = first.col;
    }
}
//# sourceMappingURL=errors.js.map