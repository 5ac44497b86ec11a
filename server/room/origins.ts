/** Origins of changes a room did not get from its own clients: they are stored, batched and passed on differently. */

/** Origin of updates and presence that came from other instances. */
export const FROM_PEERS = Symbol('peers');
/** Origin of updates read back from storage while the room is open (catching up). */
export const FROM_STORAGE = 'storage';
