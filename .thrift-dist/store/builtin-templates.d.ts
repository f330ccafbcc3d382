import type { TemplateSource } from '../config/types.js';
export declare const BUILTIN_TEMPLATES_FILE: string;
export declare function loadBuiltinTemplates(file?: string): Record<string, TemplateSource>;
