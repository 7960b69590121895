// Stands in for a third-party wallet connector loaded from a CDN.
window.walletConnect = { version: '1.0.0' };
