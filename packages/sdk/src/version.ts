/**
 * The pack API version this SDK describes. A pack's manifest `engine` range is
 * checked against the runtime's copy of this value.
 */
export const PACK_API_VERSION = '1.0.0';
