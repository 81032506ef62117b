import type { Command } from './commands';

/** CLI commands of the delivery area (merged into the command list by ./commands.ts). */
export const deliveryCommands: Record<string, Command> = {};
