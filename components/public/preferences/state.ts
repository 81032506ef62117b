/** What the preferences page's actions answer (app/(public)/preferenze/actions.ts). */
export type PreferencesState =
  | { status: 'idle'; seq: number }
  | { status: 'saved'; topics: string[]; zones: string[]; seq: number }
  | { status: 'left'; seq: number }
  | { status: 'expired'; seq: number }
  | { status: 'error'; message: string; seq: number; field?: 'confirm' };

export type PreferencesAction = (prev: PreferencesState, fd: FormData) => Promise<PreferencesState>;

export const PREFERENCES_IDLE: PreferencesState = { status: 'idle', seq: 0 };
