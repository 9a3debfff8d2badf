export { createNodeConnector } from './duckdb-node.ts';
