import { PositionIndex } from './schema-kit.js';
export interface YamlSource {
    value: unknown;
    index: PositionIndex;
}
export declare function parseYaml(text: string, file: string): YamlSource;
