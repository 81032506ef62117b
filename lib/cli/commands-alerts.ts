import type { Command } from './commands';

/** CLI commands of the alerts area (merged into the command list by ./commands.ts). */
export const alertsCommands: Record<string, Command> = {};
