/// <reference lib="webworker" />
import { syncActiveDevice } from './sync/device';
import { startWorker } from './sw/worker';

startWorker({ sync: () => syncActiveDevice(__APP_VERSION__) });
