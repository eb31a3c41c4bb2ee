// Worker-thread entry: threads start without the main thread's module hooks, so TypeScript is registered here.
import { register } from 'tsx/esm/api';

register();
await import('./core-thread-worker.ts');
