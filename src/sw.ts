/// <reference lib="webworker" />
import { startWorker } from './sw/worker';

startWorker({
  async sync() {
    // The device sync routine is wired in by the sync module once a user is signed in.
  },
});
