import { MemorySessionStore } from '../../src/core/session-store.js';
import { manualClock, sessionStoreContract } from './store-contract.js';

sessionStoreContract('memory', async () => {
  const clock = manualClock();
  const store = new MemorySessionStore(clock.now);
  return { store, elapse: clock.elapse, close: () => store.close() };
});
