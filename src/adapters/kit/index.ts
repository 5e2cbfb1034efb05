/**
 * What every adapter shares, and the only place adapters take it from:
 * web-standard HTTP handling with body limits, the per-conversation ordered
 * queue, the in-flight tracker, error names for logs, and reading settings
 * from the environment. Adapters never import the server or each other.
 */
export type { AdapterConfigResult, AdapterContext, RunningAdapter } from './adapter.js';
export { BodyError, readBody, readJson } from './body.js';
export {
  json,
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
export { parseEnv, presentEnv } from '../../core/env.js';
