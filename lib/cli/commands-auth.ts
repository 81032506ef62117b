import type { Command } from './commands';

/** CLI commands of the auth area (merged into the command list by ./commands.ts). */
export const authCommands: Record<string, Command> = {};
