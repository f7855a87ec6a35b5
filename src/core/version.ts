/**
 * The version of undead, the same as package.json's (a test holds them together). A constant
 * rather than a read of package.json, so that code running in a browser knows it too: snapshots
 * carry it, and a snapshot of another version is refused.
 */
export const VERSION = '0.1.0';
