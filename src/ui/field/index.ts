export { InAppBrowserNotice } from './InAppBrowserNotice';
export { InstallGuide, InstallStatus } from './InstallGuide';
export { HighContrastToggle } from './HighContrastToggle';
export { VirtualList } from './VirtualList';
