import { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Config } from '../config/types.js';
export interface LoggerOptions {
    /** where the lines go (tests capture them); default stdout */
    destination?: DestinationStream;
    /** is stdout a terminal (for `auto`); default process.stdout.isTTY */
    tty?: boolean;
}
export declare function createLogger(level: Config['logLevel'], format?: Config['logFormat'], opts?: LoggerOptions): PinoLogger;
