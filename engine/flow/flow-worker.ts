import { flowWorkerHandler } from './flow-step.ts';

// The flow worker: started by the engine worker (engine/worker.ts), one per engine.
const handle = flowWorkerHandler((reply, transfer) => self.postMessage(reply, transfer));
self.onmessage = (e: MessageEvent) => handle(e.data);
