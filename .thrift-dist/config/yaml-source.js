// YAML text -> plain value + the position of every key and value, so schema errors can name
// line:column. The first YAML error (syntax, duplicate key, several documents) is a ConfigError.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar } from 'yaml';
import { ConfigError } from './config-error.js';
import { formatPath, PositionIndex } from './schema-kit.js';
export function parseYaml(text, file) {
    const lines = new LineCounter();
    // prettyErrors off: the message stays one line; the position is added in the ConfigError's own format.
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const index = new PositionIndex();
    const keyAt = new Map();
    const posAt = (offset) => lines.linePos(offset);
    const walk = (node, segs, key) => {
        if (!isScalar(node) && !isMap(node) && !isSeq(node) && !isAlias(node)) {
            index.set(segs, { key });
            return;
        }
        const start = node.range?.[0];
        const value = start === undefined ? undefined : posAt(start);
        const textAt = isScalar(node) && start !== undefined ? posAt(textStart(text, node, start)) : undefined;
        index.set(segs, { key, value, text: textAt });
        if (isMap(node)) {
            for (const pair of node.items) {
                const k = pair.key;
                const name = String(isScalar(k) ? k.value : k);
                const keyOffset = isScalar(k) || isMap(k) || isSeq(k) ? k.range?.[0] : undefined;
                if (keyOffset !== undefined)
                    keyAt.set(keyOffset, [...segs, name]);
                walk(pair.value, [...segs, name], keyOffset === undefined ? undefined : posAt(keyOffset));
            }
        }
        else if (isSeq(node)) {
            node.items.forEach((item, i) => walk(item, [...segs, i], undefined));
        }
    };
    walk(doc.contents, [], undefined);
    const first = doc.errors[0];
    if (first) {
        const { line, col } = posAt(first.pos[0]);
        throw new ConfigError(reasonOf(first), { file, key: formatPath(keyAt.get(first.pos[0]) ?? []), line, col });
    }
    return { value: toPlain(doc, file), index };
}
// toJS throws (a ReferenceError) on an unresolved alias or an alias bomb; neither has a position.
function toPlain(doc, file) {
    try {
        return doc.toJS({ maxAliasCount: 100 });
    }
    catch (err) {
        throw new ConfigError(`cannot expand YAML aliases: ${err.message}`, { file, key: '', line: 0, col: 0 });
    }
}
function reasonOf(err) {
    if (err.code === 'DUPLICATE_KEY')
        return 'duplicate key';
    if (err.code === 'MULTIPLE_DOCS')
        return 'the config must be a single YAML document (found a second "---")';
    return err.message;
}
/**
 * Offset where a scalar's text begins: after the opening quote, or for a block scalar (`|`, `>`) at
 * the content indentation on the line after the header, so that line N of the value is line N after it.
 */
function textStart(source, node, start) {
    if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE)
        return start + 1;
    if (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED)
        return start;
    const lineStart = source.indexOf('\n', start) + 1;
    if (lineStart === 0)
        return start;
    const end = node.range?.[1] ?? source.length;
    const firstContent = /[^\s]/.exec(source.slice(lineStart, end));
    if (!firstContent)
        return lineStart;
    // the indentation of the first non-blank line is the block's indentation
    const contentAt = lineStart + firstContent.index;
    const contentLineStart = source.lastIndexOf('\n', contentAt - 1) + 1;
    return lineStart + (contentAt - contentLineStart);
}
//# sourceMappingURL=yaml-source.js.map