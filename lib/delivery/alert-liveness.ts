export interface LivenessDeps {
  /** Housekeeping (housekeeping.ts in the engine): the ids of the alerts still SENDING. */
  refresh(): Promise<string[]>;
  onError(error: unknown): void;
}

/**
 * Which alerts this worker may still send for. Housekeeping lists the alerts still SENDING every
 * tick, so a pause, a cancel or the end of an alert reaches every worker within one tick; a pause
 * that this worker's own results caused applies at once. An alert claimed from while a refresh was
 * running stays live past that refresh, whose answer may predate the claim.
 */
export class AlertLiveness {
  private readonly sending = new Set<string>();
  private readonly claimedDuringRefresh = new Set<string>();
  private refreshing: Promise<void> | null = null;

  constructor(private readonly deps: LivenessDeps) {}

  /** Deliveries of this alert were just claimed: it was SENDING at the claim. */
  claimed(alertId: string): void {
    this.sending.add(alertId);
    this.claimedDuringRefresh.add(alertId);
  }

  isSending(alertId: string): boolean {
    return this.sending.has(alertId);
  }

  /** The results just stored paused these alerts. */
  paused(alertIds: Iterable<string>): void {
    for (const id of alertIds) this.sending.delete(id);
  }

  /** Starts a refresh unless one is running (ticks never overlap). */
  refresh(): void {
    if (this.refreshing) return;
    this.claimedDuringRefresh.clear();
    this.refreshing = this.deps
      .refresh()
      .then((ids) => {
        this.sending.clear();
        for (const id of [...ids, ...this.claimedDuringRefresh]) this.sending.add(id);
      })
      .catch((e: unknown) => this.deps.onError(e))
      .finally(() => (this.refreshing = null));
  }

  /** Resolves when the running refresh (if any) is over. */
  async settled(): Promise<void> {
    await this.refreshing;
  }
}
