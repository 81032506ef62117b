import type { Command } from './commands';

/** CLI commands of the api area (merged into the command list by ./commands.ts). */
export const apiCommands: Record<string, Command> = {};
