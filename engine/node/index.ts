export { createNodeBindings, createNodeConnector } from './duckdb-node.ts';
