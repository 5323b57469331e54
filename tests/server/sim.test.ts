// The server project has no setup file: fake-indexeddb must be in place before Dexie loads.
import 'fake-indexeddb/auto';
import { defineSimSuite } from './sim-suite';
import { NAMED_TRACES } from './sim-named';

defineSimSuite(0, NAMED_TRACES);
