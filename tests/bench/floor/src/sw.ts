/// <reference lib="webworker" />
// The floor app's service worker is the app's own: same precaching, same navigation route.
import '../../../../src/sw';
