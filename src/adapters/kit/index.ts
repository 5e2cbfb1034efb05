/**
 * What every adapter shares, and the only place adapters take it from:
 * web-standard HTTP handling with body limits, the per-conversation ordered
 * queue, the in-flight tracker, error names for logs, reading settings
 * from the environment, and grouping files that follow one another. Adapters never import the server or each other.
 */
export type { AdapterConfigResult, AdapterContext, RunningAdapter } from './adapter.js';
export { BodyError, readBody, readJson } from './body.js';
export { withFileRuns } from './file-runs.js';
export {
  json,
  routePattern,
  Router,
  text,
  type Handler,
  type HttpRoutes,
  type Method,
  type NodeHandler,
  type RequestInfo,
} from './http.js';
export { InFlight, OrderedQueue } from '../../core/ordered.js';
export { errorName } from '../../core/errors.js';
export { loadDotEnv, parseEnv, presentEnv } from '../../core/env.js';
