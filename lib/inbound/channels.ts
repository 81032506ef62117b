/** LISTEN/NOTIFY channel that wakes the workers when webhook events are stored. */
export const INBOUND_CHANNEL = 'banditore_inbound';
