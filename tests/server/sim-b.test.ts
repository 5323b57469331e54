// The second half of the simulator's traces, in its own file so it runs on the other core.
import 'fake-indexeddb/auto';
import { defineSimSuite } from './sim-suite';

defineSimSuite(1);
