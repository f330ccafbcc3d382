import type { RestRoute } from './rest-routes.js';
export declare function relationRoutes(): RestRoute[];
