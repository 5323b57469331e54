// The server project has no setup file: fake-indexeddb must be in place before Dexie loads.
import 'fake-indexeddb/auto';
import { NAMED_TRACES } from './sim-named';
import { defineSimSuite } from './sim-suite';

defineSimSuite(NAMED_TRACES);
